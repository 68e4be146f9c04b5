//! Every type error in a TOML file at once. `serde` stops at the first value of the
//! wrong type; a person fixing a panel file wants the whole list. So the file is read
//! again with each wrong value replaced by a stand-in of the type that was expected
//! (`0`, `""`, `false`, `[]`, `{}`, or the first allowed word), until it reads; each
//! replacement is one problem, with its line and key. The stand-ins only let the
//! reading go on: a file with any problem is never used.

use serde::de::DeserializeOwned;

/// The most problems reported for one file.
const MOST: usize = 50;

/// The type problems of `text` read as `T`, each as "line L, column C: what (key KEY)",
/// in the order of the file, and the text with stand-ins in their place (which reads as `T` unless a problem
/// had no stand-in: a syntax error, a missing key). Lines are kept: a stand-in keeps
/// the line breaks of the value it replaces.
pub fn type_problems<T: DeserializeOwned>(text: &str) -> (Vec<String>, String) {
    let mut cur = text.to_string();
    let mut problems: Vec<(usize, String)> = vec![];
    while problems.len() < MOST {
        let Err(e) = toml::from_str::<T>(&cur) else {
            break;
        };
        let at = e.span().map_or(usize::MAX, |s| s.start);
        problems.push((at, problem(&cur, &e)));
        let (Some(span), Some(stand_in)) = (e.span(), stand_in(e.message())) else {
            break;
        };
        if span.start >= span.end || span.end > cur.len() {
            break;
        }
        let breaks = cur[span.clone()].matches('\n').count();
        cur.replace_range(span, &format!("{stand_in}{}", "\n".repeat(breaks)));
    }
    // In the order of the file (serde meets a table's keys in its own order).
    problems.sort_by_key(|(at, _)| *at);
    (problems.into_iter().map(|(_, p)| p).collect(), cur)
}

/// A TOML error as "line L, column C: message (key KEY)" (the key when the line has
/// one before the value).
pub fn problem(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().replace('\n', " ");
    let Some(span) = e.span() else {
        return message;
    };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start_of_line = before.rsplit('\n').next().unwrap_or("");
    let column = start_of_line.chars().count() + 1;
    let key = start_of_line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"'))
        .filter(|k| !k.is_empty() && !k.contains(['[', '{', ',']));
    match key {
        Some(k) => format!("line {line}, column {column}: {message} (key {k})"),
        None => format!("line {line}, column {column}: {message}"),
    }
}

/// A value of the type an error message says was expected.
fn stand_in(message: &str) -> Option<String> {
    let (_, expected) = message.split_once("expected ")?;
    let e = expected.trim();
    if let Some(rest) = e.strip_prefix("one of ") {
        let first = rest.split('`').nth(1)?;
        return Some(format!("\"{first}\""));
    }
    let word = e.trim_start_matches("a ").trim_start_matches("an ");
    let integer = word.starts_with('u')
        || word.starts_with("integer")
        || word.starts_with('i') && !word.starts_with("in");
    let v = if integer {
        "0"
    } else if word.starts_with('f') && !word.starts_with("fa") {
        "0.0"
    } else if word.contains("string") || word.starts_with("char") {
        "\"\""
    } else if word.starts_with("bool") {
        "false"
    } else if word.starts_with("sequence") || word.starts_with("array") {
        "[]"
    } else if word.starts_with("struct") || word.starts_with("map") || word.starts_with("table") {
        "{}"
    } else {
        return None;
    };
    Some(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        name: String,
        days: u32,
        on: bool,
        list: Vec<String>,
    }

    #[test]
    fn every_wrong_type_is_listed_with_its_line_and_key() {
        let text = "name = 3\ndays = \"ten\"\non = \"yes\"\nlist = [\n  1,\n]\n";
        let (p, fixed) = type_problems::<T>(text);
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p[0].starts_with("line 1, column 8: invalid type"), "{p:?}");
        assert!(p[0].ends_with("(key name)"), "{p:?}");
        assert!(p[1].starts_with("line 2, column 8: ") && p[1].ends_with("(key days)"));
        assert!(p[2].starts_with("line 3, column 6: ") && p[2].ends_with("(key on)"));
        assert!(p[3].starts_with("line 5"), "{p:?}");
        assert!(toml::from_str::<T>(&fixed).is_ok(), "{fixed}");
        assert_eq!(fixed.lines().count(), text.lines().count());
    }

    #[test]
    fn a_sound_file_has_no_problems_and_a_syntax_error_stops_at_one() {
        let (p, _) = type_problems::<T>("name = \"a\"\ndays = 1\non = true\nlist = []\n");
        assert!(p.is_empty());
        let (p, _) = type_problems::<T>("name = \ndays = \"x\"\n");
        assert_eq!(p.len(), 1, "{p:?}");
    }
}
