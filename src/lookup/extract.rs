//! The MACE briefing (issue 22, gap row G6): what the panel's analysts take to the
//! monthly Multiagency Child Exploitation panel, "mapping work" on "postcodes, areas
//! of concern, groups, perpetrators" (001 "How do we respond to the collective
//! knowledge ...?"; "Working with the Intelligence Analysts to create briefings and
//! presentations to MACE", 001 "How will the MAVE Panel be supported?"). For the
//! referrals received in a period: counts by subject kind, cases by area, and each
//! group, person of concern and location case with its actions. A person of concern
//! is given by reference only ("Person of concern (case #N)"), never by name; no
//! person's name is in it at all (a group's members are counted, not named). Marked
//! with the panel's protective marking.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::format::csv_field;
use super::Result;
use crate::domain::subject_kind::{postcode_district, public_label, SubjectKind};

/// The briefing for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaceExtract {
    pub protective_marking: String,
    pub panel: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Referrals received in the period, by kind, every kind listed.
    pub counts: Vec<KindCount>,
    /// Group and location cases by area (a location's postcode district when it has
    /// no area), most first.
    pub areas: Vec<AreaCount>,
    /// Each group, person of concern and location case received in the period.
    pub cases: Vec<MaceCase>,
}

/// How many referrals of a kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: SubjectKind,
    pub referrals: i64,
}

/// How many group and location cases in an area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaCount {
    pub area: String,
    pub cases: i64,
}

/// One case of the briefing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaceCase {
    pub case: i64,
    pub kind: SubjectKind,
    /// A group's label, a location's area; a person of concern by reference.
    pub label: String,
    pub area: String,
    /// A location's postcode district (never the full address).
    pub postcode_district: String,
    /// What happens at a location, or what a group is.
    pub description: String,
    /// A group's size as referred, and its members known (counted, not named).
    pub group_size: Option<u32>,
    pub members_known: i64,
    pub received: NaiveDate,
    pub status: String,
    /// "AGENCY due YYYY-MM-DD (status): what".
    pub actions: Vec<String>,
}

/// The briefing of referrals received `from`..=`to` on the panel in `conn`.
pub fn mace_extract(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<MaceExtract> {
    if from > to {
        return Err(super::LookupError::Invalid(format!(
            "--from {from} is after --to {to}"
        )));
    }
    let panel = super::panel::load_panel(conn, None)?;
    let mut counts = vec![];
    for kind in SubjectKind::ALL {
        let n: i64 = conn
            .prepare_cached(
                "SELECT COUNT(*) FROM referral r JOIN subject s ON s.id = r.subject_id
                 WHERE s.kind = ?1 AND r.date_received BETWEEN ?2 AND ?3",
            )?
            .query_row(params![kind.code(), from, to], |r| r.get(0))?;
        counts.push(KindCount { kind, referrals: n });
    }
    let mut st = conn.prepare_cached(
        "SELECT r.id, s.kind, s.name, s.area, r.postcode, s.description, s.group_size,
                r.date_received, r.status,
                (SELECT COUNT(*) FROM case_person p WHERE p.referral_id = r.id
                   AND p.role = 'group_member') AS members
         FROM referral r JOIN subject s ON s.id = r.subject_id
         WHERE s.kind <> 'person' AND r.date_received BETWEEN ?1 AND ?2
         ORDER BY s.kind, r.date_received, r.id",
    )?;
    let rows = st.query_map(params![from, to], |r| {
        let kind = SubjectKind::from_code(&r.get::<_, String>(1)?).unwrap_or_default();
        let (id, name, area, postcode): (i64, String, String, String) =
            (r.get(0)?, r.get(2)?, r.get(3)?, r.get(4)?);
        Ok(MaceCase {
            case: id,
            kind,
            label: public_label(kind, &name, &area, &postcode, id).unwrap_or_default(),
            area,
            postcode_district: postcode_district(&postcode),
            description: if kind == SubjectKind::Perpetrator {
                String::new()
            } else {
                r.get(5)?
            },
            group_size: r.get(6)?,
            members_known: r.get(9)?,
            received: r.get(7)?,
            status: r.get(8)?,
            actions: vec![],
        })
    })?;
    let mut cases: Vec<MaceCase> = rows.collect::<rusqlite::Result<_>>()?;
    for c in &mut cases {
        c.actions = actions_of(conn, c.case)?;
    }
    let mut areas: Vec<AreaCount> = vec![];
    for c in cases.iter().filter(|c| c.kind != SubjectKind::Perpetrator) {
        let a = match (c.area.trim(), c.postcode_district.as_str()) {
            ("", "") => "not given".to_string(),
            ("", d) => d.to_string(),
            (a, _) => a.to_string(),
        };
        match areas.iter_mut().find(|x| x.area == a) {
            Some(x) => x.cases += 1,
            None => areas.push(AreaCount { area: a, cases: 1 }),
        }
    }
    areas.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.area.cmp(&b.area)));
    Ok(MaceExtract {
        protective_marking: panel.marking().to_string(),
        panel: panel.name.clone(),
        from,
        to,
        counts,
        areas,
        cases,
    })
}

/// The actions of case `id`, by due date.
fn actions_of(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT ag.code, a.due_on, a.status, a.description FROM action a
         JOIN agency ag ON ag.id = a.agency_id WHERE a.referral_id = ?1
         ORDER BY a.due_on, a.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(format!(
            "{} due {} ({}): {}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?.replace('_', " "),
            r.get::<_, String>(3)?
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl MaceExtract {
    /// The briefing as text, marked at its top and foot.
    pub fn text(&self) -> String {
        let mut o = format!(
            "{}\n\nMACE briefing: {}, referrals received {} to {}\n\nReferrals by kind\n",
            self.protective_marking, self.panel, self.from, self.to
        );
        for c in &self.counts {
            o.push_str(&format!("  {:<20} {}\n", c.kind.plural(), c.referrals));
        }
        o.push_str("\nGroups and locations by area\n");
        if self.areas.is_empty() {
            o.push_str("  none\n");
        }
        for a in &self.areas {
            o.push_str(&format!("  {:<20} {}\n", one(&a.area), a.cases));
        }
        for kind in [
            SubjectKind::Group,
            SubjectKind::Perpetrator,
            SubjectKind::Location,
        ] {
            let of: Vec<&MaceCase> = self.cases.iter().filter(|c| c.kind == kind).collect();
            let title = kind.plural();
            o.push_str(&format!(
                "\n{}{} ({})\n",
                title[..1].to_uppercase(),
                &title[1..],
                of.len()
            ));
            for c in of {
                o.push_str(&format!(
                    "  case {}: {}, received {}, {}\n",
                    c.case,
                    one(&c.label),
                    c.received,
                    c.status.replace('_', " ")
                ));
                if !c.description.is_empty() {
                    o.push_str(&format!("    {}\n", one(&c.description)));
                }
                if kind == SubjectKind::Group {
                    let size = c
                        .group_size
                        .map_or("size not given".into(), |n| format!("{n} young people"));
                    o.push_str(&format!("    {size}; {} members known\n", c.members_known));
                }
                for a in &c.actions {
                    o.push_str(&format!("    action: {}\n", one(a)));
                }
            }
        }
        o.push_str(&format!("\n{}\n", self.protective_marking));
        o
    }

    /// The cases as CSV, one row a case, the marking on the first and last lines.
    pub fn csv(&self) -> String {
        let mut o = format!("{}\n", csv_field(&self.protective_marking, true));
        o.push_str("case,kind,label,area,postcode_district,description,group_size,members_known,received,status,actions\n");
        for c in &self.cases {
            let cells = [
                c.case.to_string(),
                c.kind.code().to_string(),
                csv_field(&c.label, true),
                csv_field(&c.area, true),
                csv_field(&c.postcode_district, true),
                csv_field(&c.description, true),
                c.group_size.map(|n| n.to_string()).unwrap_or_default(),
                c.members_known.to_string(),
                c.received.to_string(),
                c.status.clone(),
                csv_field(&c.actions.join("; "), true),
            ];
            o.push_str(&cells.join(","));
            o.push('\n');
        }
        o.push_str(&format!("{}\n", csv_field(&self.protective_marking, true)));
        o
    }
}

fn one(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
