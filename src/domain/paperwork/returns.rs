//! A panel's monitoring return as data (`[return]` with `[[return.table]]`, issue 22,
//! REQUIREMENTS.md 9.2 row G5): what each table counts over the period and how it is
//! broken down, so a MARAC owes its quarterly meeting-level figures (cases heard,
//! repeats, children in households), a MAPPA panel its category × level counts and
//! CAMP its quarterly figures, each from its own file. Every count goes through the
//! panel's small-number threshold (`crate::domain::disclosure`) unless the coordinator
//! asks for exact figures.

use serde::{Deserialize, Serialize};

use super::form::{FieldDef, FieldType, FormDef};
use super::return_sections::{age_bands_problem, sections_problems, ReturnSection, AGE_BANDS};

/// What a table counts, over the period `--from`..`--to` (both days included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// Referrals received in the period.
    Referrals,
    /// Cases discussed at meetings held in the period, each once (repeats included,
    /// as SafeLives counts them).
    CasesHeard,
    /// Cases heard that came back within the panel's repeat window (marked a repeat
    /// at intake).
    Repeats,
    /// People of role `child` on the cases heard (children in the household).
    Children,
    /// Meetings held in the period.
    Meetings,
    /// Actions agreed at meetings held in the period.
    Actions,
    /// Agencies present at meetings held in the period: one count per meeting
    /// attended.
    Attendance,
    /// Onward referrals made at meetings held in the period.
    OnwardReferrals,
    /// Cases closed in the period.
    Closures,
    /// Decisions recorded at meetings held in the period, one per case discussed
    /// with a decision (a case decided at two meetings counts twice); a page whose
    /// choice was never finished is no decision (as the minutes and `case ID` read it).
    Decisions,
    /// Cases brought back: heard in the period after an earlier hearing (a review,
    /// an agreed bring-back date), each once.
    BroughtBack,
}

impl Counted {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Counted; 11] = [
        Self::Referrals,
        Self::CasesHeard,
        Self::Repeats,
        Self::Children,
        Self::Meetings,
        Self::Actions,
        Self::Attendance,
        Self::OnwardReferrals,
        Self::Closures,
        Self::Decisions,
        Self::BroughtBack,
    ];

    /// The code in panel files (`cases_heard`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Self::Referrals => "referrals",
            Self::CasesHeard => "cases_heard",
            Self::Repeats => "repeats",
            Self::Children => "children",
            Self::Meetings => "meetings",
            Self::Actions => "actions",
            Self::Attendance => "attendance",
            Self::OnwardReferrals => "onward_referrals",
            Self::Closures => "closures",
            Self::Decisions => "decisions",
            Self::BroughtBack => "brought_back",
        }
    }

    /// The breakdowns this count can take (besides none).
    pub fn takes(self) -> &'static [By] {
        use By::*;
        const CASE: &[By] = &[
            ReferringAgency,
            LeadAgency,
            Gender,
            Ethnicity,
            AgeBand,
            Ward,
            MappaCategory,
            MappaLevel,
            CategoryLevel,
            Decision,
            Risk,
            RiskChange,
            Repeat,
            Anonymous,
            Urgent,
            SubjectKind,
            Field,
        ];
        const CLOSED: &[By] = &[
            ClosureReason,
            ReferringAgency,
            LeadAgency,
            Gender,
            Ethnicity,
            AgeBand,
            Ward,
            Decision,
            Risk,
            RiskChange,
            SubjectKind,
            Field,
        ];
        match self {
            Self::Referrals | Self::CasesHeard | Self::Repeats | Self::BroughtBack => CASE,
            Self::Children => &[],
            Self::Meetings => &[Kind],
            Self::Actions => &[Agency, Outcome],
            Self::Attendance => &[Agency],
            Self::OnwardReferrals => &[OnwardKind],
            Self::Closures => CLOSED,
            Self::Decisions => &[Decision],
        }
    }
}

/// How a table's count is broken down into rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// The agency that referred the case (code).
    ReferringAgency,
    /// The case's lead agency (code; "none" before one is agreed).
    LeadAgency,
    /// The subject's gender as recorded.
    Gender,
    /// The subject's ethnicity as recorded.
    Ethnicity,
    /// The subject's age band on the day the referral was received.
    AgeBand,
    /// The ward of the address.
    Ward,
    /// MAPPA category (1-3).
    MappaCategory,
    /// MAPPA level (1-3).
    MappaLevel,
    /// MAPPA category and level together ("category 1, level 2").
    CategoryLevel,
    /// The last decision on the case in the period (the panel's words).
    Decision,
    /// Risk level when the case opened → now ("High → Medium").
    Risk,
    /// Risk when the case opened against now, on the panel's scale: "reduced",
    /// "unchanged", "increased", or "not recorded" (either level missing or off the
    /// scale).
    RiskChange,
    /// A repeat referral, yes or no.
    Repeat,
    /// Heard anonymously, yes or no.
    Anonymous,
    /// Marked urgent, yes or no.
    Urgent,
    /// The agency (an action's, or one present).
    Agency,
    /// The meeting's kind or type.
    Kind,
    /// The onward referral's kind (the panel's words).
    OnwardKind,
    /// Why the case was closed.
    ClosureReason,
    /// The answer to one field of the panel's referral form (the table's `field`): a
    /// choice's option, each option ticked of a multi-choice (a checklist's reasons:
    /// a case with two ticked counts under both, so the rows may add up to more than
    /// the total), or yes / no. Never a text field: free text could name someone.
    Field,
    /// What became of an action: done, not done (and why), carried over, still open.
    Outcome,
    /// The subject's kind: person, group, person of concern, location (issue 22, gap
    /// D1; MAVE's monitoring counts referrals by kind, REQUIREMENTS.md 2.7).
    SubjectKind,
}

impl By {
    /// The code in panel files.
    pub fn code(self) -> &'static str {
        match self {
            Self::ReferringAgency => "referring_agency",
            Self::LeadAgency => "lead_agency",
            Self::Gender => "gender",
            Self::Ethnicity => "ethnicity",
            Self::AgeBand => "age_band",
            Self::Ward => "ward",
            Self::MappaCategory => "mappa_category",
            Self::MappaLevel => "mappa_level",
            Self::CategoryLevel => "category_level",
            Self::Decision => "decision",
            Self::Risk => "risk",
            Self::RiskChange => "risk_change",
            Self::Repeat => "repeat",
            Self::Anonymous => "anonymous",
            Self::Urgent => "urgent",
            Self::Agency => "agency",
            Self::Kind => "kind",
            Self::OnwardKind => "onward_kind",
            Self::ClosureReason => "closure_reason",
            Self::Field => "field",
            Self::Outcome => "outcome",
            Self::SubjectKind => "subject_kind",
        }
    }
}

/// One table of the return (`[[return.table]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnTable {
    /// The table's heading, in the panel's words ("Cases heard", "Children in the
    /// households").
    pub title: String,
    /// What it counts.
    pub count: Counted,
    /// How the count is broken down; none: one figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<By>,
    /// Where the panel's document asks for it (shown under the heading).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cite: String,
    /// With `by = "field"`: the key of the referral form's field whose answers break
    /// the count down (a choice, multi-choice or yes/no field of one of its forms).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
}

/// The panel's return (`[return]`): its title and tables, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnSpec {
    /// The return's title ("MARAC quarterly data").
    pub title: String,
    /// Who it goes to ("SafeLives", "the Strategic Management Board").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub for_whom: String,
    /// The tables, in the order printed.
    #[serde(rename = "table", default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<ReturnTable>,
    /// Or the sections, in the order printed: a return laid out as MAGPan's section
    /// 12 is (`[[return.section]]`, [`super::return_sections`]).
    #[serde(rename = "section", default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<ReturnSection>,
    /// The first age of each age band after the youngest (`[10, 14, 16, 18, 21,
    /// 25]`: under 10, 10-13, ..., 25 and over); none: those of section 12
    /// ([`AGE_BANDS`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub age_bands: Vec<u32>,
}

impl ReturnSpec {
    /// The first ages of the age bands after the youngest: the return's, or section
    /// 12's.
    pub fn bands(&self) -> &[u32] {
        if self.age_bands.is_empty() {
            &AGE_BANDS
        } else {
            &self.age_bands
        }
    }

    /// Everything wrong with the return, each naming its key: no title, no table, a
    /// breakdown the count cannot take, a `field` that is not a choice of one of the
    /// panel's `forms`.
    pub fn problems(&self, forms: &[FormDef]) -> Vec<String> {
        let mut out = vec![];
        if self.title.trim().is_empty() {
            out.push("return.title: give the return's title".into());
        }
        match (self.tables.is_empty(), self.sections.is_empty()) {
            (true, true) => out.push("return.table: give at least one table".into()),
            (false, false) => {
                out.push("return.section: a return has tables or sections, not both".into())
            }
            _ => out.extend(sections_problems(&self.sections)),
        }
        out.extend(age_bands_problem(&self.age_bands));
        for (i, t) in self.tables.iter().enumerate() {
            let n = i + 1;
            if t.title.trim().is_empty() {
                out.push(format!("return.table {n}: title: give the table's heading"));
            }
            if let Some(by) = t.by {
                if !t.count.takes().contains(&by) {
                    let can: Vec<&str> = t.count.takes().iter().map(|b| b.code()).collect();
                    out.push(format!(
                        "return.table {n} ({}): by: {} counts cannot be broken down by {}{}",
                        t.title,
                        t.count.code(),
                        by.code(),
                        if can.is_empty() {
                            " (they take no breakdown)".to_string()
                        } else {
                            format!(" (they take: {})", can.join(", "))
                        }
                    ));
                }
            }
            out.extend(field_problem(t, n, forms));
        }
        out
    }
}

/// What is wrong with table `n`'s `field`: missing with `by = "field"`, given without
/// it, not a field of any form, or a field whose answers are free text.
fn field_problem(t: &ReturnTable, n: usize, forms: &[FormDef]) -> Option<String> {
    let at = format!("return.table {n} ({})", t.title);
    match (t.by == Some(By::Field), t.field.trim().is_empty()) {
        (false, true) => None,
        (true, true) => Some(format!(
            "{at}: field: name the form field to break the count down by"
        )),
        (false, false) => Some(format!("{at}: field: only by = \"field\" takes a field")),
        (true, false) => match field_def(forms, &t.field) {
            None => Some(format!(
                "{at}: field: no form of the panel has a field {}",
                t.field
            )),
            Some(f) if !counts_by(f.kind) => Some(format!(
                "{at}: field: {} is a {} field; a return counts only choice, multi_choice or yes_no answers",
                t.field,
                f.kind.code()
            )),
            Some(_) => None,
        },
    }
}

/// Can a return count the answers of a field of type `kind`?
fn counts_by(kind: FieldType) -> bool {
    matches!(
        kind,
        FieldType::Choice | FieldType::MultiChoice | FieldType::YesNo
    )
}

/// The field `key` of the first of `forms` that has it.
pub fn field_def<'a>(forms: &'a [FormDef], key: &str) -> Option<&'a FieldDef> {
    forms.iter().find_map(|f| f.field(key.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> ReturnSpec {
        #[derive(Deserialize)]
        struct F {
            #[serde(rename = "return")]
            r: ReturnSpec,
        }
        toml::from_str::<F>(text).unwrap().r
    }

    #[test]
    fn a_return_reads_and_checks_its_breakdowns() {
        let ok = spec(
            r#"
[return]
title = "MARAC quarterly data"
[[return.table]]
title = "Cases heard"
count = "cases_heard"
[[return.table]]
title = "Cases heard by referring agency"
count = "cases_heard"
by = "referring_agency"
"#,
        );
        assert!(ok.problems(&[]).is_empty(), "{:?}", ok.problems(&[]));
        assert_eq!(ok.tables[1].by, Some(By::ReferringAgency));

        let bad = spec(
            r#"
[return]
title = "x"
[[return.table]]
title = "Children"
count = "children"
by = "gender"
"#,
        );
        let p = bad.problems(&[]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains(
                "return.table 1 (Children): by: children counts cannot be broken down by gender"
            ),
            "{p:?}"
        );
    }

    #[test]
    fn an_unknown_count_is_refused_by_name() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct F {
            #[serde(rename = "return")]
            r: ReturnSpec,
        }
        let e = toml::from_str::<F>(
            "[return]\ntitle = \"x\"\n[[return.table]]\ntitle = \"y\"\ncount = \"cakes\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("cakes") && e.contains("cases_heard"), "{e}");
    }

    #[test]
    fn a_breakdown_by_field_names_a_choice_of_one_of_the_forms() {
        let forms: Vec<FormDef> = vec![toml::from_str(
            r#"
code = "t"
title = "Test"
[[field]]
key = "why"
label = "Why"
type = "multi_choice"
options = [{ code = "a", label = "A" }]
[[field]]
key = "story"
label = "Story"
type = "long_text"
"#,
        )
        .expect("form parses")];
        let table = |extra: &str| {
            spec(&format!(
                "[return]\ntitle = \"x\"\n[[return.table]]\ntitle = \"T\"\ncount = \"referrals\"\n{extra}"
            ))
            .problems(&forms)
        };
        assert!(table("by = \"field\"\nfield = \"why\"").is_empty());
        let one = |extra: &str| {
            let p = table(extra);
            assert_eq!(p.len(), 1, "{p:?}");
            p[0].clone()
        };
        assert_eq!(
            one("by = \"field\""),
            "return.table 1 (T): field: name the form field to break the count down by"
        );
        assert_eq!(
            one("by = \"gender\"\nfield = \"why\""),
            "return.table 1 (T): field: only by = \"field\" takes a field"
        );
        assert_eq!(
            one("by = \"field\"\nfield = \"nope\""),
            "return.table 1 (T): field: no form of the panel has a field nope"
        );
        // Free text could name someone: never a key of a published count.
        assert!(one("by = \"field\"\nfield = \"story\"").contains("story is a long_text field"));
        // Actions break down by outcome; meetings cannot.
        assert!(spec(
            "[return]\ntitle = \"x\"\n[[return.table]]\ntitle = \"A\"\ncount = \"actions\"\nby = \"outcome\"\n"
        )
        .problems(&[])
        .is_empty());
        assert_eq!(
            spec(
                "[return]\ntitle = \"x\"\n[[return.table]]\ntitle = \"M\"\ncount = \"meetings\"\nby = \"outcome\"\n"
            )
            .problems(&[])
            .len(),
            1
        );
    }
}
