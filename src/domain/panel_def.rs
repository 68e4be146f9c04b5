//! A panel described in a data file (`data/panels/*.toml`): name, marking, agencies,
//! standing roles, agenda, risk scale and meeting pattern. No code per panel.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::agenda::AgendaItemDef;
use super::cadence::Cadence;
use super::calendar::WorkingCalendar;
use super::paperwork::Paperwork;
use super::risk::RiskScale;
use super::types::Role;

pub const MAGPAN_TOML: &str = include_str!("../../data/panels/magpan.toml");
pub const CONFIDENTIALITY_STATEMENT: &str =
    include_str!("../../data/confidentiality_statement.txt");
/// The Deter Young Offenders panel (003 Appendix 4 A), shipped beside MAGPan.
pub const DYO_TOML: &str = include_str!("../../data/panels/dyo.toml");
/// The Case Assessment and Management Panel (003 Appendix 5), shipped beside MAGPan.
pub const CAMP_TOML: &str = include_str!("../../data/panels/camp.toml");
/// The Multi-Agency Risk Assessment Conference (003 Appendix 3), shipped beside MAGPan
/// (issue 21; its four-weekly pattern needs the cadence work of issue 20).
pub const MARAC_TOML: &str = include_str!("../../data/panels/marac.toml");
/// MAPPA level 2 and level 3 meetings (003 Appendix 2), shipped beside MAGPan.
pub const MAPPA_TOML: &str = include_str!("../../data/panels/mappa.toml");
/// The MAVE Panel (001, Lambeth), shipped beside MAGPan (issue 22).
pub const MAVE_TOML: &str = include_str!("../../data/panels/mave.toml");

/// The shipped panels' names, as `init --panel NAME` takes them (data/panels/NAME.toml).
pub const SHIPPED_PANELS: [&str; 6] = ["magpan", "dyo", "camp", "marac", "mappa", "mave"];

/// A shipped panel file by its name (`magpan`, `dyo`, `camp`, `mappa`, `mave`, with or without
/// `.toml`), for `init --panel dyo`.
pub fn shipped_panel(name: &str) -> Option<&'static str> {
    match name
        .trim()
        .trim_end_matches(".toml")
        .to_ascii_lowercase()
        .as_str()
    {
        "magpan" => Some(MAGPAN_TOML),
        "dyo" => Some(DYO_TOML),
        "camp" => Some(CAMP_TOML),
        "marac" => Some(MARAC_TOML),
        "mappa" => Some(MAPPA_TOML),
        "mave" => Some(MAVE_TOML),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyDef {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub police: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleDef {
    pub post: String,
    pub agency: String,
    pub role: String,
}

/// `[meeting_pattern]`: when the panel meets (see [`Cadence`] for what each key
/// means). Stored as JSON in `panel.meeting_pattern`; keys a pattern does not use are
/// left out of it, so a monthly pattern is stored as it always was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingPattern {
    /// "month", "weeks" or "quarter".
    pub every: String,
    /// With "weeks": 1 weekly, 2 fortnightly, 4 four-weekly, 6 six-weekly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u32>,
    /// With "weeks": the date of one meeting of the series; with "quarter": a date in
    /// one of the months the panel meets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<NaiveDate>,
    /// With "month" and "quarter"; with "weeks" it may be left out, else it must be
    /// the anchor's weekday.
    #[serde(default)]
    pub weekday: String,
    /// With "month" and "quarter": 1 to 5 (a 5th a month lacks is its 4th).
    #[serde(default)]
    pub week_of_month: u32,
    #[serde(default)]
    pub start_time: Option<String>,
    /// How long a meeting lasts (calendar events end this long after the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
}

impl MeetingPattern {
    /// The pattern as a [`Cadence`]; `None` for a pattern that does not check (one
    /// stored by hand): callers then fall back to the month after.
    pub fn cadence(&self) -> Option<Cadence> {
        Cadence::from_pattern(self).ok()
    }
}

#[derive(Debug, Clone, Deserialize)]
struct RawPanel {
    name: String,
    short_name: String,
    protective_marking: String,
    #[serde(default)]
    venue: String,
    #[serde(default = "default_cutoff")]
    cutoff_working_days: u32,
    #[serde(default = "default_circulation")]
    agenda_circulation_working_days: u32,
    #[serde(default = "default_small_number")]
    small_number_threshold: u32,
    #[serde(default)]
    under_18_lead_agency: Option<String>,
    #[serde(default)]
    confidentiality_statement: Option<String>,
    #[serde(default)]
    confidentiality_statement_file: Option<String>,
    #[serde(default)]
    risk_scale_file: Option<String>,
    meeting_pattern: MeetingPattern,
    #[serde(rename = "agency")]
    agencies: Vec<AgencyDef>,
    #[serde(rename = "role", default)]
    roles: Vec<RoleDef>,
    /// Roles that stay in the room after the formal close, by role code.
    #[serde(default = "default_after_close")]
    after_close_roles: Vec<String>,
    agenda: Vec<AgendaItemDef>,
}

/// MAGPan (Appendix D, before item 9): the Chair, the MAPPA Coordinator and the
/// coordinator who takes the minutes stay after the formal close.
fn default_after_close() -> Vec<String> {
    ["chair", "coordinator", "mappa_coordinator"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn default_cutoff() -> u32 {
    15
}
fn default_circulation() -> u32 {
    5
}
/// Counts below this are shown as "<5" in the monitoring return (statistical
/// disclosure control: a small number can identify a person).
fn default_small_number() -> u32 {
    5
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelDef {
    pub name: String,
    pub short_name: String,
    pub protective_marking: String,
    pub venue: String,
    pub cutoff_working_days: u32,
    pub agenda_circulation_working_days: u32,
    /// Counts in the monitoring return below this are suppressed (shown as "<N").
    pub small_number_threshold: u32,
    pub under_18_lead_agency: Option<String>,
    pub confidentiality_statement: String,
    pub risk_scale: RiskScale,
    pub meeting_pattern: MeetingPattern,
    pub agencies: Vec<AgencyDef>,
    pub roles: Vec<RoleDef>,
    /// Who stays in the room after the formal close.
    pub after_close_roles: Vec<Role>,
    pub agenda: Vec<AgendaItemDef>,
    /// The panel's rules, deadlines, decisions and forms ([`Paperwork`]).
    pub paperwork: Paperwork,
}

impl PanelDef {
    /// Parse a panel file. `read_file` resolves the names of files it refers to
    /// (relative to the `data/` folder); it returns `None` for a missing file.
    pub fn parse(text: &str, read_file: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
        // Read once for the errors (with their lines), then again from the file with
        // every string cleaned at the door.
        // Every value of the wrong type is listed (not only the first); the reading
        // goes on with stand-ins so that the other problems are found too.
        let (mut typed, text) = super::toml_errors::type_problems::<RawPanel>(text);
        let (more, text) = super::toml_errors::type_problems::<Paperwork>(&text);
        for p in more {
            if !typed.contains(&p) {
                typed.push(p);
            }
        }
        let text = text.as_str();
        let all = |mut problems: Vec<String>| -> String {
            problems.splice(0..0, typed.iter().cloned());
            problems
                .iter()
                .map(|p| format!("panel file: {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let at = |e: toml::de::Error| all(vec![toml_problem(text, &e)]);
        if toml::from_str::<RawPanel>(text).is_err() || toml::from_str::<Paperwork>(text).is_err() {
            // A problem with no stand-in (a syntax error, a missing key): what was
            // found is all that can be said.
            return Err(all(vec![]));
        }
        let mut value: toml::Value = toml::from_str(text).map_err(at)?;
        super::clean::clean_toml(&mut value);
        let paperwork = Paperwork::from_toml(&value)
            .map_err(|e| all(vec![e.trim_start_matches("panel file: ").to_string()]))?;
        let raw: RawPanel = value.try_into().map_err(|e| format!("panel file: {e}"))?;
        let statement = match (
            &raw.confidentiality_statement,
            &raw.confidentiality_statement_file,
        ) {
            (Some(s), _) => s.clone(),
            (None, Some(f)) => super::clean::clean(&read_file(f).ok_or_else(|| not_found(f))?),
            (None, None) => return Err("panel file: no confidentiality statement".into()),
        };
        let risk_scale = match &raw.risk_scale_file {
            Some(f) => RiskScale::parse_toml(&read_file(f).ok_or_else(|| not_found(f))?)?,
            None => RiskScale::default_scale(),
        };
        let mut problems = vec![];
        let after_close_roles = raw
            .after_close_roles
            .iter()
            .filter_map(|c| {
                let r = Role::from_code(c);
                if r.is_none() {
                    problems.push(format!(
                        "after_close_roles: unknown role {c} (one of {})",
                        role_codes()
                    ));
                }
                r
            })
            .collect();
        let def = PanelDef {
            name: raw.name,
            short_name: raw.short_name,
            protective_marking: raw.protective_marking,
            venue: raw.venue,
            cutoff_working_days: raw.cutoff_working_days,
            agenda_circulation_working_days: raw.agenda_circulation_working_days,
            small_number_threshold: raw.small_number_threshold,
            under_18_lead_agency: raw.under_18_lead_agency,
            confidentiality_statement: statement.trim_end().to_string(),
            risk_scale,
            meeting_pattern: raw.meeting_pattern,
            agencies: raw.agencies,
            roles: raw.roles,
            after_close_roles,
            agenda: raw.agenda,
            paperwork,
        };
        problems.extend(def.problems());
        problems.extend(
            def.paperwork
                .problems(&|code: &str| def.agency(code).is_some()),
        );
        problems.extend(super::paperwork::meeting_type_item_problems(
            &def.paperwork.meeting_types,
            &def.agenda.iter().map(|i| i.number).collect::<Vec<_>>(),
        ));
        if problems.is_empty() && typed.is_empty() {
            Ok(def)
        } else {
            Err(all(problems))
        }
    }

    /// The shipped MAGPan panel.
    pub fn magpan() -> Self {
        Self::parse(MAGPAN_TOML, &shipped_file).expect("shipped MAGPan panel file parses")
    }

    /// Everything wrong with the panel, each problem naming its key; empty when sound.
    fn problems(&self) -> Vec<String> {
        let mut out = vec![];
        if self.agencies.is_empty() {
            out.push("agency: no agencies".into());
        }
        for (i, a) in self.agencies.iter().enumerate() {
            if self.agencies[..i]
                .iter()
                .any(|o| o.code.eq_ignore_ascii_case(&a.code))
            {
                out.push(format!("agency[{i}].code: {} appears twice", a.code));
            }
        }
        for (i, r) in self.roles.iter().enumerate() {
            if self.agency(&r.agency).is_none() {
                out.push(format!(
                    "role[{i}].agency: '{}' names unknown agency {}",
                    r.post, r.agency
                ));
            }
            if Role::from_code(&r.role).is_none() {
                out.push(format!(
                    "role[{i}].role: '{}' has unknown role {} (one of {})",
                    r.post,
                    r.role,
                    role_codes()
                ));
            }
        }
        for sole in [Role::Chair, Role::Coordinator, Role::MappaCoordinator] {
            if self.roles.iter().filter(|r| r.role == sole.code()).count() > 1 {
                out.push(format!("role: more than one {} post", sole.code()));
            }
        }
        // Co-chairs share the chair: two posts, and no chair beside them.
        let co = self
            .roles
            .iter()
            .filter(|r| r.role == Role::CoChair.code())
            .count();
        if co > 2 {
            out.push("role: more than two co_chair posts".into());
        }
        if co > 0 && self.roles.iter().any(|r| r.role == Role::Chair.code()) {
            out.push("role: a chair post beside co_chair posts (co-chairs share the chair)".into());
        }
        if let Some(l) = &self.under_18_lead_agency {
            if self.agency(l).is_none() {
                out.push(format!("under_18_lead_agency: {l} is not an agency"));
            }
        }
        out.extend(agenda_problems(&self.agenda));
        out.extend(super::paperwork::routing_problems(
            &self.agenda,
            &self.paperwork.decisions,
        ));
        if let Err(e) = Cadence::from_pattern(&self.meeting_pattern) {
            out.extend(e);
        }
        out
    }

    /// The post title the panel file gives `role` (the first post with it).
    pub fn post_of(&self, role: Role) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.role == role.code())
            .map(|r| r.post.as_str())
    }

    pub fn agency(&self, code: &str) -> Option<&AgencyDef> {
        self.agencies
            .iter()
            .find(|a| a.code.eq_ignore_ascii_case(code))
    }

    /// The panel's cadence (checked when the file was read).
    pub fn cadence(&self) -> Cadence {
        Cadence::from_pattern(&self.meeting_pattern).expect("validated")
    }

    /// The pattern's first meeting in the month of `month` (on or after its 1st),
    /// moved to the next working day if it falls on a bank holiday.
    pub fn meeting_in_month(&self, month: NaiveDate, cal: &WorkingCalendar) -> NaiveDate {
        let first = chrono::Datelike::with_day(&month, 1).expect("day 1 exists");
        self.cadence().meetings_from(first, 1, cal)[0]
    }

    /// The first `count` pattern meetings on or after `from`.
    pub fn meetings_from(
        &self,
        from: NaiveDate,
        count: usize,
        cal: &WorkingCalendar,
    ) -> Vec<NaiveDate> {
        self.cadence().meetings_from(from, count, cal)
    }
}

fn role_codes() -> String {
    Role::ALL
        .iter()
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What is wrong with an agenda: numbers given once and rising; each kind at most
/// once (but `cases`, several times), each item's case filters sound; a confidentiality item before the case items, with an attendance item before
/// it; the after-close item after every case item, and only the MAPPA item after it.
pub fn agenda_problems(agenda: &[AgendaItemDef]) -> Vec<String> {
    use super::agenda::AgendaKind;
    let mut out = vec![];
    if agenda.is_empty() {
        out.push("agenda: empty".into());
        return out;
    }
    for (i, item) in agenda.iter().enumerate() {
        if item.title.trim().is_empty() {
            out.push(format!("agenda[{i}].title: empty"));
        }
        if let Some(prev) = i.checked_sub(1).map(|p| &agenda[p]) {
            if item.number <= prev.number {
                out.push(format!(
                    "agenda[{i}].number: {} after {}: numbers must rise",
                    item.number, prev.number
                ));
            }
        }
        // A generic case item may come several times (issue 21, E1).
        if item.kind != AgendaKind::Cases && agenda[..i].iter().any(|o| o.kind == item.kind) {
            out.push(format!(
                "agenda[{i}].kind: {} appears twice",
                item.kind.code()
            ));
        }

        if item.after_formal_close && item.kind != AgendaKind::Mappa {
            out.push(format!(
                "agenda[{i}].after_formal_close: only the mappa item comes after the formal close, not {}",
                item.kind.code()
            ));
        }
    }
    out.extend(super::agenda::item_option_problems(agenda));
    out.extend(super::case_items::filter_problems(agenda));
    let pos = |k: AgendaKind| agenda.iter().position(|i| i.kind == k);
    let first_case = agenda.iter().position(|i| i.kind.has_case_pages());
    let last_case = agenda.iter().rposition(|i| i.kind.has_case_pages());
    if let Some(first) = first_case {
        match pos(AgendaKind::Confidentiality) {
            None => out.push(
                "agenda: a confidentiality item is needed before the case items (Appendix C)"
                    .into(),
            ),
            Some(c) if c > first => out.push(format!(
                "agenda[{c}].kind: the confidentiality item must come before the case items"
            )),
            Some(c) => {
                let attendance = agenda[..c]
                    .iter()
                    .any(|i| matches!(i.kind, AgendaKind::Introductions | AgendaKind::Apologies));
                if !attendance {
                    out.push(format!(
                        "agenda[{c}].kind: an introductions or apologies item must come before the confidentiality item"
                    ));
                }
            }
        }
    }
    if let (Some(m), Some(last)) = (pos(AgendaKind::Mappa), last_case) {
        if m < last {
            out.push(format!(
                "agenda[{m}].kind: the mappa item must come after the case items"
            ));
        }
        if !agenda[m].after_formal_close {
            out.push(format!(
                "agenda[{m}].after_formal_close: the mappa item is heard after the formal close (set it true)"
            ));
        }
    }
    out
}

/// The panel file names a file that is neither beside it nor shipped.
fn not_found(name: &str) -> String {
    format!(
        "panel file: cannot read {name}: looked beside the panel file, then among the shipped files"
    )
}

/// One line for a TOML error: `line 2, column 14: invalid type: integer `1`, expected
/// a string` (the file's own line and column, without the excerpt `toml` draws under
/// its message, which would not survive a one-line message).
pub fn toml_problem(text: &str, e: &toml::de::Error) -> String {
    super::toml_errors::problem(text, e)
}

/// Files shipped inside the binary, by their name under `data/`.
pub fn shipped_file(name: &str) -> Option<String> {
    match name {
        "confidentiality_statement.txt" => Some(CONFIDENTIALITY_STATEMENT.to_string()),
        "risk_scale.toml" => Some(super::risk::DEFAULT_RISK_SCALE.to_string()),
        "dyo_information_sharing.txt" => {
            Some(include_str!("../../data/dyo_information_sharing.txt").to_string())
        }
        "camp_information_sharing.txt" => {
            Some(include_str!("../../data/camp_information_sharing.txt").to_string())
        }
        _ => None,
    }
}

pub fn parse_weekday(s: &str) -> Result<Weekday, String> {
    s.parse::<Weekday>()
        .map_err(|_| format!("panel file: unknown weekday {s}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magpan_file_has_section_5_4_roles_and_appendix_d_agenda() {
        let p = PanelDef::magpan();
        assert_eq!(p.protective_marking, "RESTRICTED");
        assert_eq!(p.cutoff_working_days, 15, "section 11");
        assert_eq!(p.agenda.len(), 9, "Appendix D has nine items");
        assert!(p.agenda[8].after_formal_close);
        let chairs: Vec<_> = p.roles.iter().filter(|r| r.role == "chair").collect();
        assert_eq!(chairs.len(), 1);
        assert_eq!(
            chairs[0].agency, "POL",
            "section 5.4: chair is a police Detective Inspector"
        );
        assert!(p.roles.iter().any(|r| r.role == "mappa_coordinator"));
        assert_eq!(
            p.under_18_lead_agency.as_deref(),
            Some("YOS"),
            "section 7.3"
        );
        assert!(p
            .confidentiality_statement
            .contains("Freedom of Information Act 2000"));
    }

    #[test]
    fn section_3_3_monthly_pattern_on_second_wednesday() {
        let p = PanelDef::magpan();
        let cal = WorkingCalendar::england_and_wales();
        let from: NaiveDate = "2026-11-12".parse().unwrap();
        let got = p.meetings_from(from, 3, &cal);
        let want: Vec<NaiveDate> = ["2026-12-09", "2027-01-13", "2027-02-10"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn unknown_agency_in_role_rejected() {
        let bad = MAGPAN_TOML.replace("agency = \"MASH\"\nrole", "agency = \"NOPE\"\nrole");
        let err = PanelDef::parse(&bad, &shipped_file).unwrap_err();
        assert!(err.contains("NOPE"), "{err}");
    }
}
