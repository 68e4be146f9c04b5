//! Escaping user text for Markdown (the minutes' `.md` files): each character that
//! means something to a Markdown renderer shown as itself. Re-exported by
//! [`super::format`], where the other output formats' escapes are.

use super::format::{clean, one_line};

/// Characters that mean something to Markdown (CommonMark, GitHub tables,
/// strikethrough and maths) anywhere in a line; each is backslash-escaped so it
/// shows as itself. Parentheses and `!` need no escape once `[` and `]` are
/// escaped (no link or image can form).
const MD_SPECIAL: &[char] = &['\\', '`', '*', '_', '{', '}', '[', ']', '#', '|', '~', '$'];

/// The ASCII bytes [`md_line`] writes otherwise: [`MD_SPECIAL`] and `<`, `>`, `&`.
const MD_CHANGED: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 0;
    while i < MD_SPECIAL.len() {
        t[MD_SPECIAL[i] as usize] = true;
        i += 1;
    }
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'&' as usize] = true;
    t
};

fn md_line(line: &str) -> String {
    // Leading spaces would make an indented code block; they carry no meaning here.
    let line = line.trim_start();
    // Most lines have nothing to escape (every character changed is ASCII): copied
    // whole, not a character at a time (issue 24).
    let changed = |b: u8| b < 128 && MD_CHANGED[usize::from(b)];
    let mut out = if line.bytes().any(changed) {
        escape_each(line)
    } else {
        line.to_string()
    };
    // Block markers at the start of a line: list bullets, headings underlined
    // with = or -, thematic breaks, ordered list numbers ("1." or "1)").
    if let Some(first) = out.chars().next() {
        if matches!(first, '-' | '+' | '=' | ':') {
            out.insert(0, '\\');
        }
    }
    let digits = out.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
        out.insert(digits, '\\');
    }
    out
}

/// `line` with each character Markdown would read escaped, a character at a time.
fn escape_each(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    for c in line.chars() {
        match c {
            // Entities, not backslashes: not every Markdown renderer honours `\<`,
            // and raw HTML passes through most of them.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if MD_SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escape user text for Markdown, on one line (table cells, headings, list items).
pub fn md(s: &str) -> String {
    md_line(&one_line(s))
}

/// Escape user text for Markdown as a paragraph: lines are kept with hard
/// breaks, blank lines separate paragraphs.
pub fn md_multiline(s: &str) -> String {
    let c = clean(s);
    let lines: Vec<String> = c
        .trim()
        .lines()
        .map(|l| md_line(&l.replace('\t', " ")).trim_end().to_string())
        .collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        let next_nonblank = lines.get(i + 1).is_some_and(|n| !n.is_empty());
        if i + 1 < lines.len() {
            if !l.is_empty() && next_nonblank {
                out.push('\\');
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 24: a line with nothing to escape is copied whole; the same text as
    /// escaping it a character at a time, for every ASCII character at the start,
    /// inside and before non-ASCII text.
    #[test]
    fn a_line_copied_whole_is_the_line_escaped_a_character_at_a_time() {
        for b in 0u8..128 {
            let c = char::from(b);
            for line in [
                format!("{c}"),
                format!("ab{c}"),
                format!("{c} é x"),
                format!("1{c}"),
            ] {
                let whole = md_line(&format!("x{line}"));
                assert_eq!(whole, format!("x{}", escape_each(&line)), "{line:?}");
            }
        }
    }
}
