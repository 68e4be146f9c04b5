//! Restricted intelligence (issue 22; MAVE MV10, gap D13): "Referrals will include
//! intelligence (which may be limited by criminal investigations)" (001 "How do I
//! refer a perpetrator ...?" and "How do I refer a location ...?").
//!
//! Two ways in: a form field marked `restricted = true` (its answer), or the whole
//! referral's intelligence (its concerns and every answer) restricted by the
//! coordinator (`roundtable referral restrict ID --reason TEXT`). Restricted text is
//! never in the room's view (`app::privacy::room_view` has no field for a referral's
//! concerns or answers) nor on the minutes (their pages print none); it is shown to
//! the chair on the case page and in `case ID`, each line marked [`MARK`]. The words
//! are here, in one place.

use serde::Serialize;

/// The mark on every restricted line.
pub const MARK: &str = "Restricted";

/// What the mark means, said once where restricted text is shown.
pub const NOT_FOR: &str = "not for the room or the general minutes";

/// In place of restricted text while the chair's screen shows initials only.
pub const HIDDEN: &str = "hidden while names are hidden";

/// A referral's restricted intelligence, as the chair's case page shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Restricted {
    /// Why the coordinator restricted the whole referral's intelligence (its concerns
    /// and every answer); `None`: only the answers of restricted fields are.
    pub reason: Option<String>,
    /// The restricted answers: label, answer in words.
    pub answers: Vec<(String, String)>,
}

impl Restricted {
    /// Nothing restricted.
    pub fn is_empty(&self) -> bool {
        self.reason.is_none() && self.answers.is_empty()
    }

    /// Are the referral's concerns restricted too (the whole referral is)?
    pub fn concerns(&self) -> bool {
        self.reason.is_some()
    }

    /// The heading line over restricted text: "Restricted (not for the room or the
    /// general minutes)", with the coordinator's reason when the whole referral is.
    pub fn heading(&self) -> String {
        match &self.reason {
            Some(r) => format!("{MARK} ({NOT_FOR}): {r}"),
            None => format!("{MARK} ({NOT_FOR})"),
        }
    }

    /// One line per restricted answer: "Restricted: label: answer".
    pub fn lines(&self) -> Vec<String> {
        self.answers
            .iter()
            .map(|(l, a)| format!("{MARK}: {l}: {a}"))
            .collect()
    }
}

/// A label marked restricted: "Concerns (Restricted)".
pub fn marked(label: &str) -> String {
    format!("{label} ({MARK})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mv10_each_restricted_line_is_marked_and_the_reason_heads_them() {
        let r = Restricted {
            reason: Some("criminal investigation under way".into()),
            answers: vec![("Concerns".into(), "Seen at the lock-up".into())],
        };
        assert!(r.concerns());
        assert_eq!(
            r.heading(),
            "Restricted (not for the room or the general minutes): criminal investigation under way"
        );
        assert_eq!(r.lines(), ["Restricted: Concerns: Seen at the lock-up"]);
        let field_only = Restricted { reason: None, ..r };
        assert!(!field_only.concerns());
        assert!(!field_only.is_empty());
        assert!(Restricted::default().is_empty());
    }
}
