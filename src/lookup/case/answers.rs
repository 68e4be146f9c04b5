//! A case's answers to its panel's own referral form (issue 20), as `case ID` prints
//! them (text, `--json`) and its documents (`--html`, `--docx`) show them.

use std::fmt::Write;

use super::CaseHistory;
use crate::lookup::doc::Block;

/// The heading over the answers, in every output.
pub(super) const HEADING: &str = "Referral form answers";

/// The answer's label, marked when it is restricted intelligence (issue 22, MAVE
/// MV10): "Restricted: Concerns".
fn label(a: &crate::store::intake::StoredAnswer) -> String {
    if a.restricted {
        format!("{}: {}", crate::domain::restricted::MARK, a.label)
    } else {
        a.label.clone()
    }
}

/// The answers block of the text output; nothing for a case with none (MAGPan's
/// Appendix A form keeps its own fields).
pub(super) fn text(o: &mut String, h: &CaseHistory) {
    if h.answers.is_empty() {
        return;
    }
    let _ = writeln!(o, "\n{HEADING}");
    for a in &h.answers {
        let shown = crate::lookup::cleaned(&a.shown);
        let mut lines = shown.lines();
        let _ = writeln!(o, "  {}: {}", label(a), lines.next().unwrap_or(""));
        for more in lines {
            let _ = writeln!(o, "    {more}");
        }
    }
}

/// The answers as a table of the case document.
pub(super) fn blocks(b: &mut Vec<Block>, h: &CaseHistory) {
    if h.answers.is_empty() {
        return;
    }
    b.push(Block::Heading(HEADING.into()));
    b.push(Block::Table(
        vec!["Question".into(), "Answer".into()],
        h.answers
            .iter()
            .map(|a| vec![label(a), a.shown.clone()])
            .collect(),
    ));
}
