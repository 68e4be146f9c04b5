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
    /// New referrals of any age the item's `min_age`/`max_age` admit (DYO: one new-cases
    /// item for 10 to 17).
    NewReferrals,
    Reviews,
    /// Open cases brought back for an update between their reviews: those whose last
    /// decision is one the item's `after_decisions` name, at every meeting until
    /// their review is due (CAMP, 003 App 5A "2. PPO": "Update on each case will be
    /// briefly presented at CAMP").
    Updates,
    Mappa,
    /// A generic case item (issue 21, E1): it takes the cases its filters admit
    /// (`cases`, `min_age`/`max_age`, `levels`, `categories`, `children`; see
    /// [`crate::domain::case_items`]), new referrals and reviews alike; a panel may
    /// have several.
    Cases,
}

impl AgendaKind {
    /// Every kind, in the order of the MAGPan agenda (the generic new-referrals kind
    /// after MAGPan's two, the generic case item last).
    pub const ALL: [AgendaKind; 12] = [
        Self::Introductions,
        Self::Apologies,
        Self::Confidentiality,
        Self::PoliceIntelligence,
        Self::AgencyIntelligence,
        Self::NewReferralsUnder18,
        Self::NewReferralsOver18,
        Self::NewReferrals,
        Self::Reviews,
        Self::Updates,
        Self::Mappa,
        Self::Cases,
    ];

    /// The kind's name in panel files and in the database (`reviews`,
    /// `new_referrals_under_18`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Self::Introductions => "introductions",
            Self::Apologies => "apologies",
            Self::Confidentiality => "confidentiality",
            Self::PoliceIntelligence => "police_intelligence",
            Self::AgencyIntelligence => "agency_intelligence",
            Self::NewReferralsUnder18 => "new_referrals_under_18",
            Self::NewReferralsOver18 => "new_referrals_over_18",
            Self::NewReferrals => "new_referrals",
            Self::Reviews => "reviews",
            Self::Updates => "updates",
            Self::Mappa => "mappa",
            Self::Cases => "cases",
        }
    }

    pub fn from_code(code: &str) -> Option<AgendaKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Items whose cases are discussed one by one on case pages (new referrals,
    /// reviews, updates and generic case items); the after-close MAPPA item holds
    /// notes, not case pages.
    pub fn has_case_pages(self) -> bool {
        self.is_new_referrals() || matches!(self, Self::Reviews | Self::Updates | Self::Cases)
    }

    /// New referrals, heard for the first time.
    pub fn is_new_referrals(self) -> bool {
        matches!(
            self,
            Self::NewReferralsUnder18 | Self::NewReferralsOver18 | Self::NewReferrals
        )
    }

    /// The ages the kind itself admits, in whole years on the meeting date (MAGPan,
    /// Appendix D items 6 and 7: under 18, 18 and over). `None` on either side: no bound.
    pub fn age_bounds(self) -> (Option<u32>, Option<u32>) {
        match self {
            Self::NewReferralsUnder18 => (None, Some(17)),
            Self::NewReferralsOver18 => (Some(18), None),
            _ => (None, None),
        }
    }

    /// Items that discuss individual cases: locked until everyone present has
    /// signed the confidentiality statement (Appendix C, Appendix D item 3).
    pub fn is_case_item(self) -> bool {
        self.has_case_pages() || self == Self::Mappa
    }
}

/// Whether an item's case pages take a decision (`decision` on `[[agenda]]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemDecision {
    /// Each case page is done with one of the panel's decisions (the default).
    #[default]
    Required,
    /// `decision = "none"`: a brief update, one line per case; no decision and no
    /// risk level, and nothing in the case changes (CAMP, 003 App 5A "2. PPO").
    None,
}

impl ItemDecision {
    /// The default: left out of a stored agenda, so agendas stored before the key
    /// read and write as they were.
    pub fn is_required(&self) -> bool {
        *self == Self::Required
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
    /// Minutes the whole item should take, if the panel sets a time box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_box_minutes: Option<u32>,
    /// Minutes each case of the item should take (MAVE: 45), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_time_box_minutes: Option<u32>,
    /// A new-referrals item takes people of at least this age on the meeting date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// A new-referrals item takes people of at most this age on the meeting date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// `decision = "none"` on an `updates` item: its case pages are brief updates.
    #[serde(default, skip_serializing_if = "ItemDecision::is_required")]
    pub decision: ItemDecision,
    /// For an `updates` item: the decision codes whose open cases it takes, at every
    /// meeting until their review is due (CAMP: `["agency_level"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_decisions: Vec<String>,
    /// For a `cases` item: new referrals, reviews or both (`cases = "any"`, the
    /// default).
    #[serde(default, skip_serializing_if = "CaseSort::is_any")]
    pub cases: CaseSort,
    /// For a `cases` item: the referral's MAPPA levels it takes (empty: any level).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<u8>,
    /// For a `cases` item: the referral's MAPPA categories it takes (empty: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<u8>,
    /// For a `cases` item: only cases with children (`true`) or only cases without
    /// (`false`); see [`crate::domain::case_items::CaseFacts::children`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<bool>,
    /// For a `cases` item: the kinds of subject it takes (issue 22; empty: every
    /// kind). MAVE: `["person"]`, `["group"]`, `["perpetrator"]`, `["location"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<crate::domain::subject_kind::SubjectKind>,
}

/// Which cases a `cases` item takes (`cases = "new" | "review" | "any"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseSort {
    /// New referrals only, heard for the first time.
    New,
    /// Reviews of open cases only.
    Review,
    /// Both (the default).
    #[default]
    Any,
}

impl CaseSort {
    /// The default: left out of a stored agenda.
    pub fn is_any(&self) -> bool {
        *self == Self::Any
    }

    /// The key's value in a panel file.
    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Review => "review",
            Self::Any => "any",
        }
    }
}

impl AgendaItemDef {
    /// Brief updates: its case pages take no decision (`decision = "none"`).
    pub fn is_brief(&self) -> bool {
        self.decision == ItemDecision::None
    }

    /// The ages the item takes: its kind's bounds narrowed by its own `min_age` and
    /// `max_age`.
    pub fn age_bounds(&self) -> (Option<u32>, Option<u32>) {
        let (lo, hi) = self.kind.age_bounds();
        let lo = lo.max(self.min_age);
        let hi = match (hi, self.max_age) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        (lo, hi)
    }

    /// Does this item hear new referrals (MAGPan's and DYO's new-referrals kinds, or a
    /// generic `cases` item not limited to reviews)?
    pub fn takes_new_referrals(&self) -> bool {
        self.kind.is_new_referrals()
            || (self.kind == AgendaKind::Cases && self.cases != CaseSort::Review)
    }

    /// Does this new-referrals item hear a person of `age` (whole years on the meeting
    /// date)? An unknown age is heard by an item with no lower bound (MAGPan: under 18,
    /// as the protocol's form asks for a date of birth). Items that are not new
    /// referrals take no one.
    pub fn admits(&self, age: Option<u32>) -> bool {
        self.kind.is_new_referrals() && self.ages_fit(age)
    }

    /// Do the item's ages (see [`AgendaItemDef::age_bounds`]) take a person of `age`?
    /// An unknown age fits an item with no lower bound.
    pub fn ages_fit(&self, age: Option<u32>) -> bool {
        let (lo, hi) = self.age_bounds();
        match age {
            None => lo.is_none(),
            Some(a) => lo.is_none_or(|l| a >= l) && hi.is_none_or(|h| a <= h),
        }
    }
}

/// Is the panel's item of `kind` one of brief updates (`decision = "none"`)?
pub fn is_brief(items: &[AgendaItemDef], kind: AgendaKind) -> bool {
    item_of(items, kind).is_some_and(AgendaItemDef::is_brief)
}

/// What is wrong with the items' `decision` and `after_decisions` keys, each naming
/// its key: brief updates and `after_decisions` belong to an `updates` item, and an
/// `updates` item names the decisions whose cases it takes.
pub fn item_option_problems(items: &[AgendaItemDef]) -> Vec<String> {
    let mut out = vec![];
    for (i, item) in items.iter().enumerate() {
        let updates = item.kind == AgendaKind::Updates;
        if item.is_brief() && !updates {
            out.push(format!(
                "agenda[{i}].decision: \"none\" (brief updates) is for an updates item, not {}",
                item.kind.code()
            ));
        }
        if !item.after_decisions.is_empty() && !updates {
            out.push(format!(
                "agenda[{i}].after_decisions: only an updates item takes cases by their last decision, not {}",
                item.kind.code()
            ));
        }
        if updates && item.after_decisions.is_empty() {
            out.push(format!(
                "agenda[{i}].after_decisions: an updates item names the decisions whose cases it takes"
            ));
        }
    }
    out
}

/// Does an item of `kind` take a note from an agency that is (or is not) the police?
/// The police item takes the police's; the other agencies' item takes every other
/// agency's, and the police's too on a panel with no police item of its own (MARAC's
/// item 3, each agency's account of its actions, App 3A "Agenda"). One rule for the
/// meeting screen, the room's screen and the minutes.
pub fn takes_agency_note(items: &[AgendaItemDef], kind: AgendaKind, police: bool) -> bool {
    match kind {
        AgendaKind::PoliceIntelligence => police,
        AgendaKind::AgencyIntelligence => {
            !police || item_of(items, AgendaKind::PoliceIntelligence).is_none()
        }
        _ => false,
    }
}

/// Does the panel take its intelligence as MAGPan does (a police item and an item for
/// the other agencies)? Only then are the notes called "intelligence"; otherwise each
/// is an agency's own account under the item's title.
pub fn intelligence_items(items: &[AgendaItemDef]) -> bool {
    item_of(items, AgendaKind::PoliceIntelligence).is_some()
}

/// The panel's item of `kind`, if its agenda has one.
pub fn item_of(items: &[AgendaItemDef], kind: AgendaKind) -> Option<&AgendaItemDef> {
    items.iter().find(|i| i.kind == kind)
}

/// The panel's number for the item of `kind`, if its agenda has one.
pub fn number_of(items: &[AgendaItemDef], kind: AgendaKind) -> Option<u32> {
    item_of(items, kind).map(|i| i.number)
}

/// "item 6" for `kind` on this panel's agenda, or the kind's own words when the panel
/// has no such item; for messages, so that no text names a number the panel did not.
pub fn item_words(items: &[AgendaItemDef], kind: AgendaKind) -> String {
    match item_of(items, kind) {
        Some(i) => format!("item {} ({})", i.number, i.title),
        None => kind.code().replace('_', " "),
    }
}

/// "item 4 (Cases with children)": the item numbered `number` on this panel's
/// agenda; [`item_words`] for `kind` when the agenda has no item of that number.
pub fn item_words_at(items: &[AgendaItemDef], number: u32, kind: AgendaKind) -> String {
    match items.iter().find(|i| i.number == number) {
        Some(i) => format!("item {} ({})", i.number, i.title),
        None => item_words(items, kind),
    }
}

/// "items 6 to 8" (or "items 4 and 6", "item 5"): the panel's numbers for the items
/// of `kinds` it has, in its order.
pub fn items_words(items: &[AgendaItemDef], kinds: &[AgendaKind]) -> String {
    let nums: Vec<u32> = items
        .iter()
        .filter(|i| kinds.contains(&i.kind))
        .map(|i| i.number)
        .collect();
    let consecutive = nums.windows(2).all(|w| w[1] == w[0] + 1);
    match nums.as_slice() {
        [] => "no items".into(),
        [one] => format!("item {one}"),
        [first, .., last] if consecutive && nums.len() > 2 => format!("items {first} to {last}"),
        [rest @ .., last] => {
            let rest: Vec<String> = rest.iter().map(u32::to_string).collect();
            format!("items {} and {last}", rest.join(", "))
        }
    }
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
    fn item_words_come_from_the_panel() {
        let panel = PanelDef::magpan();
        let cases = [
            AgendaKind::NewReferralsUnder18,
            AgendaKind::NewReferralsOver18,
            AgendaKind::Reviews,
        ];
        assert_eq!(items_words(&panel.agenda, &cases), "items 6 to 8");
        let mut renumbered = panel.agenda.clone();
        renumbered.retain(|i| i.kind != AgendaKind::NewReferralsOver18);
        for i in &mut renumbered {
            i.number += 10;
        }
        assert_eq!(items_words(&renumbered, &cases), "items 16 and 18");
        assert_eq!(number_of(&renumbered, AgendaKind::Reviews), Some(18));
        assert_eq!(
            item_words(&renumbered, AgendaKind::NewReferralsOver18),
            "new referrals over 18"
        );
        for k in AgendaKind::ALL {
            assert_eq!(AgendaKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn a_stored_agenda_reads_and_writes_as_before_the_brief_update_keys() {
        // Issue 20 (E5): `decision` and `after_decisions` are left out at their
        // defaults, so MAGPan's stored agenda (Appendix D) does not change.
        let json = serde_json::to_string(&PanelDef::magpan().agenda).unwrap();
        assert!(!json.contains("\"decision\"") && !json.contains("after_decisions"));
        let back: Vec<AgendaItemDef> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, PanelDef::magpan().agenda);
        assert!(back.iter().all(|i| !i.is_brief()));
        assert!(item_option_problems(&back).is_empty());
    }

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
