//! Plain enumerations stored as text in the database and shown in the interface.

use serde::{Deserialize, Serialize};

/// Define an enum with stable database codes and human labels.
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable code stored in the database and used on the command line.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// Words for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

coded_enum!(
    /// Panel roles (section 5.4). A panel with co-chairs names two `co_chair` posts.
    Role {
        Chair => "chair", "Chair";
        ViceChair => "vice_chair", "Vice Chair";
        Coordinator => "coordinator", "Coordinator / minute-taker";
        MappaCoordinator => "mappa_coordinator", "MAPPA Coordinator";
        Member => "member", "Member";
        CoChair => "co_chair", "Co-chair";
    }
);

coded_enum!(
    MeetingState {
        Planned => "planned", "planned";
        InProgress => "in_progress", "in progress";
        FormallyClosed => "formally_closed", "formally closed";
        Closed => "closed", "closed";
    }
);

coded_enum!(
    /// Attendance marks (items 1-2, section 5.5).
    AttendanceStatus {
        Present => "present", "present";
        Apology => "apology", "apology";
        Deputy => "deputy", "present as deputy";
        WrittenSubmission => "written_submission", "apology, written submission sent";
        Absent => "absent", "absent";
    }
);

coded_enum!(
    /// How an action came to be volunteered (section 7.2: agencies volunteer actions;
    /// the chair does not allocate them).
    VolunteeredHow {
        InPerson => "in_person", "in the room";
        Deputy => "deputy", "by a deputy";
        WrittenSubmission => "written_submission", "by written submission";
        Agreement => "agreement", "agreed by the panel for an agency not present";
        Duty => "duty", "a duty under the protocol";
    }
);

impl VolunteeredHow {
    /// Who offered an action, as the minutes and lookups say it: the name, marked
    /// when it came by a deputy or a written submission; the panel's agreement has no
    /// name.
    pub fn describe(self, name: &str) -> String {
        match self {
            Self::InPerson => name.to_string(),
            Self::Deputy => format!("{name} (deputy)"),
            Self::WrittenSubmission => format!("{name} (written submission)"),
            Self::Agreement => "agreed by the panel".to_string(),
            Self::Duty => "duty under the protocol".to_string(),
        }
    }
}

impl AttendanceStatus {
    /// In the room: must sign the confidentiality statement.
    pub fn is_present(self) -> bool {
        matches!(self, Self::Present | Self::Deputy)
    }
}

coded_enum!(
    /// The standard decisions' codes (Appendix D items 6-8, section 11): those of a
    /// panel whose file names none, and MAGPan's. A case discussion stores the code of
    /// one of its panel's `[[decision]]`s
    /// ([`crate::domain::paperwork::DecisionDef`]), which may be none of these.
    Decision {
        Open => "open", "open to panel";
        OneToWatch => "one_to_watch", "one to watch";
        Decline => "decline", "declined";
        ReferElsewhere => "refer_elsewhere", "referred elsewhere";
        NextReview => "next_review", "review again";
        Close => "close", "closed to panel";
    }
);

impl Decision {
    /// Offered at new referrals.
    pub const NEW_REFERRAL: &'static [Decision] = &[
        Self::Open,
        Self::OneToWatch,
        Self::Decline,
        Self::ReferElsewhere,
    ];
    /// Offered at reviews.
    pub const REVIEW: &'static [Decision] = &[Self::NextReview, Self::Close];
}

coded_enum!(
    /// Where a case stands with the panel.
    CaseStatus {
        Received => "received", "received";
        OnAgenda => "on_agenda", "on agenda";
        Open => "open", "open to panel";
        OneToWatch => "one_to_watch", "one to watch";
        Declined => "declined", "declined";
        ReferredElsewhere => "referred_elsewhere", "referred elsewhere";
        Excluded => "excluded", "excluded (MAPPA level 2/3)";
        Closed => "closed", "closed";
    }
);

coded_enum!(
    /// Where an onward referral stands; its kinds are the panel's own
    /// (`[[onward_kind]]`, [`crate::domain::paperwork::OnwardKindDef`]).
    OnwardState {
        Considered => "considered", "considered";
        Made => "made", "made";
        NotNeeded => "not_needed", "not needed";
    }
);

coded_enum!(
    /// Child protection referral made for whom (section 12).
    CpFor {
        Subject => "subject", "subject";
        Siblings => "siblings", "siblings";
        Other => "other", "other";
    }
);

coded_enum!(
    ActionStatus {
        Open => "open", "open";
        Done => "done", "done";
        NotDoneCircumstances => "not_done_circumstances", "not done: circumstances changed";
        NotDoneAgency => "not_done_agency", "not done: agency did not act";
        CarriedOver => "carried_over", "carried over";
    }
);

coded_enum!(
    /// Core referral reason (section 12).
    CoreReason {
        AtRisk => "at_risk_of_gang_association", "At risk of gang association";
        Involvement => "involvement_in_gangs", "Involvement in gangs";
        Victim => "victim_of_gangs", "Victim of gangs";
        Affected => "directly_affected_by_gangs", "Directly affected by gangs";
    }
);

coded_enum!(
    /// Sexual exploitation or radicalisation issues identified (section 12).
    IssueRole {
        None => "none", "none identified";
        Victim => "victim", "victim";
        Perpetrator => "perpetrator", "perpetrator";
        Both => "both", "victim and perpetrator";
    }
);

coded_enum!(
    /// Whether the person or their parents know of the referral (Appendix A).
    Awareness {
        Yes => "yes", "yes";
        ParentsOnly => "parents_only", "parents only";
        No => "no", "no";
        NotKnown => "not_known", "not known";
    }
);

coded_enum!(
    /// Screening before the meeting (section 11).
    Screening {
        Pending => "pending", "not yet screened";
        Intelligence => "intelligence", "supporting intelligence: full risk assessment";
        NoIntelligence => "no_intelligence", "no supporting intelligence: one to watch";
        Excluded => "excluded", "excluded: MAPPA level 2/3";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for d in Decision::ALL {
            assert_eq!(Decision::from_code(d.code()), Some(*d));
        }
        for a in ActionStatus::ALL {
            assert_eq!(ActionStatus::from_code(a.code()), Some(*a));
        }
        assert_eq!(Role::from_code("nobody"), None);
    }

    #[test]
    fn section_5_5_deputy_is_in_the_room_written_submission_is_not() {
        assert!(AttendanceStatus::Deputy.is_present());
        assert!(!AttendanceStatus::WrittenSubmission.is_present());
        assert!(!AttendanceStatus::Apology.is_present());
    }
}
