//! Making user text safe to show: control characters and terminal escape sequences
//! never reach the screen.

/// Text for the screen: the shared cleaning ([`crate::domain::clean::clean`]), then
/// tabs shown as the spaces to their tab stop ([`crate::kit::expand_tabs`]), newlines
/// dropped unless `keep_newlines`, in NFC. (What goes into an editor is [`typed`]:
/// nothing there is changed without a word.) Joiners (ZWJ, ZWNJ), variation selectors and other format
/// characters that belong to the words are kept: a Persian name keeps its ZWNJ and a
/// family emoji stays one family. Used on paste and on everything drawn.
pub fn clean(s: &str, keep_newlines: bool) -> String {
    use unicode_normalization::UnicodeNormalization;
    let out: String = crate::kit::expand_tabs(&crate::domain::clean::clean(s))
        .chars()
        .filter(|&c| keep_newlines || c != '\n')
        .collect();
    if unicode_normalization::is_nfc_quick(out.chars()) == unicode_normalization::IsNormalized::Yes
    {
        out
    } else {
        out.nfc().collect()
    }
}

/// What [`typed`] changed in text for an editor, to be said (never silently).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    /// Tabs became spaces (a one-line field).
    pub tabs: bool,
    /// Line breaks became spaces (a one-line field).
    pub breaks: bool,
    /// Control characters or escape sequences were left out.
    pub controls: bool,
}

impl Changed {
    /// The change in one line, for the status line; `None` when nothing changed.
    pub fn words(self, field: &str) -> Option<String> {
        let mut parts = vec![];
        match (self.tabs, self.breaks) {
            (true, true) => parts.push("its tabs and line breaks became spaces"),
            (true, false) => parts.push("its tabs became spaces"),
            (false, true) => parts.push("its line breaks became spaces"),
            (false, false) => {}
        }
        if self.controls {
            parts.push("control characters were left out");
        }
        if parts.is_empty() {
            return None;
        }
        let why = if self.tabs || self.breaks {
            " (a one-line field)"
        } else {
            ""
        };
        Some(format!(
            "Pasted into {}: {}{why}",
            one_line(field),
            parts.join("; ")
        ))
    }
}

/// Text for an editor (pasted, or stored text put into a field): the shared cleaning,
/// in NFC. Multi-line text (minutes, notes) keeps its tabs and line breaks; a
/// one-line field takes each as a space, and the change is returned to be said.
pub fn typed(s: &str, multiline: bool) -> (String, Changed) {
    use unicode_normalization::UnicodeNormalization;
    let cleaned = crate::domain::clean::clean(s);
    let mut changed = Changed {
        // What the cleaning dropped, other than a carriage return before a line break.
        controls: cleaned.chars().count() < s.replace("\r\n", "\n").chars().count(),
        ..Changed::default()
    };
    let out: String = cleaned
        .chars()
        .map(|c| match c {
            '\t' if !multiline => {
                changed.tabs = true;
                ' '
            }
            '\n' if !multiline => {
                changed.breaks = true;
                ' '
            }
            c => c,
        })
        .collect();
    let out = if unicode_normalization::is_nfc_quick(out.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        out
    } else {
        out.nfc().collect()
    };
    (out, changed)
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

/// A row of text wrapped to a width ([`word_rows`]), with the number of the first word
/// on it, counted over the whole text from 0 (an empty row: the next word's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub word: u32,
}

/// `text` in rows of at most `width` characters: each line broken at spaces as
/// [`wrap`] does, its leading spaces kept on every row it makes (a list stays
/// indented), an empty line an empty row. Each row knows its first word, so two
/// screens of different widths that start at the row holding the same word
/// ([`row_of_word`]) show the same words at the top: how the room's screen scrolls
/// with the editor's through the confidentiality statement (issue 25).
pub fn word_rows(text: &str, width: usize) -> Vec<Row> {
    let mut rows = vec![];
    let mut word = 0u32;
    for line in text.lines() {
        let body = line.trim_start();
        if body.trim().is_empty() {
            rows.push(Row {
                text: String::new(),
                word,
            });
            continue;
        }
        let indent = " ".repeat((line.chars().count() - body.chars().count()).min(width / 2));
        let room = width.saturating_sub(indent.len()).max(1);
        for part in wrap(body, room, room) {
            let n = part.split_whitespace().count();
            rows.push(Row {
                text: format!("{indent}{part}"),
                word,
            });
            word += u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
    rows
}

/// The row holding word `word` (the first row when there are none).
pub fn row_of_word(rows: &[Row], word: u32) -> usize {
    rows.iter()
        .rposition(|r| r.word <= word && !r.text.is_empty())
        .unwrap_or(0)
}

/// The word at the top after scrolling one row down (`down`) or up from the row
/// holding `word`, over empty rows, never past `max_top` (the last row that may be at
/// the top: below it the screen would not be full). Unchanged at either end.
pub fn scroll_word(rows: &[Row], word: u32, down: bool, max_top: usize) -> u32 {
    let top = row_of_word(rows, word);
    let found = if down {
        (top + 1..rows.len().min(max_top + 1)).find(|&t| !rows[t].text.is_empty())
    } else {
        (0..top).rev().find(|&t| !rows[t].text.is_empty())
    };
    found.map_or(word, |t| rows[t].word)
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

    #[test]
    fn two_widths_show_the_same_words_at_the_top() {
        let text = "One two three four five six.\n\n  a) seven eight nine ten\nEleven";
        let narrow = word_rows(text, 12);
        assert_eq!(
            narrow,
            [
                Row {
                    text: "One two".into(),
                    word: 0
                },
                Row {
                    text: "three four".into(),
                    word: 2
                },
                Row {
                    text: "five six.".into(),
                    word: 4
                },
                Row {
                    text: "".into(),
                    word: 6
                },
                Row {
                    text: "  a) seven".into(),
                    word: 6
                },
                Row {
                    text: "  eight nine".into(),
                    word: 8
                },
                Row {
                    text: "  ten".into(),
                    word: 10
                },
                Row {
                    text: "Eleven".into(),
                    word: 11
                },
            ]
        );
        let wide = word_rows(text, 40);
        assert_eq!(wide[0].text, "One two three four five six.");
        assert_eq!(wide[2].text, "  a) seven eight nine ten");
        // The narrow screen scrolled to "eight": the wide one starts at the row that
        // holds it, never at the empty row.
        let w = narrow[row_of_word(&narrow, 8)].word;
        assert_eq!(w, 8);
        assert_eq!(
            wide[row_of_word(&wide, w)].text,
            "  a) seven eight nine ten"
        );
        assert_eq!(
            row_of_word(&wide, 6),
            2,
            "the empty row is not a place to stop"
        );
        // One row at a time, over the empty row, and no further than the last top row.
        assert_eq!(scroll_word(&narrow, 0, true, 7), 2);
        assert_eq!(scroll_word(&narrow, 4, true, 7), 6);
        assert_eq!(scroll_word(&narrow, 6, false, 7), 4);
        assert_eq!(scroll_word(&narrow, 0, false, 7), 0);
        assert_eq!(scroll_word(&narrow, 10, true, 6), 10, "the last top row");
        assert_eq!(scroll_word(&narrow, 10, true, 7), 11);
    }
}
