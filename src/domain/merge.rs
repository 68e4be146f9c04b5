//! Joining two people's edits to the same text, so that neither's words are lost.
//!
//! Each terminal remembers the stored text its editor started from (the *base*). When it
//! saves and finds the stored text changed by someone else (*theirs*), its own text
//! (*ours*) is joined with theirs three ways:
//! - edits to different parts of the text are both kept, in place;
//! - text added at the same place by both is kept, theirs first (it was saved first);
//!   when one addition begins with the other (a later state of the same typing), the
//!   longer is kept once;
//! - edits that overlap cannot be placed: theirs is kept and ours is added after it,
//!   visibly marked, and the person is told. Deleted text is the only thing that may
//!   come back; typed words never go.

/// The result of joining two edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merge {
    /// One text holds both edits in place.
    Clean(String),
    /// The edits overlapped: theirs, then ours marked with [`CONFLICT_MARK`].
    Both(String),
}

impl Merge {
    pub fn text(&self) -> &str {
        match self {
            Merge::Clean(s) | Merge::Both(s) => s,
        }
    }
}

/// Put before our words when they could not be placed within theirs.
pub const CONFLICT_MARK: &str = "[typed at the same time in another terminal:]";

/// The edited region of `base`: chars `start..base_end` of base became chars
/// `start..new_end` of the new text.
struct EditedRegion {
    start: usize,
    base_end: usize,
    inserted: Vec<char>,
}

fn edit(base: &[char], new: &[char]) -> EditedRegion {
    let prefix = base.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suffix = base.len().min(new.len()) - prefix;
    let suffix = base
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    EditedRegion {
        start: prefix,
        base_end: base.len() - suffix,
        inserted: new[prefix..new.len() - suffix].to_vec(),
    }
}

/// Join `ours` and `theirs`, both edited from `base`.
pub fn merge3(base: &str, ours: &str, theirs: &str) -> Merge {
    if ours == theirs || theirs == base {
        return Merge::Clean(ours.to_string());
    }
    if ours == base {
        return Merge::Clean(theirs.to_string());
    }
    let b: Vec<char> = base.chars().collect();
    let o: Vec<char> = ours.chars().collect();
    let t: Vec<char> = theirs.chars().collect();
    let eo = edit(&b, &o);
    let et = edit(&b, &t);
    let both_insert_here =
        eo.start == eo.base_end && et.start == et.base_end && eo.start == et.start;
    if both_insert_here {
        if eo.inserted.starts_with(&et.inserted) {
            return Merge::Clean(ours.to_string());
        }
        if et.inserted.starts_with(&eo.inserted) {
            return Merge::Clean(theirs.to_string());
        }
        let mut out: Vec<char> = b[..eo.start].to_vec();
        out.extend(&et.inserted);
        let needs_gap = !et.inserted.last().is_some_and(|c| c.is_whitespace())
            && !eo.inserted.first().is_some_and(|c| c.is_whitespace());
        if needs_gap {
            out.push(' ');
        }
        out.extend(&eo.inserted);
        out.extend(&b[eo.start..]);
        return Merge::Clean(out.into_iter().collect());
    }
    let (first, second) = if eo.base_end <= et.start {
        (&eo, &et)
    } else if et.base_end <= eo.start {
        (&et, &eo)
    } else {
        // Overlapping edits: keep theirs, add our new words after it, marked.
        let ours_new: String = eo.inserted.iter().collect();
        let mut out = theirs.to_string();
        if !ours_new.trim().is_empty() {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(CONFLICT_MARK);
            out.push(' ');
            out.push_str(ours_new.trim());
        }
        return Merge::Both(out);
    };
    let mut out: Vec<char> = b[..first.start].to_vec();
    out.extend(&first.inserted);
    out.extend(&b[first.base_end..second.start]);
    out.extend(&second.inserted);
    out.extend(&b[second.base_end..]);
    Merge::Clean(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_side_changed_takes_that_side() {
        assert_eq!(merge3("a", "a b", "a"), Merge::Clean("a b".into()));
        assert_eq!(merge3("a", "a", "a c"), Merge::Clean("a c".into()));
        assert_eq!(merge3("a", "x", "x"), Merge::Clean("x".into()));
    }

    #[test]
    fn edits_in_different_places_are_both_kept() {
        let base = "Attended school. Seen by YOS.";
        let ours = "Attended school twice. Seen by YOS.";
        let theirs = "Attended school. Seen by YOS on Monday.";
        assert_eq!(
            merge3(base, ours, theirs),
            Merge::Clean("Attended school twice. Seen by YOS on Monday.".into())
        );
        assert_eq!(
            merge3(base, theirs, ours),
            Merge::Clean("Attended school twice. Seen by YOS on Monday.".into())
        );
    }

    #[test]
    fn both_appending_keeps_both_theirs_first() {
        let m = merge3("v0", "v0 AAA", "v0 BBB");
        assert_eq!(m, Merge::Clean("v0 BBB AAA".into()));
    }

    #[test]
    fn a_later_state_of_the_same_typing_is_kept_once() {
        assert_eq!(
            merge3("v0", "v0 AAA BBB", "v0 AAA"),
            Merge::Clean("v0 AAA BBB".into())
        );
        assert_eq!(
            merge3("v0", "v0 AAA", "v0 AAA BBB"),
            Merge::Clean("v0 AAA BBB".into())
        );
    }

    #[test]
    fn overlapping_edits_keep_every_typed_word_visibly() {
        let m = merge3("risk is low", "risk is medium", "risk was high");
        let Merge::Both(text) = m else {
            panic!("overlap must be reported")
        };
        assert!(text.starts_with("risk was high"));
        assert!(text.contains(CONFLICT_MARK));
        assert!(text.contains("medium"));
    }

    #[test]
    fn works_on_characters_not_bytes() {
        assert_eq!(
            merge3("Siân", "Siân Ó", "Dr Siân"),
            Merge::Clean("Dr Siân Ó".into())
        );
    }
}
