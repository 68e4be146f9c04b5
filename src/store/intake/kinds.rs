//! Subjects of every kind (issue 22, gap row D1): the subject's kind and its
//! details in the `subject` table, and who a new referral may be about by what
//! identifies each kind: a person or a person of concern by name and date of birth
//! (as always, among subjects of that kind), a group by its name and area, a
//! location by its postcode and description, each normalised
//! ([`crate::domain::subject_kind::match_key`]). A group's members are people of the
//! case (role [`GROUP_MEMBER_ROLE`]), each matched as a person.

use rusqlite::params;

use super::SubjectMatches;
use crate::domain::intake::{CheckedReferral, FieldIssue, ReferralForm};
use crate::domain::paperwork::{member_column, CasePerson, Core, FormDef};
use crate::domain::subject_kind::{match_key, near_key, SubjectKind};
use crate::store::ids::PanelId;
use crate::store::{Result, Store};

/// The subject's kind and details (issue 22; the lead may renumber it at merge):
/// `kind` (a person unless said), a group's or location's `area`, what a location is
/// or a group does (`description`), a group's size, and `match_key`, what identifies
/// a group or a location at intake, normalised (NULL for a person).
pub const MIGRATION_KINDS: &str = r#"
ALTER TABLE subject ADD COLUMN kind TEXT NOT NULL DEFAULT 'person'
    CHECK (kind IN ('person', 'group', 'perpetrator', 'location'));
ALTER TABLE subject ADD COLUMN area TEXT NOT NULL DEFAULT '';
ALTER TABLE subject ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE subject ADD COLUMN group_size INTEGER;
ALTER TABLE subject ADD COLUMN match_key TEXT;
CREATE INDEX subject_kind_key ON subject(panel_id, kind, match_key);
"#;

/// The role of a group's member among the people of its case.
pub const GROUP_MEMBER_ROLE: &str = "group_member";

/// What identifies checked referral `r`'s subject, normalised (`None`: a person).
pub fn key_of(r: &CheckedReferral) -> Option<String> {
    match_key(r.kind, &r.name, &r.area, &r.postcode, &r.description)
}

/// A group's members from its form's members table (`core = "members"`): each row
/// a person of role [`GROUP_MEMBER_ROLE`] with their name, date of birth and the
/// row's other cells. Errors at the field: a row without a name, a date of birth
/// that cannot be read.
pub fn members_of(
    def: &FormDef,
    form: &ReferralForm,
) -> std::result::Result<Vec<CasePerson>, Vec<FieldIssue>> {
    let Some(f) = def.core_field(Core::Members) else {
        return Ok(vec![]);
    };
    let Some(value) = form
        .answers
        .iter()
        .find(|a| a.field == f.key)
        .map(|a| a.value.clone())
    else {
        return Ok(vec![]);
    };
    let (name_at, dob_at) = (
        member_column(&f.columns, "name"),
        member_column(&f.columns, "date_of_birth"),
    );
    let mut errors = vec![];
    let mut out = vec![];
    for (n, line) in value.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let cells: Vec<&str> = line.split("; ").map(str::trim).collect();
        let at = format!("{}[{}]", f.key, n + 1);
        let name = name_at
            .and_then(|i| cells.get(i))
            .copied()
            .unwrap_or_default();
        if name.is_empty() {
            errors.push(FieldIssue::new(at.clone(), "each member needs a name"));
        }
        let dob = match dob_at.and_then(|i| cells.get(i)).filter(|c| !c.is_empty()) {
            None => None,
            Some(t) => match crate::domain::intake::parse_date(t) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(FieldIssue::new(at, format!("date of birth: {e}")));
                    None
                }
            },
        };
        let details = f
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != name_at && Some(*i) != dob_at)
            .filter_map(|(i, c)| {
                cells
                    .get(i)
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{c}: {v}"))
            })
            .collect::<Vec<_>>()
            .join("; ");
        out.push(CasePerson {
            role: GROUP_MEMBER_ROLE.into(),
            label: "Group member".into(),
            name: name.to_string(),
            date_of_birth: dob,
            details,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

impl Store {
    /// Subjects of the panel checked referral `r` may be about, by what identifies
    /// its kind: a person or a person of concern by name and date of birth among
    /// subjects of that kind; a group or a location by its [`match_key`] (exact), or
    /// the same group name or location postcode (similar).
    pub fn subject_matches_of(
        &self,
        panel: PanelId,
        r: &CheckedReferral,
    ) -> Result<SubjectMatches> {
        let Some(key) = key_of(r) else {
            return self.matches_by_birth(panel, r.kind, &r.name, r.date_of_birth);
        };
        let rows: Vec<(crate::store::ids::SubjectId, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, match_key FROM subject
                 WHERE panel_id = ?1 AND kind = ?2 AND match_key IS NOT NULL ORDER BY id",
            )?
            .query_map(params![panel, r.kind.code()], |x| {
                Ok((x.get(0)?, x.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = SubjectMatches::default();
        for (id, k) in rows {
            if k == key {
                out.exact.push(self.known_subject(id)?);
            } else if !near_key(&k).is_empty() && near_key(&k) == near_key(&key) {
                out.similar.push(self.known_subject(id)?);
            }
        }
        Ok(out)
    }

    /// Write what identifies subject `id` of kind `r.kind` and its details.
    pub(super) fn set_subject_kind(
        &self,
        id: crate::store::ids::SubjectId,
        r: &CheckedReferral,
    ) -> Result<()> {
        if r.kind == SubjectKind::Person {
            return Ok(());
        }
        self.conn
            .prepare_cached(
                "UPDATE subject SET kind = ?2, area = ?3, description = ?4, group_size = ?5,
                    match_key = ?6 WHERE id = ?1",
            )?
            .execute(params![
                id,
                r.kind.code(),
                r.area,
                r.description,
                r.group_size,
                key_of(r)
            ])?;
        if self.log_changes {
            self.append_log(
                "subject",
                id.0,
                "kind",
                None,
                Some(r.kind.code().to_string()),
            )?;
        }
        Ok(())
    }
}
