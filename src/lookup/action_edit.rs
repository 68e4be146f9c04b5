//! `roundtable actions modify` and `actions undo`: an open action's description,
//! agency, person and due date changed from the shell, and the invoking user's own
//! last shell change written back (see `store::write::shell_undo`).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use super::actions::get_action;
use super::panel::resolve_agency;
use super::{fmt_date, LookupError, Result};
use crate::domain::due::{check_due, Earliest};
use crate::store::write::{date, text, Table, Undone};
use crate::store::{ActionId, Store, StoreError};

/// What `actions modify` was asked to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct Modify {
    pub description: Option<String>,
    /// A short code or full name.
    pub agency: Option<String>,
    /// Blank clears it.
    pub person: Option<String>,
    pub due: Option<NaiveDate>,
}

/// One field changed, in words: `due 2027-01-10 (was 2026-12-20)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub field: &'static str,
    pub now: String,
    pub was: String,
}

impl std::fmt::Display for Changed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} (was {})", self.field, self.now, self.was)
    }
}

fn shown(v: &str) -> String {
    if v.is_empty() {
        "(none)".into()
    } else {
        format!("\"{}\"", super::format::one_line(v))
    }
}

fn refused(e: StoreError) -> LookupError {
    match e {
        StoreError::Rule(m) => LookupError::Invalid(m),
        StoreError::NotFound(m) => LookupError::NotFound(m),
        e => LookupError::Store(e),
    }
}

/// Change an open action's fields, each in the change log, as one shell change
/// (undoable). Errors: `NotFound` for an unknown action or agency; `Invalid` for no
/// field given, a closed action, a blank description or a due date before `today`.
pub fn modify(store: &Store, id: i64, m: &Modify, today: NaiveDate) -> Result<Vec<Changed>> {
    if m.description.is_none() && m.agency.is_none() && m.person.is_none() && m.due.is_none() {
        return Err(LookupError::Invalid(
            "say what to change: --description, --agency, --person or --due; nothing changed"
                .into(),
        ));
    }
    let a = get_action(store.conn(), id, today)?;
    if a.status != "open" {
        return Err(LookupError::Invalid(format!(
            "action {id} is closed ({}): reopen it first (`roundtable actions reopen {id}`); nothing changed",
            a.status
        )));
    }
    let description = m.description.as_deref().map(str::trim);
    if description == Some("") {
        return Err(LookupError::Invalid(
            "an action needs a description: --description must not be blank; nothing changed"
                .into(),
        ));
    }
    if let Some(due) = m.due {
        check_due(due, Earliest::Today(today))
            .map_err(|e| LookupError::Invalid(format!("{e}; nothing changed")))?;
    }
    let agency = m
        .agency
        .as_deref()
        .map(|t| resolve_agency(store.conn(), t))
        .transpose()?;
    let t = Table::Action;
    store.shell_change(ActionId(id), "modify", |s| {
        let mut out = vec![];
        if let Some(d) = description {
            if s.set_field(t, id, "description", text(d))
                .map_err(refused)?
            {
                out.push(Changed {
                    field: "description",
                    now: shown(d),
                    was: shown(&a.description),
                });
            }
        }
        if let Some(ag) = &agency {
            if s.set_field(t, id, "agency_id", Value::Integer(ag.id.0))
                .map_err(refused)?
            {
                out.push(Changed {
                    field: "agency",
                    now: ag.code.clone(),
                    was: a.agency_code.clone(),
                });
            }
        }
        if let Some(p) = m.person.as_deref().map(str::trim) {
            if s.set_field(t, id, "person", text(p)).map_err(refused)? {
                out.push(Changed {
                    field: "person",
                    now: shown(p),
                    was: shown(a.person.as_deref().unwrap_or("")),
                });
            }
        }
        if let Some(due) = m.due {
            if s.set_field(t, id, "due_on", date(due)).map_err(refused)? {
                out.push(Changed {
                    field: "due",
                    now: fmt_date(due),
                    was: fmt_date(a.due_on),
                });
            }
        }
        Ok(out)
    })
}

/// Undo the invoking user's last shell change to an action made since `since`.
pub fn undo(store: &Store, since: DateTime<Utc>) -> Result<Undone> {
    store.undo_shell_change(since).map_err(refused)
}

/// A field put back, in words: `due 2026-12-20 (was 2027-01-10)`, an agency by
/// its code, the date the referrer was told by its case.
pub fn put_back_words(conn: &Connection, p: &crate::store::write::PutBack) -> Result<String> {
    let agency = |v: &Option<String>| -> Result<String> {
        let Some(id) = v.as_deref().and_then(|v| v.parse::<i64>().ok()) else {
            return Ok("(none)".into());
        };
        Ok(conn
            .prepare_cached("SELECT code FROM agency WHERE id = ?1")?
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()?
            .unwrap_or_else(|| format!("agency {id}")))
    };
    let plain = |v: &Option<String>| match v.as_deref() {
        None | Some("") => "(none)".to_string(),
        Some(v) => v.to_string(),
    };
    let quoted = |v: &Option<String>| shown(v.as_deref().unwrap_or(""));
    let (field, now, was) = match (p.table.as_str(), p.column.as_str()) {
        ("action", "agency_id") => ("agency", agency(&p.value)?, agency(&p.was)?),
        ("action", "due_on") => ("due", plain(&p.value), plain(&p.was)),
        ("action", c @ ("description" | "person" | "completion_note")) => {
            (c, quoted(&p.value), quoted(&p.was))
        }
        ("referral", "referrer_informed_on") => {
            ("referrer told on", plain(&p.value), plain(&p.was))
        }
        (_, c) => (c, plain(&p.value), plain(&p.was)),
    };
    let field = field.replace('_', " ");
    Ok(format!("{field} {now} (was {was})"))
}
