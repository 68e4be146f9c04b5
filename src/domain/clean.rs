//! The one cleaning of people's text, at the door both ways: every text that comes in
//! (command-line arguments, referral, members and panel files, pasted and typed text)
//! and every text that goes out (command replies, tables, JSON, errors, the screen)
//! passes through [`clean`], so no terminal control sequence, control character or
//! direction override is stored or shown.
//!
//! Removed: whole ANSI escape sequences (CSI, OSC, DCS, APC, PM, SOS, two-byte ESC and
//! their C1 forms), C0 controls other than newline and tab, DEL, C1 controls, and the
//! Unicode direction marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
//! U+202A–U+202E, U+2066–U+2069) that can make text read differently from what it is.
//! A carriage return before a newline is dropped (CRLF becomes LF); a lone one becomes
//! a newline, so it cannot return to the start of a line and overwrite it.
//!
//! Text is then put in one Unicode form, NFC (composed: "e" + U+0308 becomes "ë"), so
//! a name typed on one keyboard and pasted from another is the same text, stored and
//! compared as one. Every other character is kept as written: the zero-width joiner
//! (U+200D, in emoji sequences and Indic scripts) and non-joiner (U+200C, in Persian
//! and other scripts), variation selectors and other format characters that belong
//! to the text.

/// Is `c` removed by [`clean`] wherever it stands (outside an escape sequence)?
/// True for controls other than `\n` and `\t` and for the direction characters.
pub fn is_unsafe_char(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Does `s` need cleaning (holds a character [`clean`] would remove or change, or is
/// not in NFC)?
pub fn needs_cleaning(s: &str) -> bool {
    if is_safe_ascii(s) {
        return false;
    }
    s.chars().any(is_unsafe_char) || !unicode_normalization::is_nfc(s)
}

/// Printable ASCII, newlines and tabs only: nothing [`clean`] removes, and already in
/// NFC (ASCII is), so `clean` returns it as it is. Most stored text is this; a byte
/// test is far cheaper than the character and normalization checks (issue 24).
fn is_safe_ascii(s: &str) -> bool {
    // Every byte looked at, without stopping at the first bad one: the compiler makes
    // this a few wide comparisons (most text is safe, so there is nothing to stop for).
    !s.bytes().fold(false, |bad, b| {
        bad | (!(b' '..=b'~').contains(&b) & (b != b'\n') & (b != b'\t'))
    })
}

/// `s` with terminal controls, escape sequences and direction overrides removed, in
/// NFC (see the module documentation); newlines, tabs and joiners are kept.
pub fn clean(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if is_safe_ascii(s) {
        return s.to_string();
    }
    if !s.chars().any(is_unsafe_char) {
        return if unicode_normalization::is_nfc(s) {
            s.to_string()
        } else {
            s.nfc().collect()
        };
    }
    let out = strip(s);
    if unicode_normalization::is_nfc(&out) {
        out
    } else {
        out.nfc().collect()
    }
}

/// `s` without its escape sequences and unsafe characters.
fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek() {
                // CSI: ESC [ parameters... final byte 0x40-0x7E.
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                // OSC / DCS / APC / PM / SOS: up to BEL or ST (ESC \).
                Some(']' | 'P' | '_' | '^' | 'X') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                // Two-byte escape (ESC followed by one char 0x20-0x7E).
                Some(n) if (' '..='~').contains(n) => {
                    chars.next();
                }
                _ => {}
            },
            // C1 CSI and string introducers.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{9d}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_string(&mut chars),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for n in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&n) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(n) = chars.next() {
        if n == '\u{7}' || n == '\u{9c}' {
            break;
        }
        if n == '\u{1b}' && chars.peek() == Some(&'\\') {
            chars.next();
            break;
        }
    }
}

/// [`clean`], then every run of whitespace (newlines and tabs included) as one
/// space, trimmed: one line, for table cells, lists and messages.
pub fn one_line(s: &str) -> String {
    let c = clean(s);
    let mut out = String::with_capacity(c.len());
    let mut last_space = false;
    for ch in c.trim().chars() {
        if ch.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(ch);
            last_space = false;
        }
    }
    out
}

/// Text leaving the program for a terminal or a pipe: [`clean`] line by line, keeping
/// each line's ending as written (CRLF for CSV and calendars, LF elsewhere).
pub fn clean_output(s: &str) -> String {
    if !needs_cleaning(&s.replace("\r\n", "\n")) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for piece in s.split_inclusive('\n') {
        let (body, end) = match piece.strip_suffix("\r\n") {
            Some(b) => (b, "\r\n"),
            None => match piece.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (piece, ""),
            },
        };
        out.push_str(&clean(body));
        out.push_str(end);
    }
    out
}

/// Clean every string in a JSON value in place (keys included): a file read as JSON
/// or TOML is cleaned whole before its fields are read.
pub fn clean_json(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) if needs_cleaning(s) => *s = clean(s),
        Value::Array(a) => a.iter_mut().for_each(clean_json),
        Value::Object(m) => {
            let dirty = m.keys().any(|k| needs_cleaning(k));
            if dirty {
                let old = std::mem::take(m);
                for (k, mut x) in old {
                    clean_json(&mut x);
                    m.insert(clean(&k), x);
                }
            } else {
                m.values_mut().for_each(clean_json);
            }
        }
        _ => {}
    }
}

/// Clean every string in a TOML value in place (keys are left: a key is checked
/// against the known ones, and an unknown one is refused).
pub fn clean_toml(v: &mut toml::Value) {
    use toml::Value;
    match v {
        Value::String(s) if needs_cleaning(s) => *s = clean(s),
        Value::Array(a) => a.iter_mut().for_each(clean_toml),
        Value::Table(t) => t.iter_mut().for_each(|(_, x)| clean_toml(x)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_direction_overrides_removed() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(
            clean("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
        assert_eq!(
            clean("bell\u{7} nul\u{0} del\u{7f} c1\u{85}"),
            "bell nul del c1"
        );
        assert_eq!(clean("\u{9b}2Jcleared"), "cleared");
        assert_eq!(clean("\u{1b}P1$r\u{1b}\\dcs"), "dcs");
        assert_eq!(clean("line1\r\nline2\tx"), "line1\nline2\tx");
        assert_eq!(clean("over\rwrite"), "over\nwrite");
        assert_eq!(clean("abc\u{202e}fed\u{2066}x\u{2069}\u{200f}"), "abcfedx");
        assert_eq!(
            clean("Zoë Ōkafor-Smith عربي 🙂"),
            "Zoë Ōkafor-Smith عربي 🙂"
        );
        assert_eq!(clean("trailing\u{1b}"), "trailing");
        assert_eq!(one_line(" two\nlines\t and\r\nmore "), "two lines and more");
    }

    #[test]
    fn one_form_nfc_with_joiners_kept() {
        // Issue 18: decomposed text is composed; a control inside it goes as before.
        assert_eq!(clean("Zoe\u{308}"), "Zo\u{eb}");
        assert_eq!(clean("Zoe\u{1b}[1m\u{308}"), "Zo\u{eb}");
        assert!(needs_cleaning("Zoe\u{308}"));
        assert!(!needs_cleaning("Zo\u{eb}"));
        // Joiners and variation selectors belong to the text: kept.
        let persian = "Mehr\u{200c}nush";
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let heart = "\u{2764}\u{fe0f}";
        for t in [persian, family, heart] {
            assert_eq!(clean(t), t);
            assert_eq!(one_line(t), t);
        }
        let mut v = serde_json::json!({"name": "Zoe\u{308}"});
        clean_json(&mut v);
        assert_eq!(v["name"], "Zo\u{eb}");
    }

    #[test]
    fn output_keeps_line_endings() {
        assert_eq!(clean_output("a\u{1b}[2J,b\r\nc,d\r\n"), "a,b\r\nc,d\r\n");
        assert_eq!(clean_output("x\ny\u{202e}\n"), "x\ny\n");
        assert_eq!(clean_output("plain\r\n"), "plain\r\n");
    }

    #[test]
    fn files_cleaned_whole() {
        let mut v = serde_json::json!({"name": "A\u{1b}]0;t\u{7}B", "h": [{"n": "\u{202e}x"}]});
        clean_json(&mut v);
        assert_eq!(v, serde_json::json!({"name": "AB", "h": [{"n": "x"}]}));
        let mut t: toml::Value = toml::from_str("a = \"x\\u001b[2Jy\"\n[b]\nc = [\"\\r\"]")
            .unwrap_or_else(|e| panic!("{e}"));
        clean_toml(&mut t);
        assert_eq!(t["a"].as_str(), Some("xy"));
        assert_eq!(t["b"]["c"][0].as_str(), Some("\n"));
    }

    /// The printable-ASCII fast path answers as the full cleaning does: every ASCII
    /// character alone and between letters (controls removed, CR turned into LF,
    /// printable ones kept), and ESC sequences that begin with printable ASCII.
    #[test]
    fn ascii_fast_path_agrees_with_the_full_cleaning() {
        for b in 0u8..=0x7f {
            let c = char::from(b);
            for s in [c.to_string(), format!("a{c}b"), format!("{c}[31mx")] {
                let slow = {
                    let out = strip(&s);
                    assert!(unicode_normalization::is_nfc(&out));
                    out
                };
                assert_eq!(clean(&s), slow, "byte {b:#04x} in {s:?}");
                assert_eq!(needs_cleaning(&s), slow != s, "byte {b:#04x} in {s:?}");
            }
        }
        assert!(is_safe_ascii("Case 12: due 2026-12-07\n\tYOS"));
        assert!(!is_safe_ascii("Zo\u{eb}"));
        assert_eq!(clean("Zoe\u{308}"), "Zo\u{eb}");
    }
}
