//! A return laid out in sections (`[[return.section]]`, issue 22, REQUIREMENTS.md 9.6
//! G5): the shape of MAGPan's section 12 return (000 section 12), which any panel's
//! file may use instead of `[[return.table]]`. Each section is one general kind:
//! attendance by agency and by meeting, the outcome of referrals received, the
//! referrals declined with their reasons, counts of one thing by one key, and risk at
//! the start and end of the cases closed with the closures. Every section's figures
//! include the anonymous counts retention keeps of the cases it removed.

use serde::{Deserialize, Serialize};

/// What a section shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Each agency's attendance over the meetings held in the period (attended,
    /// apologies, absent), then each meeting's.
    Attendance,
    /// Referrals received in the period, by the first decision on each (accepted, one
    /// to watch, declined, referred elsewhere, excluded, awaiting) and by flag
    /// (previously known, urgent, linked to a named gang, MAPPA level 1).
    ReferralOutcomes,
    /// The referrals received in the period that were declined, with the reasons
    /// (withheld when fewer were declined than the threshold).
    Declined,
    /// One count (`count`) broken down by one key (`by`).
    Counts,
    /// Risk at the start and end of the cases closed in the period, the closures,
    /// those discharged to MAPPA and the MAPPA level 2/3 cases noted.
    RiskAndClosures,
}

impl SectionKind {
    /// The code in panel files.
    pub fn code(self) -> &'static str {
        match self {
            Self::Attendance => "attendance",
            Self::ReferralOutcomes => "referral_outcomes",
            Self::Declined => "declined",
            Self::Counts => "counts",
            Self::RiskAndClosures => "risk_and_closures",
        }
    }
}

/// What a `counts` section counts over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionCount {
    /// Referrals received.
    Referrals,
    /// Referrals received whose first decision opened them to the panel.
    Accepted,
    /// Referrals received of people under 18 on the day received.
    #[serde(rename = "referrals_under_18")]
    ReferralsUnder18,
    /// Onward referrals made at meetings held in the period.
    OnwardReferrals,
    /// Onward referrals of the kind that asks whom it is for (MAGPan's child
    /// protection referrals), by whom.
    OnwardFor,
    /// Cases closed (discharged from the panel).
    Closures,
    /// Intervention plan rows set in the period.
    Interventions,
    /// Proven offences before referral (of the cases received).
    OffendingBeforeReferral,
    /// Proven offences during the intervention.
    OffendingDuringIntervention,
}

impl SectionCount {
    /// The code in panel files.
    pub fn code(self) -> &'static str {
        match self {
            Self::Referrals => "referrals",
            Self::Accepted => "accepted",
            Self::ReferralsUnder18 => "referrals_under_18",
            Self::OnwardReferrals => "onward_referrals",
            Self::OnwardFor => "onward_for",
            Self::Closures => "closures",
            Self::Interventions => "interventions",
            Self::OffendingBeforeReferral => "offending_before_referral",
            Self::OffendingDuringIntervention => "offending_during_intervention",
        }
    }

    /// The keys this count can be broken down by.
    pub fn takes(self) -> &'static [SectionBy] {
        use SectionBy::*;
        const RECEIVED: &[SectionBy] = &[
            CoreReason,
            AgeBand,
            Gender,
            Ethnicity,
            Ward,
            ReferringAgency,
            SexualExploitation,
            Radicalisation,
            CriminalLegalStatus,
        ];
        match self {
            Self::Referrals => RECEIVED,
            Self::Accepted => &[LeadAgency],
            Self::ReferralsUnder18 => &[WelfareLegalStatus],
            Self::OnwardReferrals => &[OnwardKind],
            Self::OnwardFor => &[ForWhom],
            Self::Closures => &[Month, Why],
            Self::Interventions => &[CoreIssue, Intervention, Agency],
            Self::OffendingBeforeReferral | Self::OffendingDuringIntervention => &[Offence],
        }
    }
}

/// The key a `counts` section breaks its count down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionBy {
    /// The core referral reason.
    CoreReason,
    /// The age band on the day received (in age order, not by size).
    AgeBand,
    Gender,
    Ethnicity,
    Ward,
    /// The referring agency's code.
    ReferringAgency,
    /// The lead agency's code.
    LeadAgency,
    /// The sexual exploitation issue recorded.
    SexualExploitation,
    /// The radicalisation issue recorded.
    Radicalisation,
    WelfareLegalStatus,
    CriminalLegalStatus,
    /// The onward referral's kind (the panel's words; every kind it lists shown).
    OnwardKind,
    /// Whom an onward referral is for.
    ForWhom,
    /// The month closed ("2026-03").
    Month,
    /// Why closed, in a few words (never the free-text reason).
    Why,
    /// An intervention's core issue.
    CoreIssue,
    /// What the intervention is.
    Intervention,
    /// The agency undertaking it.
    Agency,
    /// The offences: by type, seriousness, outcome, place, weapons and drugs, with
    /// how many people offended and how often.
    Offence,
}

impl SectionBy {
    /// The code in panel files.
    pub fn code(self) -> &'static str {
        match self {
            Self::CoreReason => "core_reason",
            Self::AgeBand => "age_band",
            Self::Gender => "gender",
            Self::Ethnicity => "ethnicity",
            Self::Ward => "ward",
            Self::ReferringAgency => "referring_agency",
            Self::LeadAgency => "lead_agency",
            Self::SexualExploitation => "sexual_exploitation",
            Self::Radicalisation => "radicalisation",
            Self::WelfareLegalStatus => "welfare_legal_status",
            Self::CriminalLegalStatus => "criminal_legal_status",
            Self::OnwardKind => "onward_kind",
            Self::ForWhom => "for_whom",
            Self::Month => "month",
            Self::Why => "why",
            Self::CoreIssue => "core_issue",
            Self::Intervention => "intervention",
            Self::Agency => "agency",
            Self::Offence => "offence",
        }
    }
}

/// One section of a return laid out in sections (`[[return.section]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnSection {
    /// What it shows.
    pub kind: SectionKind,
    /// Its heading, in the panel's words (the attendance heading has the number of
    /// meetings added; risk and closures have their own headings).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Its name in the CSV's `section` column and the JSON (a `counts` section's;
    /// the other kinds have fixed names).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// With `kind = "counts"`: what it counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<SectionCount>,
    /// With `kind = "counts"`: what it is broken down by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<SectionBy>,
}

/// The lower ages of the age bands after the first, when the return names none
/// (section 12's: under 10, 10-13, 14-15, 16-17, 18-20, 21-24, 25 and over).
pub const AGE_BANDS: [u32; 6] = [10, 14, 16, 18, 21, 25];

/// The band of `age` among the bands starting at `bounds` (and one below the first):
/// "under 10", "10-13", "16" (a band of one year), "25 and over".
pub fn age_band_in(age: u32, bounds: &[u32]) -> String {
    match bounds.iter().rposition(|b| *b <= age) {
        None => match bounds.first() {
            Some(b) => format!("under {b}"),
            None => "all ages".into(),
        },
        Some(i) => band_label(bounds, i),
    }
}

/// Every band's label, youngest first.
pub fn age_band_labels(bounds: &[u32]) -> Vec<String> {
    let mut out: Vec<String> = bounds
        .first()
        .map(|b| format!("under {b}"))
        .into_iter()
        .collect();
    out.extend((0..bounds.len()).map(|i| band_label(bounds, i)));
    out
}

fn band_label(bounds: &[u32], i: usize) -> String {
    let from = bounds[i];
    match bounds.get(i + 1) {
        None => format!("{from} and over"),
        Some(next) if *next == from + 1 => from.to_string(),
        Some(next) => format!("{from}-{}", next - 1),
    }
}

/// What is wrong with a return's `age_bands`: each band must start after the last.
pub(super) fn age_bands_problem(bounds: &[u32]) -> Option<String> {
    let rising = bounds.first().is_none_or(|b| *b > 0) && bounds.windows(2).all(|w| w[0] < w[1]);
    (!rising).then(|| {
        "return.age_bands: give the first age of each band after the youngest, rising (as [10, 14, 16, 18, 21, 25])"
            .to_string()
    })
}

/// The names a section's figures take in the CSV and JSON besides a `counts`
/// section's `key`, so no two sections write the same one.
const FIXED: [&str; 10] = [
    "period",
    "attendance_by_agency",
    "attendance_by_meeting",
    "meetings",
    "referrals",
    "declined",
    "risk_outcome",
    "risk_start_end",
    "closures",
    "mappa",
];

/// Everything wrong with the sections, each naming its key.
pub(super) fn sections_problems(sections: &[ReturnSection]) -> Vec<String> {
    let mut out = vec![];
    let mut keys: Vec<&str> = vec![];
    for (i, s) in sections.iter().enumerate() {
        let at = format!("return.section {}", i + 1);
        let needs_title = matches!(
            s.kind,
            SectionKind::Attendance
                | SectionKind::ReferralOutcomes
                | SectionKind::Declined
                | SectionKind::Counts
        );
        if needs_title && s.title.trim().is_empty() {
            out.push(format!("{at}: title: give the section's heading"));
        }
        if s.kind != SectionKind::Counts {
            if s.count.is_some() || s.by.is_some() || !s.key.is_empty() {
                out.push(format!(
                    "{at} ({}): key, count and by belong to kind = \"counts\" only",
                    s.kind.code()
                ));
            }
            if sections[..i].iter().any(|o| o.kind == s.kind) {
                out.push(format!("{at}: kind {} appears twice", s.kind.code()));
            }
            continue;
        }
        let key = s.key.trim();
        if key.is_empty() {
            out.push(format!("{at} ({}): key: name its figures", s.title));
        } else if FIXED.contains(&key) || keys.contains(&key) {
            out.push(format!("{at} ({}): key: {key} is taken", s.title));
        }
        keys.push(key);
        match (s.count, s.by) {
            (Some(c), Some(by)) if !c.takes().contains(&by) => {
                let can: Vec<&str> = c.takes().iter().map(|b| b.code()).collect();
                out.push(format!(
                    "{at} ({}): by: {} cannot be broken down by {} (they take: {})",
                    s.title,
                    c.code(),
                    by.code(),
                    can.join(", ")
                ));
            }
            (Some(_), Some(_)) => {}
            _ => out.push(format!(
                "{at} ({}): a counts section needs count and by",
                s.title
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(text: &str) -> Vec<ReturnSection> {
        #[derive(Deserialize)]
        struct F {
            section: Vec<ReturnSection>,
        }
        toml::from_str::<F>(text).unwrap().section
    }

    #[test]
    fn age_bands_are_named_from_their_first_ages() {
        let labels = age_band_labels(&AGE_BANDS);
        assert_eq!(
            labels,
            [
                "under 10",
                "10-13",
                "14-15",
                "16-17",
                "18-20",
                "21-24",
                "25 and over"
            ]
        );
        for age in 0..40 {
            assert_eq!(
                age_band_in(age, &AGE_BANDS),
                crate::domain::age::age_band(age),
                "{age}"
            );
        }
        let mave = [16, 17, 18, 26];
        assert_eq!(
            age_band_labels(&mave),
            ["under 16", "16", "17", "18-25", "26 and over"]
        );
        assert_eq!(age_band_in(25, &mave), "18-25");
        assert_eq!(age_band_in(3, &[]), "all ages");
        assert!(age_bands_problem(&[10, 14]).is_none());
        assert!(age_bands_problem(&[14, 10]).is_some());
        assert!(age_bands_problem(&[0, 10]).is_some());
    }

    #[test]
    fn sections_are_checked_by_key() {
        let ok = sections(
            "[[section]]\nkind = \"attendance\"\ntitle = \"Agency attendance\"\n\
             [[section]]\nkind = \"counts\"\ntitle = \"Gender\"\nkey = \"by_gender\"\n\
             count = \"referrals\"\nby = \"gender\"\n[[section]]\nkind = \"risk_and_closures\"\n",
        );
        assert!(sections_problems(&ok).is_empty());
        let bad = sections(
            "[[section]]\nkind = \"counts\"\ntitle = \"G\"\nkey = \"referrals\"\n\
             count = \"closures\"\nby = \"gender\"\n[[section]]\nkind = \"declined\"\n\
             count = \"referrals\"\n[[section]]\nkind = \"declined\"\ntitle = \"D\"\n",
        );
        let p = sections_problems(&bad);
        assert_eq!(
            p,
            vec![
                "return.section 1 (G): key: referrals is taken",
                "return.section 1 (G): by: closures cannot be broken down by gender (they take: month, why)",
                "return.section 2: title: give the section's heading",
                "return.section 2 (declined): key, count and by belong to kind = \"counts\" only",
                "return.section 3: kind declined appears twice",
            ]
        );
    }
}
