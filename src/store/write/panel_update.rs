//! `panel update --panel FILE` (issue 20, gap row A2): a panel file read again after
//! `init` (its terms of reference reviewed, an agency joined) and applied to the
//! stored panel, checked against what the database holds, every change in the
//! change log.
//!
//! Refused in one line, with nothing written: an agency removed from the file that
//! the records still name (members, attendance, referrals, cases, plans, actions,
//! intelligence); an agenda kind removed that case discussions were heard under;
//! any change while a meeting is running. Agencies are added, renamed and their
//! police mark changed; an agency no record names is removed. Planned meetings keep
//! their dates (a new pattern applies to meetings added or proposed from now on).

use rusqlite::params;
use rusqlite::types::Value;

use super::{text, Table};
use crate::domain::panel_def::PanelDef;
use crate::store::ids::PanelId;
use crate::store::{Result, Store, StoreError};

/// Where an agency can be named, as (table, column): every foreign key to `agency`.
const AGENCY_USES: [(&str, &str); 8] = [
    ("member", "agency_id"),
    ("attendance", "agency_id"),
    ("intelligence", "agency_id"),
    ("referral", "referring_agency_id"),
    ("referral", "lead_agency_id"),
    ("case_discussion", "lead_agency_id"),
    ("intervention", "agency_id"),
    ("action", "agency_id"),
];

/// The panel's columns that only `panel update` writes (beside the ones the app may
/// edit, written through `set_field`), with the file's value of each as stored.
fn key_columns(def: &PanelDef) -> Vec<(&'static str, Value)> {
    let json = |v: serde_json::Result<String>| Value::Text(v.expect("panel file serialises"));
    let after_close: Vec<&str> = def.after_close_roles.iter().map(|r| r.code()).collect();
    vec![
        (
            "cutoff_working_days",
            Value::Integer(def.cutoff_working_days.into()),
        ),
        (
            "agenda_circulation_working_days",
            Value::Integer(def.agenda_circulation_working_days.into()),
        ),
        (
            "under_18_lead_agency",
            def.under_18_lead_agency
                .clone()
                .map_or(Value::Null, Value::Text),
        ),
        ("agenda", json(serde_json::to_string(&def.agenda))),
        (
            "meeting_pattern",
            json(serde_json::to_string(&def.meeting_pattern)),
        ),
        ("roles", json(serde_json::to_string(&def.roles))),
        (
            "after_close_roles",
            json(serde_json::to_string(&after_close)),
        ),
        (
            "small_number_threshold",
            Value::Integer(def.small_number_threshold.into()),
        ),
        ("paperwork", Value::Text(def.paperwork.to_json())),
    ]
}

impl Store {
    /// Apply the panel file `def` to the stored panel `panel`. Returns one line per
    /// change (empty: the file says what is stored). Errors: `Rule`, in one line,
    /// for a change the records do not allow (see the module documentation).
    pub fn update_panel(&self, panel: PanelId, def: &PanelDef) -> Result<Vec<String>> {
        let running: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT date FROM meeting WHERE panel_id = ?1
                 AND state IN ('in_progress', 'formally_closed') ORDER BY date LIMIT 1",
            )?
            .query_row([panel], |r| r.get("date"))
            .ok();
        if let Some(d) = running {
            return Err(StoreError::Rule(format!(
                "the meeting on {d} is running: update the panel after it ends"
            )));
        }
        let stored: Vec<(i64, String, String, bool)> = self
            .conn
            .prepare_cached(
                "SELECT id, code, name, is_police FROM agency WHERE panel_id = ?1 ORDER BY id",
            )?
            .query_map([panel], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut gone = vec![];
        for (id, code, _, _) in &stored {
            if def.agency(code).is_some() {
                continue;
            }
            let uses = self.agency_uses(*id)?;
            if !uses.is_empty() {
                return Err(StoreError::Rule(format!(
                    "agency {code} is not in the file but is named in the records ({}): keep it in the file",
                    uses.join(", ")
                )));
            }
            gone.push((*id, code.clone()));
        }
        let kinds: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT d.item_kind FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                 WHERE m.panel_id = ?1 AND d.item_kind IS NOT NULL ORDER BY d.item_kind",
            )?
            .query_map([panel], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(k) = kinds
            .iter()
            .find(|k| !def.agenda.iter().any(|i| i.kind.code() == k.as_str()))
        {
            return Err(StoreError::Rule(format!(
                "agenda kind {k} is not in the file but cases were heard under it: keep an item of that kind"
            )));
        }
        self.atomic(|s| {
            let mut changes = vec![];
            for (col, value) in [
                ("name", text(&def.name)),
                ("short_name", text(&def.short_name)),
                ("protective_marking", text(&def.protective_marking)),
                ("venue", text(&def.venue)),
                ("risk_scale", text(def.risk_scale.to_json())),
                (
                    "confidentiality_statement",
                    text(&def.confidentiality_statement),
                ),
            ] {
                if s.set_field(Table::Panel, panel.0, col, value)? {
                    changes.push(format!("{col} changed"));
                }
            }
            for (col, value) in key_columns(def) {
                if s.set_panel_key(panel, col, value)? {
                    changes.push(format!("{col} changed"));
                }
            }
            for a in &def.agencies {
                match stored
                    .iter()
                    .find(|(_, c, _, _)| c.eq_ignore_ascii_case(&a.code))
                {
                    None => {
                        s.add_agency(panel, &a.code, &a.name, a.police)?;
                        changes.push(format!("agency {} added ({})", a.code, a.name));
                    }
                    Some((id, code, _, _)) => {
                        if s.set_field(Table::Agency, *id, "name", text(&a.name))? {
                            changes.push(format!("agency {code} renamed {}", a.name));
                        }
                        let police = Value::Integer(a.police.into());
                        if s.set_field(Table::Agency, *id, "is_police", police)? {
                            changes.push(format!("agency {code}: police {}", a.police));
                        }
                    }
                }
            }
            for (id, code) in &gone {
                s.conn
                    .prepare_cached("DELETE FROM agency WHERE id = ?1")?
                    .execute([id])?;
                s.log(Table::Agency, *id, "*", Some(code.clone()), None)?;
                changes.push(format!("agency {code} removed (no record names it)"));
            }
            Ok(changes)
        })
    }

    /// The records that name agency `id`, as "3 members", "12 actions".
    fn agency_uses(&self, id: i64) -> Result<Vec<String>> {
        let mut out = vec![];
        for (table, col) in AGENCY_USES {
            // Names from the fixed list above, never from the user.
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE {col} = ?1");
            let n: i64 = self
                .conn
                .prepare_cached(&sql)?
                .query_row([id], |r| r.get(0))?;
            if n > 0 {
                out.push(format!("{table}.{col}: {n}"));
            }
        }
        Ok(out)
    }

    /// Write one of [`key_columns`], logging old and new; whether it changed.
    fn set_panel_key(&self, panel: PanelId, col: &'static str, value: Value) -> Result<bool> {
        let sql_get = format!("SELECT {col} FROM panel WHERE id = ?1");
        let old: Value = self
            .conn
            .prepare_cached(&sql_get)?
            .query_row([panel], |r| r.get(0))?;
        if old == value {
            return Ok(false);
        }
        let sql_set = format!("UPDATE panel SET {col} = ?1 WHERE id = ?2");
        self.conn
            .prepare_cached(&sql_set)?
            .execute(params![value, panel])?;
        self.log(
            Table::Panel,
            panel.0,
            col,
            super::value_text(&old),
            super::value_text(&value),
        )?;
        Ok(true)
    }
}
