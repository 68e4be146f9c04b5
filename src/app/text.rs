//! Making user text safe to show: control characters and terminal escape sequences
//! never reach the screen.

/// Text for the screen and the form fields: the shared cleaning
/// ([`crate::domain::clean::clean`]), then tabs as spaces, newlines dropped unless
/// `keep_newlines`, and the [`invisible`] layout characters dropped. Used on paste
/// and on everything drawn.
pub fn clean(s: &str, keep_newlines: bool) -> String {
    crate::domain::clean::clean(s)
        .chars()
        .filter_map(|c| match c {
            '\n' if keep_newlines => Some('\n'),
            '\n' => None,
            '\t' => Some(' '),
            c if invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Characters with no width of their own whose effect terminals disagree on: bidi
/// overrides and isolates (could reorder the rest of the line), joiners and emoji
/// variation selectors (a joined emoji is one glyph on some terminals, several on
/// others, which shifts the rest of the line). Dropping them keeps every cell where
/// the screen thinks it is; the letters and emoji themselves are kept.
pub fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{fe0e}' | '\u{fe0f}' | '\u{061c}' | '\u{feff}')
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
            "👩⚕ nurse",
            "joiners and selectors dropped"
        );
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
    fn initials_of_names() {
        assert_eq!(initials("Jayden Ashgrove"), "J.A.");
        assert_eq!(initials("Amara Redfearn-Diallo"), "A.R.D.");
        assert_eq!(initials(""), "?");
    }
}
