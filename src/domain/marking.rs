//! Protective markings across panels (issue 23): each panel marks its own papers
//! (MAGPan RESTRICTED, MARAC CONFIDENTIAL, MAPPA OFFICIAL-SENSITIVE, ...), and a list
//! drawn from several panels is marked with the highest of theirs. The order follows
//! the Government Security Classifications (OFFICIAL, OFFICIAL-SENSITIVE, SECRET, TOP
//! SECRET) with the older Protective Marking System's words placed beside them
//! (PROTECT with OFFICIAL, RESTRICTED with OFFICIAL-SENSITIVE, CONFIDENTIAL above
//! them). A marking this table does not know ranks as CONFIDENTIAL: never below a
//! known one that it might outrank.

/// How high `marking` ranks: 1 (OFFICIAL, PROTECT) to 5 (TOP SECRET); 3 for a
/// marking not in the table. Case and surrounding words are ignored
/// ("RESTRICTED - NOT FOR PUBLICATION" ranks as RESTRICTED).
pub fn rank(marking: &str) -> u8 {
    let m = marking.trim().to_ascii_uppercase();
    let starts =
        |w: &str| m == w || m.starts_with(&format!("{w} ")) || m.starts_with(&format!("{w}-"));
    if starts("TOP SECRET") {
        5
    } else if starts("SECRET") {
        4
    } else if starts("CONFIDENTIAL") {
        3
    } else if starts("OFFICIAL-SENSITIVE") || starts("OFFICIAL SENSITIVE") || starts("RESTRICTED") {
        2
    } else if starts("OFFICIAL") || starts("PROTECT") || starts("UNCLASSIFIED") {
        1
    } else {
        3
    }
}

/// The marking for a list drawn from papers marked `markings`: the highest-ranked;
/// several different words of that rank are joined ("OFFICIAL-SENSITIVE / RESTRICTED").
/// `None` when there are none.
pub fn highest<'a>(markings: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let all: Vec<&str> = markings.into_iter().map(str::trim).collect();
    let top = all.iter().map(|m| rank(m)).max()?;
    let mut words: Vec<&str> = all.into_iter().filter(|m| rank(m) == top).collect();
    words.sort_unstable();
    words.dedup();
    Some(words.join(" / "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markings_rank_as_the_classification_schemes_do() {
        assert!(rank("OFFICIAL") < rank("OFFICIAL-SENSITIVE"));
        assert_eq!(rank("OFFICIAL-SENSITIVE"), rank("RESTRICTED"));
        assert!(rank("RESTRICTED") < rank("CONFIDENTIAL"));
        assert!(rank("CONFIDENTIAL") < rank("SECRET"));
        assert_eq!(rank("restricted - NOT FOR PUBLICATION"), rank("RESTRICTED"));
        assert_eq!(
            rank("Panel eyes only"),
            rank("CONFIDENTIAL"),
            "unknown: not low"
        );
    }

    #[test]
    fn a_list_is_marked_with_the_highest() {
        assert_eq!(
            highest(["RESTRICTED", "CONFIDENTIAL", "OFFICIAL-SENSITIVE"]).as_deref(),
            Some("CONFIDENTIAL")
        );
        assert_eq!(
            highest(["RESTRICTED", "OFFICIAL-SENSITIVE", "RESTRICTED"]).as_deref(),
            Some("OFFICIAL-SENSITIVE / RESTRICTED")
        );
        assert_eq!(highest([]), None);
    }
}
