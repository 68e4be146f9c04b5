//! Guests for one case (issue 21, gap C6): a professional invited for one case with
//! the chair's agreement given before the meeting, who joins at their case and leaves
//! after it. Victims, family members and other interested parties are not invited
//! (003 App 3A "Attendance by Victims and/or family members"; MR7).

use chrono::NaiveDate;

/// In what capacity someone would attend: only a professional may be a guest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capacity {
    /// A professional from an agency (on the panel or not).
    Professional,
    /// The victim of the case.
    Victim,
    /// A member of the family.
    FamilyMember,
    /// Another interested party (a friend, a neighbour, an advocate for the family).
    OtherInterested,
}

impl Capacity {
    /// Every capacity, in the order a dialog offers them.
    pub const ALL: [Capacity; 4] = [
        Capacity::Professional,
        Capacity::Victim,
        Capacity::FamilyMember,
        Capacity::OtherInterested,
    ];

    /// The words in a dialog and in messages.
    pub fn label(self) -> &'static str {
        match self {
            Capacity::Professional => "a professional",
            Capacity::Victim => "the victim",
            Capacity::FamilyMember => "a family member",
            Capacity::OtherInterested => "another interested party",
        }
    }
}

/// An invitation as asked for, before the store checks it against the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation<'a> {
    pub name: &'a str,
    pub capacity: Capacity,
    /// A panel agency was chosen, or `agency_text` names one that is not.
    pub panel_agency: bool,
    pub agency_text: &'a str,
    pub agreed_by: &'a str,
    pub agreed_on: Option<NaiveDate>,
}

/// What is wrong with `inv` for a meeting on `meeting_day`, in one line naming the
/// field; `cite` is the panel's citation for guests (" (App 3A, ...)" or "").
pub fn invitation_problem(
    inv: &Invitation<'_>,
    meeting_day: NaiveDate,
    cite: &str,
) -> Option<String> {
    if inv.capacity != Capacity::Professional {
        return Some(format!(
            "{} is not invited: victims, family members and other interested parties make their concerns known in writing to the chair or through their referrer{cite}",
            capitalised(inv.capacity.label())
        ));
    }
    if inv.name.trim().is_empty() {
        return Some("Name: who is invited?".into());
    }
    if !inv.panel_agency && inv.agency_text.trim().is_empty() {
        return Some("Agency: choose a panel agency or name theirs".into());
    }
    if inv.agreed_by.trim().is_empty() {
        return Some(format!(
            "Agreed by: the chair agrees to a guest in advance{cite}"
        ));
    }
    match inv.agreed_on {
        None => Some("Agreed on: the date the chair agreed (YYYY-MM-DD)".into()),
        Some(d) if d > meeting_day => Some(format!(
            "Agreed on: the chair agrees before the meeting ({meeting_day}){cite}"
        )),
        Some(_) => None,
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn inv(capacity: Capacity) -> Invitation<'static> {
        Invitation {
            name: "Perpetua Haldane",
            capacity,
            panel_agency: false,
            agency_text: "Refuge outreach service",
            agreed_by: "Chair",
            agreed_on: Some(day("2027-01-05")),
        }
    }

    #[test]
    fn app_3a_a_professional_from_any_agency_agreed_in_advance_is_invited() {
        assert_eq!(
            invitation_problem(&inv(Capacity::Professional), day("2027-01-12"), ""),
            None
        );
    }

    #[test]
    fn app_3a_victims_and_family_members_are_not_invited() {
        for c in [
            Capacity::Victim,
            Capacity::FamilyMember,
            Capacity::OtherInterested,
        ] {
            let said = invitation_problem(&inv(c), day("2027-01-12"), " (App 3A)").unwrap();
            assert!(
                said.contains("is not invited") && said.ends_with(" (App 3A)"),
                "{said}"
            );
        }
    }

    #[test]
    fn app_3a_the_chair_agrees_before_the_meeting_and_an_agency_is_named() {
        let mut late = inv(Capacity::Professional);
        late.agreed_on = Some(day("2027-01-13"));
        let said = invitation_problem(&late, day("2027-01-12"), "").unwrap();
        assert!(said.starts_with("Agreed on:"), "{said}");
        let mut nobody = inv(Capacity::Professional);
        nobody.agency_text = " ";
        let said = invitation_problem(&nobody, day("2027-01-12"), "").unwrap();
        assert!(said.starts_with("Agency:"), "{said}");
    }
}
