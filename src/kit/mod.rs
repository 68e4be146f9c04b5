//! The drawing kit: the pieces every screen draws with (a heading, a hint, a field's
//! box, a text area, a choice, truncation, the colours). A leaf: it knows nothing of
//! the app, so a screen passes in exactly what is drawn (text, colours, flags).

pub mod field;
pub mod style;

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub use field::{choice_notes, expand_tabs, field_box, text_area, ChoiceNotes, TAB_STOP};
pub use style::*;

/// A page's heading: bold.
pub fn heading(text: String) -> Line<'static> {
    Line::from(Span::styled(
        text,
        Style::default().add_modifier(Modifier::BOLD),
    ))
}

/// A line saying what the keys do here, muted and fitted to `width` cells by
/// [`fit_hint`] (whole " · " parts left out, the last kept; never a part cut in the
/// middle of a word): every hint goes through here, so none is cut at 80x24.
pub fn hint(text: &str, width: usize) -> Line<'static> {
    Line::from(Span::styled(
        fit_hint(text, width),
        Style::default().fg(MUTED),
    ))
}

/// A hint of " · "-separated parts fitted to `width` cells without cutting a part:
/// as it is when it fits; else the parts that fit in order, keeping the last one (most
/// often the way back, "F5 back to the meeting") by leaving out those before it, and
/// " …" where parts were left out (issue 25: "Ctrl-O chair o", "F5 back to" at 80x24).
pub fn fit_hint(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let parts: Vec<&str> = text.split(" · ").collect();
    let last = parts.len() - 1;
    let mut kept: Vec<&str> = vec![];
    let used = |kept: &[&str], more: &str| -> usize {
        kept.iter().map(|p| p.width() + 3).sum::<usize>() + more.width()
    };
    for p in &parts[..last] {
        // Room for this part, " · …", and the last part.
        if used(&kept, p) + 3 + 2 + 3 + parts[last].width() <= width {
            kept.push(p);
        } else {
            break;
        }
    }
    let out = if kept.len() == last {
        text.to_string()
    } else {
        let mut v = kept.clone();
        v.push("…");
        v.push(parts[last]);
        v.join(" · ")
    };
    if out.width() <= width {
        out
    } else {
        truncate(&out, width)
    }
}

/// A box of `w` by `h` cells in the middle of `area` (no larger than it).
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `s` cut to `max` display cells, with an ellipsis where it was cut.
pub fn truncate(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut w = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max {
            if max > 0 {
                out.pop();
                out.push('…');
            }
            return out;
        }
        w += cw;
        out.push(c);
    }
    out
}

/// `s` cut to `max` display cells, keeping a closing " (...)" whole when it takes
/// at most two thirds of the width: a one-line message cut at a narrow terminal still
/// shows the rule it cites ("Not saved: 2026-12-24: a review is set … (App 4A, New
/// Cases 6)").
pub fn truncate_keeping_citation(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if s.width() <= max || !s.ends_with(')') {
        return truncate(s, max);
    }
    match s.rfind(" (") {
        Some(i) if s[i..].width() * 3 <= max * 2 => fit_free("", &s[..i], &s[i..], max),
        _ => truncate(s, max),
    }
}

/// One line of `before`, `free` and `after` in at most `width` cells, the free text
/// (a title, a name, words) cut first, with an ellipsis; `before` and `after` (an item
/// number, a case's id and count, a date, a status, a key) kept whole. Only when they
/// alone are too wide is the whole line cut. The fitter of every heading (issue 25:
/// headings wider than the terminal lost their ids and keys).
pub fn fit_free(before: &str, free: &str, after: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let whole = format!("{before}{free}{after}");
    if whole.width() <= width {
        return whole;
    }
    let kept = before.width() + after.width();
    if kept + 2 > width {
        return truncate(&whole, width);
    }
    let cut = truncate(free, width - kept);
    let cut = match cut.strip_suffix('…') {
        Some(words) => format!("{}…", words.trim_end()),
        None => cut,
    };
    format!("{before}{cut}{after}")
}

/// A heading fitted by [`fit_free`], bold.
pub fn heading_fitted(before: &str, free: &str, after: &str, width: usize) -> Line<'static> {
    heading(fit_free(before, free, after, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_leaves_out_whole_parts_and_keeps_the_way_back() {
        let h = "n add a meeting · Enter change a planned meeting's date or venue · F5 back to the meeting";
        assert_eq!(fit_hint(h, 200), h);
        let fitted = fit_hint(h, 60);
        assert_eq!(fitted, "n add a meeting · … · F5 back to the meeting");
        assert!(unicode_width::UnicodeWidthStr::width(fitted.as_str()) <= 60);
        let lock = "Locked: 3 not signed · Space signs · Ctrl-O chair override";
        assert_eq!(
            fit_hint(lock, 50),
            "Locked: 3 not signed · … · Ctrl-O chair override"
        );
        // Too narrow for even that: cut with an ellipsis, never past the width.
        assert!(fit_hint(lock, 20).chars().count() <= 20);
    }

    #[test]
    fn every_hint_line_is_fitted_to_its_width() {
        // Issue 25 (80x24): a hint is one line that never runs past its area.
        let h = "Up/Down choose · Ctrl-N/Ctrl-P step through cases · Enter open the case page";
        let line = hint(h, 53);
        assert_eq!(line.width(), 45);
        assert_eq!(
            line.to_string(),
            "Up/Down choose · … · Enter open the case page"
        );
        assert_eq!(hint(h, 200).to_string(), h);
    }

    #[test]
    fn a_cut_message_keeps_its_citation() {
        let m = "Not saved: 2026-12-24: a review is set 2 to 6 months after the meeting (2027-01-26 to 2027-05-26) (App 4A, New Cases 6)";
        let cut = truncate_keeping_citation(m, 80);
        assert_eq!(
            cut,
            "Not saved: 2026-12-24: a review is set 2 to 6 months afte… (App 4A, New Cases 6)"
        );
        assert!(cut.ends_with("… (App 4A, New Cases 6)"), "{cut}");
        assert_eq!(unicode_width::UnicodeWidthStr::width(cut.as_str()), 80);
        // What fits, or has no closing citation, or too long a one, is as before.
        assert_eq!(truncate_keeping_citation("Case 1 done", 80), "Case 1 done");
        let plain = "x".repeat(100);
        assert_eq!(truncate_keeping_citation(&plain, 80), truncate(&plain, 80));
        let long_tail = format!("head ({})", "y".repeat(60));
        assert_eq!(
            truncate_keeping_citation(&long_tail, 40),
            truncate(&long_tail, 40)
        );
    }

    #[test]
    fn a_heading_cuts_its_free_text_and_keeps_ids_counts_and_keys() {
        let h = fit_free(
            "",
            "Actions from the last meeting: each agency's action taken and outcomes",
            " — case 12 of 18 · ✓ done",
            52,
        );
        assert_eq!(h, "Actions from the last meet… — case 12 of 18 · ✓ done");
        assert_eq!(unicode_width::UnicodeWidthStr::width(h.as_str()), 52);
        assert_eq!(
            fit_free("3. ", "Confidentiality statement signed", "", 20),
            "3. Confidentiality…"
        );
        assert_eq!(fit_free("3. ", "Short", " · s", 80), "3. Short · s");
        // Too narrow even for what is kept: the line is cut, never past the width.
        assert_eq!(
            fit_free("12. ", "Reviews", " — case 1 of 18", 10)
                .chars()
                .count(),
            10
        );
    }
}
