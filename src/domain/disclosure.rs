//! Small numbers in the monitoring return (section 12 reports to the Partnership
//! Delivery Board): a count below the panel's threshold (default 5) can identify a
//! person, so it is shown as "<5"; and where a group of counts adds up to a total
//! that is shown, a second count is suppressed beside a lone one so the total
//! minus the others cannot give it away (secondary suppression). Zero is shown.

use serde::{Serialize, Serializer};

/// A count as published: the number, or suppressed below the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Shown as it is.
    Exact(usize),
    /// Withheld: shown as `<threshold`.
    Suppressed { threshold: u32 },
}

impl Shown {
    /// The number, if shown.
    pub fn exact(self) -> Option<usize> {
        match self {
            Shown::Exact(n) => Some(n),
            Shown::Suppressed { .. } => None,
        }
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shown::Exact(n) => write!(f, "{n}"),
            Shown::Suppressed { threshold } => write!(f, "<{threshold}"),
        }
    }
}

/// JSON: a number, or the string `"<5"`.
impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Exact(n) => s.serialize_u64(*n as u64),
            Shown::Suppressed { .. } => s.serialize_str(&self.to_string()),
        }
    }
}

/// Whether `n` is a small number: one to `threshold - 1` (zero is shown).
fn small(n: usize, threshold: u32) -> bool {
    n > 0 && (n as u64) < u64::from(threshold)
}

/// One count on its own (no total it is part of is published).
pub fn single(n: usize, threshold: u32) -> Shown {
    if small(n, threshold) {
        Shown::Suppressed { threshold }
    } else {
        Shown::Exact(n)
    }
}

/// A group of counts that adds up to `total` (when the total is published, give
/// it). Small counts are suppressed; if that leaves exactly one suppressed while
/// the total is shown, the smallest other non-zero count is suppressed too, and
/// if there is none the total is. Returns the counts in order and the total.
pub fn group(
    counts: &[usize],
    total: Option<usize>,
    threshold: u32,
) -> (Vec<Shown>, Option<Shown>) {
    let mut out: Vec<Shown> = counts.iter().map(|n| single(*n, threshold)).collect();
    let mut total_shown = total.map(|t| single(t, threshold));
    let hidden = out.iter().filter(|s| s.exact().is_none()).count();
    if hidden == 1 && matches!(total_shown, Some(Shown::Exact(_))) {
        let next = out
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.exact().filter(|n| *n > 0).map(|n| (n, i)))
            .min();
        match next {
            Some((_, i)) => out[i] = Shown::Suppressed { threshold },
            None => total_shown = Some(Shown::Suppressed { threshold }),
        }
    }
    (out, total_shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Shown = Shown::Suppressed { threshold: 5 };
    fn e(n: usize) -> Shown {
        Shown::Exact(n)
    }

    #[test]
    fn small_counts_show_as_less_than_the_threshold_and_zero_is_shown() {
        assert_eq!(single(0, 5), e(0));
        assert_eq!(single(1, 5), S);
        assert_eq!(single(4, 5), S);
        assert_eq!(single(5, 5), e(5));
        assert_eq!(S.to_string(), "<5");
        assert_eq!(
            serde_json::to_string(&[S, e(7)]).ok().as_deref(),
            Some(r#"["<5",7]"#)
        );
        assert_eq!(single(3, 0), e(3), "threshold 0: nothing suppressed");
    }

    #[test]
    fn a_lone_small_count_takes_the_next_smallest_with_it() {
        // 20 = 12 + 6 + 2: the 2 alone would be 20 - 12 - 6.
        let (c, t) = group(&[12, 6, 2], Some(20), 5);
        assert_eq!(c, vec![e(12), S, S]);
        assert_eq!(t, Some(e(20)));
        // Two small ones already hide each other.
        let (c, _) = group(&[12, 3, 2, 0], Some(17), 5);
        assert_eq!(c, vec![e(12), S, S, e(0)]);
        // No other count to hide: the total goes instead.
        let (c, t) = group(&[0, 3, 0], Some(3), 5);
        assert_eq!(c, vec![e(0), S, e(0)]);
        assert_eq!(t, Some(S));
        let (c, t) = group(&[9, 3], Some(12), 5);
        assert_eq!((c, t), (vec![S, S], Some(e(12))));
        // No total published: nothing to work back from.
        let (c, t) = group(&[12, 6, 2], None, 5);
        assert_eq!((c, t), (vec![e(12), e(6), S], None));
    }

    #[test]
    fn no_suppressed_count_can_be_worked_out_from_the_total() {
        // Every group of up to four counts below 12: a lone hidden count never stays
        // alone beside a shown total.
        for a in 0..12usize {
            for b in 0..12usize {
                for c in 0..12usize {
                    let counts = [a, b, c];
                    let (shown, total) = group(&counts, Some(a + b + c), 5);
                    let hidden = shown.iter().filter(|s| s.exact().is_none()).count();
                    if total.and_then(Shown::exact).is_some() {
                        assert_ne!(hidden, 1, "{counts:?} -> {shown:?}");
                    }
                    for (n, s) in counts.iter().zip(&shown) {
                        if small(*n, 5) {
                            assert_eq!(s.exact(), None, "{counts:?}");
                        }
                    }
                }
            }
        }
    }
}
