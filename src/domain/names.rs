//! Matching people's names, so that a person referred again is linked to the subject
//! the panel already knows, and never silently entered twice.
//!
//! Every comparison of names goes through [`fold`]: the way a name is written
//! (composed or decomposed, capitals, accents, joiners) never makes two people of one.

use unicode_normalization::UnicodeNormalization;

/// Is `c` an accent: a mark in the combining diacritical blocks (U+0300–U+036F,
/// U+1AB0–U+1AFF, U+1DC0–U+1DFF, U+20D0–U+20FF, U+FE20–U+FE2F)? The vowel signs and
/// points of Arabic, Hebrew and the Indic scripts are not: they are letters' parts.
fn is_accent(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36f}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}')
}

/// Letters with no decomposition that people write without their stroke or as two
/// letters (`Søren` as `Soren`, `Strauß` as `Strauss`, `Yıldız` as `Yildiz`).
fn plain_letters(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ħ' | 'Ħ' => "h",
        'ı' => "i",
        'þ' | 'Þ' => "th",
        _ => return None,
    })
}

/// `s` as matched (issue 18): decomposed (NFD), accents dropped, lower case, the
/// zero-width joiner and non-joiner, soft hyphen and other invisible joiners
/// (U+00AD, U+200B–U+200D, U+2060, U+FEFF) dropped, and composed again (NFC). So
/// "Zoë" (composed or not), "ZOË", "zoe" and "Zoe" all fold to "zoe", and
/// "Mehr\u{200c}nush" to "mehrnush". Spacing is kept as it is ([`name_key`] makes one
/// space of each run). Only for matching: the name is stored and shown as written.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_accent(c)
            || matches!(
                c,
                '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
            )
        {
            continue;
        }
        match plain_letters(c) {
            Some(p) => out.push_str(p),
            None => out.extend(c.to_lowercase().filter(|l| !is_accent(*l))),
        }
    }
    out.nfc().collect()
}

/// A name as compared: [`fold`]ed, trimmed, runs of spaces made one.
pub fn name_key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn one_person_however_the_name_is_written() {
        // Issue 18: composed, decomposed, capitals, no accent.
        for n in [
            "Zo\u{eb} Marchbank",
            "Zoe\u{308} Marchbank",
            "ZO\u{cb} MARCHBANK",
            "zoe marchbank",
        ] {
            assert_eq!(name_key(n), "zoe marchbank", "{n:?}");
            assert!(same_name(n, "Zoë  Marchbank"), "{n:?}");
        }
        assert_eq!(fold("Mehr\u{200c}nush"), "mehrnush");
        assert_eq!(fold("S\u{f8}ren Strau\u{df}"), "soren strauss");
        assert_eq!(fold("\u{130}lkay Y\u{131}ld\u{131}z"), "ilkay yildiz");
        // Arabic vowel marks and Devanagari signs are part of the letters: kept.
        assert_eq!(
            fold("\u{645}\u{64f}\u{646}\u{64e}\u{649}"),
            "\u{645}\u{64f}\u{646}\u{64e}\u{649}"
        );
        assert_eq!(
            fold("\u{915}\u{93f}\u{930}\u{923}"),
            "\u{915}\u{93f}\u{930}\u{923}"
        );
        assert!(!same_name("Zoë Marchbank", "Zoey Marchbank"));
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
