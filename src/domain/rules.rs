//! The panel's rules (sections 7, 10, 11 and Appendices C and D).

use chrono::NaiveDate;

use super::agenda::AgendaKind;
use super::paperwork::{Paperwork, Rule};
use super::types::{CaseStatus, Role};

/// Why a case cannot be opened to the panel: the panel file's `[exclusion]` (MAGPan,
/// section 10.1: managed under MAPPA level 2 or 3). `Display` is one line in the
/// panel's own words and section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The MAPPA level that excludes the case.
    pub level: u8,
    message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// May the panel hear a case managed at MAPPA `level` (`None`: not managed under
/// MAPPA)? Refused when `[exclusion] mappa_levels` lists the level. MAGPan, section
/// 10.1: "MAGPan will not consider those individuals who are currently being managed
/// under MAPPA Level 2 or Level 3 ... MAGPan will accept referrals ... once the level
/// has been reduced to Level 1".
pub fn check_mappa(level: Option<u8>, rules: &Paperwork) -> Result<(), Refusal> {
    match level {
        Some(l) if rules.exclusion.excludes_mappa(Some(l)) => {
            let lowest = rules
                .exclusion
                .mappa_levels
                .iter()
                .min()
                .copied()
                .unwrap_or(l);
            let lifted = match lowest.checked_sub(1).filter(|n| *n >= 1) {
                Some(n) => format!("it can be opened once the level is reduced to {n}"),
                None => "it can be opened once it is no longer managed at that level".into(),
            };
            Err(Refusal {
                level: l,
                message: format!(
                    "managed under MAPPA level {l}: the panel does not consider MAPPA level {} cases{}; {lifted}",
                    rules.exclusion.levels_words(),
                    rules.cite.paren(Rule::Exclusion)
                ),
            })
        }
        _ => Ok(()),
    }
}

/// Section 7.3: the YOS "normally" acts as lead agency for under 18s deemed to pose a
/// significant risk to others. The runner suggests it for every under-18 case and the
/// panel may choose otherwise. Returns the agency code to suggest.
pub fn suggested_lead_agency(age_on_meeting: Option<u32>, under_18_lead: &str) -> Option<&str> {
    match age_on_meeting {
        Some(a) if a < 18 => Some(under_18_lead),
        _ => None,
    }
}

/// The lead agency may not change here (`[lead_agency] change_only_at_review`; MAGPan,
/// section 7.8). `Display` is one line with the panel's section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadChangeError {
    cite: String,
}

impl std::fmt::Display for LeadChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the lead agency can be changed only at a review{}",
            self.cite
        )
    }
}

/// May the lead agency be set to `new` in the agenda item `at`, given the `current`
/// lead agency of the case? Appointing the first lead agency is always allowed; where
/// the panel file says `change_only_at_review` (MAGPan, section 7.8) changing it is
/// allowed only at a review.
pub fn check_lead_agency_change<T: PartialEq>(
    current: Option<&T>,
    new: Option<&T>,
    at: AgendaKind,
    rules: &Paperwork,
) -> Result<(), LeadChangeError> {
    match (current, new) {
        _ if !rules.lead_agency.change_only_at_review => Ok(()),
        (Some(c), Some(n)) if c == n => Ok(()),
        (None, _) => Ok(()),
        _ if at == AgendaKind::Reviews => Ok(()),
        _ => Err(LeadChangeError {
            cite: rules.cite.paren(Rule::LeadAgencyChange),
        }),
    }
}

/// State of the confidentiality gate for case items (Appendix C; Appendix D item 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Open,
    Overridden { reason: String },
    Locked { unsigned: Vec<String> },
}

impl Gate {
    pub fn allows_cases(&self) -> bool {
        !matches!(self, Gate::Locked { .. })
    }
}

/// Case items may not start until everyone present has signed the confidentiality
/// statement, unless the chair overrides with a recorded, non-blank reason.
/// `present` lists (name, signed) for each person in the room.
pub fn confidentiality_gate(present: &[(String, bool)], override_reason: Option<&str>) -> Gate {
    let unsigned: Vec<String> = present
        .iter()
        .filter(|(_, s)| !s)
        .map(|(n, _)| n.clone())
        .collect();
    if present.is_empty() {
        return Gate::Locked { unsigned: vec![] };
    }
    if unsigned.is_empty() {
        return Gate::Open;
    }
    match override_reason.map(str::trim) {
        Some(r) if !r.is_empty() => Gate::Overridden {
            reason: r.to_string(),
        },
        _ => Gate::Locked { unsigned },
    }
}

/// Who stays after the formal close: the roles the panel file names in
/// `after_close_roles` (MAGPan, Appendix D before item 9: the Chair, the MAPPA
/// Coordinator and the coordinator who takes the minutes).
pub fn stays_after_formal_close(role: Role, after_close: &[Role]) -> bool {
    after_close.contains(&role)
}

/// Is an open case due for review at a meeting on `meeting`? Appendix D item 8 and
/// section 7.6: the lead agency feeds back "on allocated dates"; a case whose allocated
/// date has passed without a review is still due.
pub fn review_due(status: CaseStatus, next_review: Option<NaiveDate>, meeting: NaiveDate) -> bool {
    status == CaseStatus::Open && next_review.is_some_and(|d| d <= meeting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn magpan() -> Paperwork {
        Paperwork::magpan()
    }

    #[test]
    fn section_10_1_mappa_level_2_and_3_refused() {
        let m = magpan();
        assert_eq!(check_mappa(Some(2), &m).unwrap_err().level, 2);
        assert_eq!(check_mappa(Some(3), &m).unwrap_err().level, 3);
        assert_eq!(
            check_mappa(Some(2), &m).unwrap_err().to_string(),
            "managed under MAPPA level 2: the panel does not consider MAPPA level 2 or 3 cases \
             (section 10.1); it can be opened once the level is reduced to 1"
        );
    }

    #[test]
    fn section_10_1a_mappa_level_1_and_none_accepted() {
        assert_eq!(check_mappa(Some(1), &magpan()), Ok(()));
        assert_eq!(check_mappa(None, &magpan()), Ok(()));
    }

    #[test]
    fn section_10_1_level_lowered_from_2_to_1_lifts_exclusion() {
        let mut level = Some(2);
        assert!(check_mappa(level, &magpan()).is_err());
        level = Some(1);
        assert!(check_mappa(level, &magpan()).is_ok());
    }

    #[test]
    fn a_panel_without_an_exclusion_hears_mappa_level_3() {
        // MAGPan's section 10.1 is MAGPan's: a MAPPA panel hears its own cases.
        assert_eq!(check_mappa(Some(3), &Paperwork::default()), Ok(()));
    }

    #[test]
    fn section_7_3_yos_suggested_for_under_18s_only() {
        assert_eq!(suggested_lead_agency(Some(15), "YOS"), Some("YOS"));
        assert_eq!(suggested_lead_agency(Some(17), "YOS"), Some("YOS"));
        assert_eq!(suggested_lead_agency(Some(18), "YOS"), None);
        assert_eq!(suggested_lead_agency(None, "YOS"), None);
    }

    #[test]
    fn section_7_8_lead_agency_changed_only_at_review() {
        let (yos, pol) = ("YOS", "POL");
        // Appointing at a new referral item is allowed.
        let m = magpan();
        assert!(
            check_lead_agency_change(None, Some(&yos), AgendaKind::NewReferralsUnder18, &m).is_ok()
        );
        // Setting the same again is not a change.
        assert!(check_lead_agency_change(
            Some(&yos),
            Some(&yos),
            AgendaKind::NewReferralsOver18,
            &m
        )
        .is_ok());
        // Changing outside a review is refused, citing the panel's section.
        assert_eq!(
            check_lead_agency_change(Some(&yos), Some(&pol), AgendaKind::NewReferralsUnder18, &m)
                .unwrap_err()
                .to_string(),
            "the lead agency can be changed only at a review (section 7.8)"
        );
        assert!(check_lead_agency_change(Some(&yos), None, AgendaKind::Mappa, &m).is_err());
        // At a review it is allowed.
        assert!(check_lead_agency_change(Some(&yos), Some(&pol), AgendaKind::Reviews, &m).is_ok());
        // A panel without the rule may change it at any item.
        assert!(check_lead_agency_change(
            Some(&yos),
            Some(&pol),
            AgendaKind::NewReferrals,
            &Paperwork::default()
        )
        .is_ok());
    }

    fn people(v: &[(&str, bool)]) -> Vec<(String, bool)> {
        v.iter().map(|(n, s)| (n.to_string(), *s)).collect()
    }

    #[test]
    fn appendix_c_gate_open_only_when_all_present_signed() {
        let all = people(&[("A", true), ("B", true)]);
        assert_eq!(confidentiality_gate(&all, None), Gate::Open);
        let one = people(&[("A", true), ("B", false)]);
        assert_eq!(
            confidentiality_gate(&one, None),
            Gate::Locked {
                unsigned: vec!["B".into()]
            }
        );
        assert!(!confidentiality_gate(&one, None).allows_cases());
    }

    #[test]
    fn appendix_c_chair_override_needs_a_reason() {
        let one = people(&[("A", true), ("B", false)]);
        assert!(!confidentiality_gate(&one, Some("   ")).allows_cases());
        let g = confidentiality_gate(&one, Some(" B joined by phone, signs after "));
        assert_eq!(
            g,
            Gate::Overridden {
                reason: "B joined by phone, signs after".into()
            }
        );
        assert!(g.allows_cases());
    }

    #[test]
    fn appendix_c_nobody_present_keeps_gate_locked() {
        assert!(!confidentiality_gate(&[], None).allows_cases());
    }

    #[test]
    fn appendix_d_formal_close_leaves_chair_mappa_and_syv_coordinators() {
        let magpan = crate::domain::panel_def::PanelDef::magpan().after_close_roles;
        assert!(stays_after_formal_close(Role::Chair, &magpan));
        assert!(stays_after_formal_close(Role::MappaCoordinator, &magpan));
        assert!(stays_after_formal_close(Role::Coordinator, &magpan));
        assert!(!stays_after_formal_close(Role::ViceChair, &magpan));
        assert!(!stays_after_formal_close(Role::Member, &magpan));
    }

    #[test]
    fn section_7_6_review_due_on_or_after_allocated_date() {
        let m: NaiveDate = "2026-12-09".parse().unwrap();
        let due: NaiveDate = "2026-12-09".parse().unwrap();
        let later: NaiveDate = "2027-01-13".parse().unwrap();
        let missed: NaiveDate = "2026-11-11".parse().unwrap();
        assert!(review_due(CaseStatus::Open, Some(due), m));
        assert!(review_due(CaseStatus::Open, Some(missed), m));
        assert!(!review_due(CaseStatus::Open, Some(later), m));
        assert!(!review_due(CaseStatus::Closed, Some(due), m));
        assert!(!review_due(CaseStatus::Open, None, m));
    }

    #[test]
    fn section_9_over_25_allowed_with_note() {
        use crate::domain::paperwork::AgeVerdict;
        let m = magpan();
        assert_eq!(m.age.check(Some(24), &m.cite), AgeVerdict::Fits);
        assert_eq!(
            m.age.check(Some(25), &m.cite),
            AgeVerdict::Note(
                "aged 25 or over: the panel may consider this only in some circumstances (section 9)"
                    .into()
            )
        );
    }
}
