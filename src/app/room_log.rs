//! What the room saw, replayed (issue 28 item 2): the meeting's room changes from
//! the change log ([`crate::store::room_log`]) are applied one by one to the room's
//! place and flags, and after each the room's screen is worked out by the same
//! privacy filter the presenter draws through ([`room_view`]). So the log says what
//! the presenter showed, not merely which flags were set: a name revealed on one case
//! and then a move to another case is one full-name entry, not two.
//!
//! The entries name a case by its number and the initials (or label) the room saw;
//! a full name or intelligence text that was on screen is marked, never repeated.
//!
//! The flags and places are the ones logged at the time. Intelligence notes are
//! counted as they stood at each change (their saved texts up to that change-log
//! row), so a note typed after the room saw its item is not counted then (QA session
//! 5, fault 3). A case is named as it was then too: its subject's name and area, its
//! postcode and MAPPA level as they stood at each change, so a name corrected after
//! the meeting is not what the log says the room saw. The rest is the record as it
//! stands when the log is read (a subject's kind); the change log holds those changes
//! too (`roundtable audit --case ID`) for a question that turns on them.

use serde::Serialize;

use super::privacy::{room_view, RoomView};
use crate::domain::types::MeetingState;
use crate::store::ids::DiscussionId;
use crate::store::live::RoomFlags;
use crate::store::meeting::{Case, MeetingData};
use crate::store::room_log::{
    FieldChange, NoteText, RoomChange, RoomHistory, ScreenSafe, SCREEN_SAFE,
};
use crate::store::rows::intelligence::Intel;

/// One change of what a screen showed the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoomEntry {
    /// The change-log row (the first, when two were written together).
    pub log_id: i64,
    /// Local time, `YYYY-MM-DD HH:MM:SS` (as `audit` shows it).
    pub at: String,
    /// OS user, and the attendee the terminal was signed in as (`null` when none).
    pub by: String,
    pub attendee: Option<String>,
    /// `room` for the presenter, or `screen-safe TERMINAL` for a terminal's own screen.
    pub screen: String,
    /// What changed, in words.
    pub change: String,
    /// What the screen showed after it.
    pub shows: String,
    /// The agenda item on the screen ("6. New referrals"); none when blank or holding.
    pub item: Option<String>,
    /// The case on the screen after it (its case number), if any.
    pub case_id: Option<i64>,
    /// The case's full name was on the screen.
    pub full_name: bool,
    /// An item's intelligence text was on the screen.
    pub intelligence: bool,
}

/// The room's place and flags as the log has set them so far.
#[derive(Debug, Clone, Default)]
struct Room {
    item: Option<u32>,
    discussion: Option<DiscussionId>,
    flags: RoomFlags,
}

fn int(v: &Option<String>) -> Option<i64> {
    v.as_deref().and_then(|s| s.parse().ok())
}

/// Columns one store call writes together (one transaction): shown as one change.
fn together(a: &RoomChange, b: &RoomChange) -> bool {
    b.log_id == a.log_id + 1
        && a.at == b.at
        && a.os_user == b.os_user
        && matches!(
            (a.col.as_str(), b.col.as_str()),
            ("current_item", "current_discussion_id")
                | ("room_reveal_discussion_id", "room_reveal_item")
        )
}

/// The intelligence notes as they stood just before change-log row `log_id`: a
/// note's last saved text before it, none when its first came later; a note with no
/// saved text in the log (loaded in bulk) as it is now.
fn notes_at(now: &MeetingData, texts: &[NoteText], log_id: i64) -> Vec<Intel> {
    now.intelligence
        .iter()
        .filter_map(|n| {
            let mut mine = texts.iter().filter(|t| t.note == n.id);
            if mine.clone().next().is_none() {
                return Some(n.clone());
            }
            mine.rfind(|t| t.log_id < log_id).map(|t| Intel {
                body: t.body.clone(),
                ..n.clone()
            })
        })
        .collect()
}

/// The value a field had just before change-log row `log_id`: the value before the
/// first change to it after that row, or `None` when it has not changed since (it is
/// as recorded now).
fn field_at<'a>(
    fields: &'a [FieldChange],
    (tbl, row, col): (&str, i64, &str),
    log_id: i64,
) -> Option<Option<&'a str>> {
    fields
        .iter()
        .find(|f| f.log_id > log_id && f.tbl == tbl && f.row == row && f.col == col)
        .map(|f| f.old.as_deref())
}

/// The cases as the room's screen would have named them just before change-log row
/// `log_id`: each case's subject name and area, postcode and MAPPA level as they stood
/// then ([`crate::store::room_log::AS_AT_FIELDS`]), not as corrected later.
fn cases_at(now: &MeetingData, fields: &[FieldChange], log_id: i64) -> Vec<Case> {
    let mut cases = now.cases.clone();
    for c in &mut cases {
        let r = &mut c.referral;
        let (subject, referral) = (r.subject.0, r.id.0);
        if let Some(v) = field_at(fields, ("subject", subject, "name"), log_id) {
            r.name = v.unwrap_or_default().to_string();
        }
        if let Some(v) = field_at(fields, ("subject", subject, "area"), log_id) {
            r.area = v.unwrap_or_default().to_string();
        }
        if let Some(v) = field_at(fields, ("referral", referral, "postcode"), log_id) {
            r.postcode = v.unwrap_or_default().to_string();
        }
        if let Some(v) = field_at(fields, ("referral", referral, "mappa_level"), log_id) {
            r.mappa_level = v.and_then(|l| l.parse().ok());
        }
    }
    cases
}

/// Replay `changes` (oldest first) over `data`, the meeting as recorded now, with
/// `history` ([`crate::store::Store::room_history`]): the notes' saved texts and the
/// earlier values of the fields a case is named by.
pub fn replay(data: &MeetingData, changes: &[RoomChange], history: &RoomHistory) -> Vec<RoomEntry> {
    let texts = &history.notes;
    let now = data;
    let mut data = data.clone();
    data.state = MeetingState::Planned;
    let mut room = Room::default();
    let mut out: Vec<RoomEntry> = vec![];
    let mut i = 0;
    while i < changes.len() {
        let first = &changes[i];
        let mut group = vec![first];
        while let Some(next) = changes.get(i + group.len()) {
            if !together(group[group.len() - 1], next) {
                break;
            }
            group.push(next);
        }
        i += group.len();
        data.intelligence = notes_at(now, texts, first.log_id);
        if !history.fields.is_empty() {
            // Nothing a case is named by changed since: the cases stand as loaded.
            data.cases = cases_at(now, &history.fields, first.log_id);
        }
        if first.col == SCREEN_SAFE {
            if let Some(e) = screen_safe(&data, first) {
                out.push(e);
            }
            continue;
        }
        let words: Vec<String> = group.iter().map(|c| apply(&data, &mut room, c)).collect();
        if let Some(s) = group.iter().find_map(|c| data_state(c)) {
            data.state = s;
        }
        let s = shown(&data, &room, &room.flags);
        out.push(RoomEntry {
            log_id: first.log_id,
            at: crate::domain::clock::shown(&first.at),
            by: first.os_user.clone(),
            attendee: first.attendee.clone(),
            screen: "room".into(),
            change: words.join("; "),
            shows: s.words,
            item: s.item,
            case_id: s.case_id,
            full_name: s.full_name,
            intelligence: s.intelligence,
        });
    }
    out
}

fn data_state(c: &RoomChange) -> Option<MeetingState> {
    (c.col == "state")
        .then(|| c.new_value.as_deref().and_then(MeetingState::from_code))
        .flatten()
}

/// Apply one change to the room and say it in words.
fn apply(data: &MeetingData, room: &mut Room, c: &RoomChange) -> String {
    let case_of = |d: Option<i64>| {
        d.and_then(|d| data.cases.iter().find(|c| c.discussion.0 == d))
            .map_or_else(
                || "no case".to_string(),
                |c| format!("case {}", c.referral.id.0),
            )
    };
    match c.col.as_str() {
        "state" => match data_state(c) {
            Some(MeetingState::InProgress) => "the meeting started".into(),
            Some(MeetingState::FormallyClosed) => "the meeting formally closed".into(),
            Some(MeetingState::Closed) => "the meeting ended".into(),
            _ => "the meeting was set back to planned".into(),
        },
        "current_item" => {
            room.item = int(&c.new_value).and_then(|n| u32::try_from(n).ok());
            match room.item {
                Some(n) => format!("moved to item {n}"),
                None => "moved to the first item".into(),
            }
        }
        "current_discussion_id" => {
            room.discussion = int(&c.new_value).map(DiscussionId);
            format!("moved to {}", case_of(int(&c.new_value)))
        }
        "room_terminal" => match c.new_value.as_deref() {
            Some(t) => format!(
                "the room follows terminal {}",
                crate::store::room_holder::terminal_of(t)
            ),
            None => "the room follows no terminal (the one it followed had closed)".into(),
        },
        "room_blank" => {
            room.flags.blank = int(&c.new_value) == Some(1);
            if room.flags.blank {
                "blanked".into()
            } else {
                "shown again".into()
            }
        }
        "room_reveal_discussion_id" => {
            room.flags.reveal_discussion = int(&c.new_value).map(DiscussionId);
            match int(&c.new_value) {
                Some(d) => format!("full name of {} revealed", case_of(Some(d))),
                None => "full name hidden again".into(),
            }
        }
        "room_reveal_item" => {
            room.flags.reveal_item = int(&c.new_value).and_then(|n| u32::try_from(n).ok());
            match room.flags.reveal_item {
                Some(n) => format!("intelligence of item {n} revealed"),
                None => "intelligence hidden again".into(),
            }
        }
        "room_statement_word" => {
            room.flags.statement_word = int(&c.new_value).and_then(|n| u32::try_from(n).ok());
            match room.flags.statement_word {
                Some(w) => format!(
                    "the whole confidentiality statement shown from \"{}\"",
                    words_from(&data.panel.statement, w)
                ),
                None => "the confidentiality statement closed".into(),
            }
        }
        other => other.to_string(),
    }
}

/// A few words of `text` from word `word` (counted from 0), to say where it was.
fn words_from(text: &str, word: u32) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .skip(word as usize)
        .take(7)
        .collect();
    let more = text.split_whitespace().count() > word as usize + words.len();
    format!("{}{}", words.join(" "), if more { " …" } else { "" })
}

/// What a screen showed, for an entry.
struct Shown {
    words: String,
    item: Option<String>,
    case_id: Option<i64>,
    full_name: bool,
    intelligence: bool,
}

impl Shown {
    fn words(words: String) -> Shown {
        Shown {
            words,
            item: None,
            case_id: None,
            full_name: false,
            intelligence: false,
        }
    }
}

/// What a screen shows of `data` at the room's place under `flags`: in words, the
/// case on it, whether a full name and whether intelligence text is on it.
fn shown(data: &MeetingData, room: &Room, flags: &RoomFlags) -> Shown {
    let view = room_view(data, room.item, room.discussion, flags);
    let hidden = RoomFlags {
        reveal_discussion: None,
        ..*flags
    };
    let plain = room_view(data, room.item, room.discussion, &hidden);
    match (&view, &plain) {
        (RoomView::Blank, _) => Shown::words("nothing (blanked)".into()),
        (RoomView::Holding { line, .. }, _) if line.is_empty() => {
            Shown::words("the holding screen".into())
        }
        (RoomView::Holding { line, .. }, _) => Shown::words(format!("the holding screen: {line}")),
        (RoomView::Meeting(m), RoomView::Meeting(p)) => {
            let mut words = m.item_title.clone();
            let case_id = room
                .discussion
                .and_then(|d| data.cases.iter().find(|c| c.discussion == d))
                .filter(|_| m.case.is_some())
                .map(|c| c.referral.id.0);
            let full = match (&m.case, &p.case) {
                (Some(a), Some(b)) => a.who != b.who,
                _ => false,
            };
            if let (Some(id), Some(c)) = (case_id, &p.case) {
                words.push_str(&format!(", case {id} as {}", c.who));
                if full {
                    words.push_str(" [FULL NAME SHOWN]");
                }
            }
            if let Some(w) = m.statement.as_ref().and_then(|s| s.from_word) {
                words.push_str(&format!(
                    ", the whole confidentiality statement from \"{}\"",
                    words_from(&data.panel.statement, w)
                ));
            }
            let intel = m.intelligence.as_ref().is_some_and(|(_, t)| !t.is_empty());
            if let Some((n, _)) = &m.intelligence {
                let notes = if *n == 1 { "note" } else { "notes" };
                words.push_str(&if intel {
                    format!(", {n} intelligence {notes} [TEXT SHOWN]")
                } else {
                    format!(", {n} intelligence {notes} (count only)")
                });
            }
            Shown {
                words,
                item: Some(m.item_title.clone()),
                case_id,
                full_name: full,
                intelligence: intel,
            }
        }
        _ => Shown::words(String::new()),
    }
}

/// A terminal's screen-safe mode on (what it showed) or off.
fn screen_safe(data: &MeetingData, c: &RoomChange) -> Option<RoomEntry> {
    let s: ScreenSafe = serde_json::from_str(c.new_value.as_deref()?).ok()?;
    let discussion = s.discussion.map(DiscussionId);
    let room = Room {
        item: Some(s.item),
        discussion,
        flags: RoomFlags {
            blank: false,
            reveal_discussion: discussion.filter(|_| s.revealed),
            reveal_item: s.revealed.then_some(s.item),
            statement_word: None,
        },
    };
    let shows = if s.on {
        shown(data, &room, &room.flags)
    } else {
        Shown::words("the editing screen (not for the room)".into())
    };
    Some(RoomEntry {
        log_id: c.log_id,
        at: crate::domain::clock::shown(&c.at),
        by: c.os_user.clone(),
        attendee: c.attendee.clone(),
        screen: format!("screen-safe {}", s.terminal),
        change: if s.on {
            "screen-safe mode on".into()
        } else {
            "back to editing".into()
        },
        shows: shows.words,
        item: shows.item,
        case_id: shows.case_id,
        full_name: shows.full_name,
        intelligence: shows.intelligence,
    })
}

/// The entries about case `case`: those with it on a screen, or revealing it.
pub fn about_case(entries: &[RoomEntry], case: i64) -> Vec<RoomEntry> {
    let mention = format!("case {case} ");
    entries
        .iter()
        .filter(|e| e.case_id == Some(case) || format!("{} ", e.change).contains(&mention))
        .cloned()
        .collect()
}
