//! Changes to an action made from the shell (`actions done|reopen|due|annotate|
//! modify`), each closed by a marker row in the change log naming the rows it
//! wrote, so `actions undo` can write the old values back as a new, logged change.
//! Nothing in the log is ever removed or rewritten.
//!
//! How far back: only the invoking OS user's own changes made today (the local date
//! by the store's clock). Undo is for a slip just made; a change from an earlier day
//! may already have been acted on (a decision sheet sent, an agency told), so it is
//! corrected deliberately with `actions modify`, `reopen` or `due`, which say what
//! they set. Undoing again reaches the change before (as Taskwarrior's `undo` does).

use chrono::{DateTime, Utc};
use rusqlite::params;
use rusqlite::types::Value;

use super::Table;
use crate::store::audit::{log_row, value_after, LogRow, LOG_COLUMNS};
use crate::store::ids::ActionId;
use crate::store::{Result, Store, StoreError};

/// The change-log column of the marker row closing a change made from the shell.
pub const SHELL_MARK: &str = "from_shell";

/// One field put back by [`Store::undo_shell_change`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutBack {
    /// The table (`action`, or `referral` for the date the referrer was told).
    pub table: String,
    pub row: i64,
    pub column: String,
    /// The value written back (what it was before the change), `None` for empty.
    pub value: Option<String>,
    /// The value it had (the change's own), `None` for empty.
    pub was: Option<String>,
}

/// What [`Store::undo_shell_change`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    pub action: ActionId,
    /// The command undone (`done`, `modify`, ...).
    pub verb: String,
    /// When it was made.
    pub at: String,
    pub fields: Vec<PutBack>,
    /// Progress notes the change added, which are kept.
    pub notes_kept: usize,
}

/// A marker's text: `VERB, log rows A-B` (or `undo of #M, log rows A-B`).
fn parse_mark(text: &str) -> Option<(&str, i64, i64)> {
    let (verb, range) = text.rsplit_once(", log rows ")?;
    let (a, b) = range.split_once('-')?;
    Some((verb, a.parse().ok()?, b.parse().ok()?))
}

/// The marker undone by an undo marker's verb (`undo of #M`).
fn undo_target(verb: &str) -> Option<i64> {
    verb.strip_prefix("undo of #")?.parse().ok()
}

/// A logged value as the column's SQL type: link columns are integers.
fn as_value(column: &str, v: Option<String>) -> Value {
    match v {
        None => Value::Null,
        Some(s) if column.ends_with("_id") => s.parse().map_or(Value::Text(s), Value::Integer),
        Some(s) => Value::Text(s),
    }
}

impl Store {
    fn last_log_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM change_log")?
            .query_row([], |r| r.get(0))?)
    }

    /// Run `f` (a change to action `id` from the shell) in one transaction and
    /// close its change-log rows with a marker naming them and `verb`; an error
    /// from `f` leaves nothing written.
    pub fn shell_change<T, E: From<StoreError>>(
        &self,
        id: ActionId,
        verb: &str,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut failed = None;
        let out = self.atomic(|s| {
            let before = s.last_log_id()?;
            match f(s) {
                Ok(v) => {
                    s.mark(id, verb, before)?;
                    Ok(v)
                }
                Err(e) => {
                    failed = Some(e);
                    Err(StoreError::Rule(String::new()))
                }
            }
        });
        match (out, failed) {
            (_, Some(e)) => Err(e),
            (Ok(v), None) => Ok(v),
            (Err(e), None) => Err(E::from(e)),
        }
    }

    /// The marker after the rows written since log row `before`, if any were.
    fn mark(&self, id: ActionId, verb: &str, before: i64) -> Result<()> {
        let after = self.last_log_id()?;
        if after > before {
            let text = format!("{verb}, log rows {}-{after}", before + 1);
            self.append_log("action", id.0, SHELL_MARK, None, Some(text))?;
        }
        Ok(())
    }

    /// Undo this OS user's (and attendee's, when one is named) last change to an action made from the shell since
    /// `since` (not undone already) by writing the old values back, logged, with a
    /// marker of its own. Errors: `Rule` when there is nothing to undo, when
    /// someone else (or the meeting screen) has changed that action since, or when
    /// the change only added progress notes (which are kept).
    pub fn undo_shell_change(&self, since: DateTime<Utc>) -> Result<Undone> {
        self.atomic(|s| {
            let me = s.actor().to_string();
            let marks: Vec<LogRow> = s
                .conn
                .prepare_cached(&format!(
                    "SELECT {LOG_COLUMNS} FROM change_log
                     WHERE tbl = 'action' AND col = ?1 AND os_user = ?2 AND attendee IS ?3
                     ORDER BY id DESC"
                ))?
                .query_map(params![SHELL_MARK, me, s.attendee()], log_row)?
                .collect::<rusqlite::Result<_>>()?;
            let mut undone = std::collections::HashSet::new();
            let mut later_ranges = vec![];
            let mut target = None;
            for m in marks {
                let at = crate::domain::clock::parse_stamp(&m.at).unwrap_or_default();
                if at < since {
                    break;
                }
                let Some((verb, a, b)) = m.new_value.as_deref().and_then(parse_mark) else {
                    continue;
                };
                if let Some(t) = undo_target(verb) {
                    undone.insert(t);
                } else if !undone.contains(&m.id) {
                    target = Some((m.clone(), verb.to_string(), a, b));
                    break;
                }
                later_ranges.push((a, b));
            }
            let Some((mark, verb, a, b)) = target else {
                return Err(StoreError::Rule(
                    "nothing of yours to undo: undo reaches only your own changes to actions made from the shell today".into(),
                ));
            };
            s.refuse_if_changed_since(&mark, &me, &later_ranges)?;
            let rows: Vec<LogRow> = s
                .conn
                .prepare_cached(&format!(
                    "SELECT {LOG_COLUMNS} FROM change_log WHERE id BETWEEN ?1 AND ?2 ORDER BY id DESC"
                ))?
                .query_map([a, b], log_row)?
                .collect::<rusqlite::Result<_>>()?;
            let before = s.last_log_id()?;
            let mut fields = vec![];
            let mut notes_kept = 0;
            for r in rows {
                let editable = Table::from_name(&r.tbl)
                    .filter(|t| t.editable().contains(&r.col.as_str()));
                let Some(table) = editable else {
                    notes_kept += usize::from(r.col == "progress_note");
                    continue;
                };
                let old = match (r.old_value, r.old_ref) {
                    (Some(v), _) => Some(v),
                    (None, Some(at)) => value_after(&s.conn, at)?,
                    (None, None) => None,
                };
                let was = match r.new_value {
                    Some(v) => Some(v),
                    None => value_after(&s.conn, r.id)?,
                };
                s.set_field(table, r.row_id, &r.col, as_value(&r.col, old.clone()))?;
                fields.push(PutBack {
                    table: r.tbl,
                    row: r.row_id,
                    column: r.col,
                    value: old,
                    was,
                });
            }
            let action = ActionId(mark.row_id);
            if fields.is_empty() {
                return Err(StoreError::Rule(format!(
                    "your last change to action {action} ({verb} at {}) only added a progress note, and notes are kept: add another with `roundtable actions annotate {action} TEXT`; nothing changed",
                    crate::domain::clock::shown(&mark.at)
                )));
            }
            s.mark(action, &format!("undo of #{}", mark.id), before)?;
            fields.reverse();
            Ok(Undone {
                action,
                verb,
                at: mark.at,
                fields,
                notes_kept,
            })
        })
    }

    /// `Rule` when a row of the marked action was written after `mark` other than
    /// by this user's later shell changes (`later`, undone or undos).
    fn refuse_if_changed_since(&self, mark: &LogRow, me: &str, later: &[(i64, i64)]) -> Result<()> {
        let since: Vec<LogRow> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LOG_COLUMNS} FROM change_log
                 WHERE tbl = 'action' AND row_id = ?1 AND id > ?2 AND col <> ?3 ORDER BY id DESC"
            ))?
            .query_map(params![mark.row_id, mark.id, SHELL_MARK], log_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mine = |r: &LogRow| r.os_user == me && r.attendee.as_deref() == self.attendee();
        let foreign = since
            .iter()
            .find(|r| !mine(r) || !later.iter().any(|(a, b)| (*a..=*b).contains(&r.id)));
        match foreign {
            None => Ok(()),
            Some(r) => {
                let mut who = match &r.attendee {
                    Some(a) => format!("{} ({a})", r.os_user),
                    None => r.os_user.clone(),
                };
                if mine(r) {
                    who.push_str(", not from the shell");
                }
                Err(StoreError::Rule(format!(
                    "action {} was changed since your {} by {who} at {}: nothing undone (change it with `roundtable actions modify`)",
                    mark.row_id,
                    mark.new_value
                        .as_deref()
                        .and_then(parse_mark)
                        .map_or("change", |(v, _, _)| v),
                    crate::domain::clock::shown(&r.at)
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_reads_back_its_verb_and_rows() {
        assert_eq!(
            parse_mark("modify, log rows 12-15"),
            Some(("modify", 12, 15))
        );
        assert_eq!(
            parse_mark("undo of #16, log rows 17-18"),
            Some(("undo of #16", 17, 18))
        );
        assert_eq!(undo_target("undo of #16"), Some(16));
        assert_eq!(undo_target("modify"), None);
        assert_eq!(parse_mark("modify"), None);
    }

    #[test]
    fn link_columns_are_written_back_as_integers() {
        assert_eq!(as_value("agency_id", Some("3".into())), Value::Integer(3));
        assert_eq!(
            as_value("due_on", Some("2026-12-20".into())),
            Value::Text("2026-12-20".into())
        );
        assert_eq!(as_value("person", None), Value::Null);
    }
}
