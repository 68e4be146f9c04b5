//! Matching people's names, so that a person referred again is linked to the subject
//! the panel already knows, and never silently entered twice.

/// A name as compared: trimmed, lower case, runs of spaces made one.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The same name, ignoring case and spacing.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    !a.is_empty() && a == b
}

fn words(key: &str) -> Vec<String> {
    key.split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Names close enough that they may be the same person: the same words in another
/// order, one name's words all within the other's (a middle name added or left out),
/// the same surname with the same first initial, or a spelling a letter or two apart.
pub fn similar_names(a: &str, b: &str) -> bool {
    let (ka, kb) = (name_key(a), name_key(b));
    if ka.is_empty() || kb.is_empty() {
        return false;
    }
    if ka == kb {
        return true;
    }
    let (wa, wb) = (words(&ka), words(&kb));
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let mut sa = wa.clone();
    let mut sb = wb.clone();
    sa.sort();
    sb.sort();
    if sa == sb {
        return true;
    }
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if short.len() >= 2 && short.iter().all(|w| long.contains(w)) {
        return true;
    }
    let (fa, fb) = (&wa[0], &wb[0]);
    if wa.len() >= 2
        && wb.len() >= 2
        && wa.last() == wb.last()
        && fa.chars().next() == fb.chars().next()
    {
        return true;
    }
    let limit = if ka.chars().count().min(kb.chars().count()) >= 8 {
        2
    } else {
        1
    };
    edit_distance(&ka, &kb) <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_ignores_case_and_spaces() {
        assert!(same_name("  Tariq  Vellacott ", "tariq vellacott"));
        assert!(!same_name("Tariq Vellacott", "Tariq Velacott"));
        assert!(!same_name("", ""));
    }

    #[test]
    fn similar_names_catch_likely_same_person() {
        assert!(
            similar_names("Tariq Vellacott", "Tariq Velacott"),
            "a letter"
        );
        assert!(similar_names("Vellacott Tariq", "Tariq Vellacott"), "order");
        assert!(
            similar_names("Tariq J Vellacott", "Tariq Vellacott"),
            "middle"
        );
        assert!(similar_names("T Vellacott", "Tariq Vellacott"), "initial");
        assert!(
            similar_names("Mia Oduya-Grant", "Mia Oduya Grant"),
            "hyphen"
        );
    }

    #[test]
    fn different_people_are_not_similar() {
        assert!(!similar_names("Tariq Vellacott", "Bea Hollins"));
        assert!(
            !similar_names("Tariq Vellacott", "Sam Vellacott"),
            "sibling"
        );
        assert!(!similar_names("Ann Lee", "Ian Lea"));
    }

    #[test]
    fn edit_distance_counts_single_changes() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
