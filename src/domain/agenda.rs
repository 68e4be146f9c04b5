//! The agenda: items and what each one does (Appendix D).

use serde::{Deserialize, Serialize};

/// What an agenda item does in the runner. Panels other than MAGPan describe their
/// agenda in a data file using these kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    Introductions,
    Apologies,
    Confidentiality,
    PoliceIntelligence,
    AgencyIntelligence,
    #[serde(rename = "new_referrals_under_18")]
    NewReferralsUnder18,
    #[serde(rename = "new_referrals_over_18")]
    NewReferralsOver18,
    Reviews,
    Mappa,
}

impl AgendaKind {
    /// Items that discuss individual cases: locked until everyone present has
    /// signed the confidentiality statement (Appendix C, Appendix D item 3).
    pub fn is_case_item(self) -> bool {
        matches!(
            self,
            Self::NewReferralsUnder18 | Self::NewReferralsOver18 | Self::Reviews | Self::Mappa
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItemDef {
    pub number: u32,
    pub title: String,
    pub kind: AgendaKind,
    /// Shown only once the meeting has formally closed (Appendix D item 9).
    #[serde(default)]
    pub after_formal_close: bool,
}

/// Items visible in a meeting: those after the formal close are hidden until then.
pub fn visible_items(items: &[AgendaItemDef], formally_closed: bool) -> Vec<&AgendaItemDef> {
    items
        .iter()
        .filter(|i| formally_closed || !i.after_formal_close)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::panel_def::PanelDef;

    #[test]
    fn appendix_d_item_9_hidden_until_formal_close() {
        let panel = PanelDef::magpan();
        let before: Vec<u32> = visible_items(&panel.agenda, false)
            .iter()
            .map(|i| i.number)
            .collect();
        assert_eq!(before, vec![1, 2, 3, 4, 5, 6, 7, 8]);
        let after: Vec<u32> = visible_items(&panel.agenda, true)
            .iter()
            .map(|i| i.number)
            .collect();
        assert_eq!(after, vec![1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn appendix_d_case_items_are_6_to_9() {
        let panel = PanelDef::magpan();
        let cases: Vec<u32> = panel
            .agenda
            .iter()
            .filter(|i| i.kind.is_case_item())
            .map(|i| i.number)
            .collect();
        assert_eq!(cases, vec![6, 7, 8, 9]);
    }
}
