//! Making user text safe to show: control characters and terminal escape sequences
//! never reach the screen.

/// Text for the screen and the form fields: the shared cleaning
/// ([`crate::domain::clean::clean`]), then tabs as spaces, newlines dropped unless
/// `keep_newlines`, in NFC. Joiners (ZWJ, ZWNJ), variation selectors and other format
/// characters that belong to the words are kept: a Persian name keeps its ZWNJ and a
/// family emoji stays one family. Used on paste and on everything drawn.
pub fn clean(s: &str, keep_newlines: bool) -> String {
    use unicode_normalization::UnicodeNormalization;
    let out: String = crate::domain::clean::clean(s)
        .chars()
        .filter_map(|c| match c {
            '\n' if keep_newlines => Some('\n'),
            '\n' => None,
            '\t' => Some(' '),
            c => Some(c),
        })
        .collect();
    if unicode_normalization::is_nfc_quick(out.chars()) == unicode_normalization::IsNormalized::Yes
    {
        out
    } else {
        out.nfc().collect()
    }
}

/// Where the characters people see (extended grapheme clusters) start and end in a
/// line, by char column (the text area's unit).
pub mod grapheme {
    use unicode_segmentation::UnicodeSegmentation;

    /// The char columns at which each grapheme cluster of `line` starts, and its end.
    fn bounds(line: &str) -> Vec<usize> {
        let mut out = vec![];
        let mut at = 0;
        for g in line.graphemes(true) {
            out.push(at);
            at += g.chars().count();
        }
        out.push(at);
        out
    }

    /// The start of the cluster before char column `col` (0 at the start).
    pub fn before(line: &str, col: usize) -> usize {
        bounds(line)
            .into_iter()
            .rev()
            .find(|&b| b < col)
            .unwrap_or(0)
    }

    /// The end of the cluster at char column `col` (`col` at the end of the line).
    pub fn after(line: &str, col: usize) -> usize {
        bounds(line).into_iter().find(|&b| b > col).unwrap_or(col)
    }

    /// The start of the cluster holding char column `col`.
    pub fn snap(line: &str, col: usize) -> usize {
        bounds(line)
            .into_iter()
            .rev()
            .find(|&b| b <= col)
            .unwrap_or(0)
    }

    /// The start of the word before `col`: back over spaces, then over the word.
    pub fn word_before(line: &str, col: usize) -> usize {
        let gs: Vec<(usize, bool)> = clusters(line);
        let mut i = gs.iter().rposition(|&(s, _)| s < col).map_or(0, |i| i + 1);
        while i > 0 && gs[i - 1].1 {
            i -= 1;
        }
        while i > 0 && !gs[i - 1].1 {
            i -= 1;
        }
        gs.get(i).map_or(0, |g| g.0)
    }

    /// The start of the next word after `col`: over the word, then over spaces.
    pub fn word_after(line: &str, col: usize) -> usize {
        let gs: Vec<(usize, bool)> = clusters(line);
        let end = line.chars().count();
        let mut i = gs.iter().position(|&(s, _)| s >= col).unwrap_or(gs.len());
        while i < gs.len() && !gs[i].1 {
            i += 1;
        }
        while i < gs.len() && gs[i].1 {
            i += 1;
        }
        gs.get(i).map_or(end, |g| g.0)
    }

    /// Each cluster's start column and whether it is white space.
    fn clusters(line: &str) -> Vec<(usize, bool)> {
        let mut at = 0;
        line.graphemes(true)
            .map(|g| {
                let s = at;
                at += g.chars().count();
                (s, g.chars().all(char::is_whitespace))
            })
            .collect()
    }
}

/// Break `text` at spaces into lines: the first at most `first` characters wide, the
/// rest at most `rest` (a word longer than that stands on a line of its own).
pub fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        let room = if out.is_empty() { first } else { rest };
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// An agenda line wrapped under itself: `prefix` (a mark and an item number, kept as
/// it is, spaces included, so the marks stay in one column) then `text` broken at
/// spaces into lines of at most `width` characters, the later ones indented by four
/// spaces (issue 25: the room's agenda lost its indent; the sidebar's marks moved).
pub fn wrap_hanging(prefix: &str, text: &str, width: usize) -> Vec<String> {
    const INDENT: &str = "    ";
    let first = width.saturating_sub(prefix.chars().count());
    let mut lines = wrap(text, first, width.saturating_sub(INDENT.len()));
    for (n, l) in lines.iter_mut().enumerate() {
        *l = if n == 0 {
            format!("{prefix}{l}")
        } else {
            format!("{INDENT}{l}")
        };
    }
    lines
}

/// One line for lists: newlines become spaces.
pub fn one_line(s: &str) -> String {
    clean(&s.replace(['\n', '\r'], " "), false)
}

/// Initials for the shared screen: "Jayden Ashgrove" -> "J.A.".
pub fn initials(name: &str) -> String {
    let mut out = String::new();
    for part in name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|p| !p.is_empty())
    {
        if let Some(c) = part.chars().find(|c| c.is_alphanumeric()) {
            out.extend(c.to_uppercase());
            out.push('.');
        }
    }
    if out.is_empty() {
        "?".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_and_controls_removed() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b", true), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y", true), "xy");
        assert_eq!(clean("bell\u{7}\u{8}", true), "bell");
        assert_eq!(clean("l1\r\nl2\rl3", true), "l1\nl2\nl3");
        assert_eq!(clean("l1\nl2", false), "l1l2");
        assert_eq!(clean("\u{202e}evil", true), "evil");
        assert_eq!(clean("emoji 🙂 and عربي", true), "emoji 🙂 and عربي");
        assert_eq!(
            clean("👩\u{200d}⚕\u{fe0f} nurse", true),
            "👩\u{200d}⚕\u{fe0f} nurse",
            "joiners and selectors belong to the text"
        );
        assert_eq!(clean("Mehr\u{200c}nush", false), "Mehr\u{200c}nush");
        assert_eq!(clean("Zoe\u{308}", false), "Zo\u{eb}", "NFC");
    }

    #[test]
    fn wrap_breaks_at_spaces_with_a_narrower_rest() {
        assert_eq!(
            wrap("one two three four", 8, 8),
            ["one two", "three", "four"]
        );
        assert_eq!(wrap("one two three", 7, 5), ["one two", "three"]);
        assert_eq!(wrap("", 5, 5), [""]);
    }

    #[test]
    fn clusters_are_whole_letters_flags_and_families() {
        let zoe = "Zoe\u{308} b";
        assert_eq!(
            grapheme::before(zoe, 4),
            2,
            "the e and its diaeresis are one"
        );
        assert_eq!(grapheme::after(zoe, 2), 4);
        assert_eq!(grapheme::snap(zoe, 3), 2);
        let flag = "a🇬🇧";
        assert_eq!(
            grapheme::before(flag, 3),
            1,
            "a flag is two code points, one character"
        );
        let family = "👩\u{200d}👩\u{200d}👧";
        assert_eq!(grapheme::before(family, 5), 0);
        assert_eq!(grapheme::word_before("one two  ", 9), 4);
        assert_eq!(grapheme::word_after("one two", 0), 4);
        assert_eq!(grapheme::word_after("one two", 4), 7);
    }

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Jayden Ashgrove"), "J.A.");
        assert_eq!(initials("Amara Redfearn-Diallo"), "A.R.D.");
        assert_eq!(initials(""), "?");
    }

    #[test]
    fn a_hanging_wrap_keeps_the_marks_in_one_column() {
        // Issue 25: "  4 Police ..." lost its leading spaces when wrapped, so the marks
        // shifted; wrapped parts stand under the title, not under the number.
        let lines = wrap_hanging("  4 ", "Police intelligence on serious youth violence", 24);
        assert_eq!(
            lines,
            [
                "  4 Police intelligence",
                "    on serious youth",
                "    violence"
            ]
        );
        assert_eq!(wrap_hanging("▶ 12 ", "Reviews", 24), ["▶ 12 Reviews"]);
    }
}
