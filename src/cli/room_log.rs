//! `roundtable room-log --meeting DATE [--case ID] [--json]`: what the room's screen
//! (and any terminal in screen-safe mode) showed, change by change, and by whom
//! (issue 28 item 2), replayed from the change log through the room's privacy filter.

use clap::Args;

use super::meetings::meeting_arg;
use super::out::{emit, emit_json, lookup_error, open_existing, JsonOut};
use super::{Cli, CliResult};
use crate::app::room_log::{about_case, replay, RoomEntry};
use crate::domain::meeting_ref::MeetingRef;
use crate::store::ids::MeetingId;

#[derive(Debug, Args)]
pub struct RoomLogArgs {
    /// The meeting's date (YYYY-MM-DD or DD/MM/YYYY; DATE@HH:MM when two meetings
    /// share the day).
    #[arg(long, value_name = "DATE", value_parser = meeting_arg)]
    pub meeting: MeetingRef,
    /// Only the changes with this case on a screen or revealing it, and whether its
    /// full name was ever shown.
    #[arg(long = "case", value_name = "ID")]
    pub case: Option<i64>,
    #[command(flatten)]
    pub out: JsonOut,
}

/// The JSON answer: the entries, and for `--case` whether its name was shown.
#[derive(serde::Serialize)]
struct Answer<'a> {
    meeting: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    case_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_name_shown: Option<bool>,
    entries: &'a [RoomEntry],
}

pub(super) fn run(cli: &Cli, args: &RoomLogArgs) -> CliResult {
    let store = open_existing(cli)?;
    let m =
        crate::lookup::panel::resolve_meeting(store.conn(), args.meeting).map_err(lookup_error)?;
    let data = store.load_meeting(MeetingId(m.id.0))?;
    let id = MeetingId(m.id.0);
    let mut entries = replay(&data, &store.room_changes(id)?, &store.room_history(id)?);
    if let Some(case) = args.case {
        entries = about_case(&entries, case);
    }
    let shown = args.case.map(|_| entries.iter().any(|e| e.full_name));
    if args.out.json {
        return emit_json(
            "room_log",
            &Answer {
                meeting: args.meeting.to_string(),
                case_id: args.case,
                full_name_shown: shown,
                entries: &entries,
            },
        );
    }
    emit(&text(&args.meeting.to_string(), args.case, &entries))
}

/// The readable log: one line per change, then for `--case` the answer.
fn text(meeting: &str, case: Option<i64>, entries: &[RoomEntry]) -> String {
    let mut o = format!("What the room saw at the meeting on {meeting}");
    if let Some(c) = case {
        o.push_str(&format!(", case {c}"));
    }
    o.push_str(" (from the change log):\n");
    if entries.is_empty() {
        o.push_str("  nothing recorded\n");
    }
    for e in entries {
        let who = match &e.attendee {
            Some(a) => format!("{} ({a})", e.by),
            None => e.by.clone(),
        };
        o.push_str(&format!(
            "  {}  {:<24} {who}: {}\n      shows: {}\n",
            e.at, e.screen, e.change, e.shows
        ));
    }
    if let Some(c) = case {
        let full: Vec<&RoomEntry> = entries.iter().filter(|e| e.full_name).collect();
        match full.first() {
            None => o.push_str(&format!(
                "Case {c}'s full name was never on a screen shown to the room.\n"
            )),
            Some(f) => o.push_str(&format!(
                "Case {c}'s full name was on a screen shown to the room {} time(s), first at {} ({}).\n",
                full.len(),
                f.at,
                f.by
            )),
        }
    }
    o
}
