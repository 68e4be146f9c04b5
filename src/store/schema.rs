//! Numbered, append-only migrations tracked by `PRAGMA user_version`.
//! Never edit a migration that has shipped: add a new one at the end.

/// `PRAGMA application_id` of a Roundtable database ("RTB1").
pub const APPLICATION_ID: i32 = 0x5254_4231;

pub const MIGRATIONS: &[&str] = &[
    super::schema_base::MIGRATION_1,
    MIGRATION_2,
    MIGRATION_3,
    MIGRATION_4,
    MIGRATION_5,
    MIGRATION_6,
    MIGRATION_7,
    MIGRATION_8,
    MIGRATION_9,
    MIGRATION_10,
    MIGRATION_11,
    MIGRATION_12,
    MIGRATION_13,
    MIGRATION_14,
    MIGRATION_16,
    super::schema_panels::MIGRATION_17,
    super::schema_panels::MIGRATION_18,
    // Issue 20, forms as data: a referral's answers to its panel's form.
    crate::store::intake::MIGRATION_ANSWERS,
    // Issue 20, meetings keyed by id: two may share a day.
    super::schema_meetings::MIGRATION_MEETINGS,
    // Issue 21, several people per case: the people of a case, anonymous cases and
    // repeats.
    crate::store::intake::MIGRATION_CASE_PEOPLE,
    // Issue 21: a case discussion's checklist answers, risk ratings, sharing decisions
    // and escalations.
    crate::store::case_record::MIGRATION_CASE_RECORD,
    // Issue 21: guests invited for one case.
    crate::store::meeting::MIGRATION_GUESTS,
    // Issue 21: meeting types, the chair of each meeting, seniority, level changes.
    crate::store::meeting::MIGRATION_MEETING_TYPES,
    // Issue 21 (G4): the chair who agreed to a meeting's minutes being sent.
    crate::store::meeting::MIGRATION_MINUTES_AGREED,
    // Issue 21 (B9, B10): the cases named for a meeting for chosen cases.
    crate::store::meeting::MIGRATION_CHOSEN_CASES,
    // Issue 22 (MAVE): restricted intelligence; which co-chair agreed a decision.
    super::schema_mave::MIGRATION_MAVE,
    // Issue 22 (D1): the subject's kind (person, group, perpetrator, location) and
    // what identifies a group or a location.
    crate::store::intake::MIGRATION_KINDS,
    // Issue 26: status requests sent to agencies and their returns.
    crate::store::requests::MIGRATION_STATUS_REQUESTS,
    // Issue 22 (MAVE MV1): the coordinator's override of a failed form checklist.
    super::schema_mave::MIGRATION_MAVE_OVERRIDE,
    // Issue 24: lookups on encrypted databases read only what they print.
    super::schema_lookup::MIGRATION_LOOKUP_INDEXES,
    // Issue 25: the whole confidentiality statement shown to the room, and from where.
    super::room_log::MIGRATION_ROOM_STATEMENT,
    // Issue 24: the return's intervention-plan rows by meeting and by day recorded.
    super::schema_lookup::MIGRATION_INTERVENTION_INDEXES,
    // Issue 26: when a whole-file check last passed (a change to an encrypted file
    // reads the whole file first only once a day).
    super::whole_check::MIGRATION_WHOLE_CHECK,
    // Issue 26: a sheet counts carry-overs through the carried actions' index.
    crate::store::requests::MIGRATION_CARRIED_INDEX,
    // Issue 24: the agenda's "Between meetings" by index (open carried actions; each
    // case's done actions by day).
    super::schema_lookup::MIGRATION_DRIFT_INDEXES,
    // Issue 24: each action's carry-over count kept in its row (no chain walks).
    super::schema_lookup::MIGRATION_CARRIED_OVER,
    // Issue 24: the agenda's and the return's reads of each case's discussions and of
    // the cases closed, from indexes rather than rows.
    super::schema_lookup::MIGRATION_OUTCOME_INDEXES,
    // Issue 24: the agenda's open cases opened by a day, from an index of open cases.
    super::schema_lookup::MIGRATION_STALLED_INDEX,
    // Issue 24: a case's and a name's open actions from a covering index.
    super::schema_lookup::MIGRATION_OPEN_BY_CASE,
];

/// Migrations that rebuild a table another table refers to: they run with foreign
/// keys off (SQLite cannot switch them inside a transaction; a dropped parent would
/// otherwise fail the commit), and the store checks every link before committing.
pub const REBUILDS: &[&str] = &[super::schema_panels::MIGRATION_18];

pub use super::schema_text::{MIGRATION_16, MIGRATION_16_INDEX};

/// Drafts: text typed into a form that is not yet a row (a new action, a visitor),
/// kept so that nothing typed is lost if the program stops before it is confirmed.
const MIGRATION_2: &str = r#"
CREATE TABLE draft (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"#;

/// The live record: text as it is typed (a journal, replayed on the next start), each
/// terminal's own place in a meeting, and which terminal shows the room.
const MIGRATION_3: &str = r#"
CREATE TABLE typing (
    target TEXT PRIMARY KEY,
    terminal TEXT NOT NULL,
    base TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE terminal_place (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    terminal TEXT NOT NULL,
    item INTEGER,
    discussion_id INTEGER REFERENCES case_discussion(id),
    item_opened_at TEXT,
    case_opened_at TEXT,
    PRIMARY KEY (meeting_id, terminal)
);
ALTER TABLE meeting ADD COLUMN room_terminal TEXT;
"#;

/// Items by kind: each case discussion records the kind of agenda item it was heard
/// under (`new_referrals_under_18`, `reviews`, ...), read from the panel's agenda for
/// discussions recorded before; the number in `agenda_item` is kept as it was.
const MIGRATION_4: &str = r#"
ALTER TABLE case_discussion ADD COLUMN item_kind TEXT;
UPDATE case_discussion SET item_kind = (
    SELECT json_extract(j.value, '$.kind')
    FROM meeting m JOIN panel p ON p.id = m.panel_id, json_each(p.agenda) j
    WHERE m.id = case_discussion.meeting_id
      AND json_extract(j.value, '$.number') = case_discussion.agenda_item
);
UPDATE case_discussion SET item_kind = 'reviews' WHERE item_kind IS NULL AND agenda_item = 8;
UPDATE case_discussion SET item_kind = 'new_referrals_over_18' WHERE item_kind IS NULL AND agenda_item = 7;
UPDATE case_discussion SET item_kind = 'new_referrals_under_18' WHERE item_kind IS NULL;
CREATE INDEX discussion_meeting ON case_discussion(meeting_id);
"#;

/// Roles by kind: the panel file's posts (role, post title, agency) and the roles that
/// stay after the formal close. Panels made before keep MAGPan's three.
const MIGRATION_5: &str = r#"
ALTER TABLE panel ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';
ALTER TABLE panel ADD COLUMN after_close_roles TEXT NOT NULL
    DEFAULT '["chair","coordinator","mappa_coordinator"]';
"#;

/// The typing journal keeps one row per field *and terminal*: two people typing into
/// the same field each keep their own words over a kill.
const MIGRATION_6: &str = r#"
CREATE TABLE typing_by_terminal (
    target TEXT NOT NULL,
    terminal TEXT NOT NULL,
    base TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (target, terminal)
);
INSERT INTO typing_by_terminal SELECT target, terminal, base, body, updated_at FROM typing;
DROP TABLE typing;
ALTER TABLE typing_by_terminal RENAME TO typing;
"#;

/// The room's screen: blanked from any terminal, and what the chair has revealed on it
/// (the full name of one case, the intelligence text of one item); both hide again by
/// themselves when the room moves on.
const MIGRATION_7: &str = r#"
ALTER TABLE meeting ADD COLUMN room_blank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meeting ADD COLUMN room_reveal_discussion_id INTEGER;
ALTER TABLE meeting ADD COLUMN room_reveal_item INTEGER;
"#;

/// An age stated on a referral form when no date of birth is known (issue 11): the
/// age and the date it was stated. The subject's `date_of_birth` then holds an
/// estimate from it, so every rule that works from a date of birth places the person.
const MIGRATION_8: &str = r#"
ALTER TABLE subject ADD COLUMN stated_age INTEGER;
ALTER TABLE subject ADD COLUMN stated_age_on TEXT;
"#;

/// Section 5.5 and 7.2: what a written submission said, and how an action was
/// volunteered (in the room, by a deputy, by an absent agency's written submission,
/// agreed by the panel for an agency not present, or a duty the protocol sets, such
/// as the lead agency telling a referrer who was not there).
const MIGRATION_9: &str = r#"
ALTER TABLE attendance ADD COLUMN submission TEXT NOT NULL DEFAULT '';
ALTER TABLE action ADD COLUMN volunteered_how TEXT NOT NULL DEFAULT 'in_person'
    CHECK (volunteered_how IN ('in_person', 'deputy', 'written_submission', 'agreement', 'duty'));
"#;

/// Papers agencies file (issue 13): a random identity for this database (calendar
/// UIDs: two databases never share one), progress notes on actions, the panel's
/// small-number threshold for the monitoring return, and minutes approved at a
/// later meeting.
const MIGRATION_10: &str = r#"
CREATE TABLE database_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL
);
INSERT INTO database_identity (id, uid) VALUES (1, lower(hex(randomblob(16))));
CREATE TABLE action_note (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES action(id),
    note TEXT NOT NULL,
    os_user TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX action_note_action ON action_note(action_id);
ALTER TABLE panel ADD COLUMN small_number_threshold INTEGER NOT NULL DEFAULT 5;
ALTER TABLE meeting ADD COLUMN minutes_approved_on TEXT;
ALTER TABLE meeting ADD COLUMN minutes_approved_at_meeting_id INTEGER REFERENCES meeting(id);
"#;

/// The MAPPA item (issue 11, sections 10.1 and 12): a noted case linked to its
/// referral when it came through intake or was discharged to MAPPA, and section 12's
/// MAPPA level 2/3 data set; an early review at a lead agency's request (7.9).
const MIGRATION_11: &str = r#"
ALTER TABLE mappa_note ADD COLUMN referral_id INTEGER REFERENCES referral(id);
ALTER TABLE mappa_note ADD COLUMN date_of_birth TEXT;
ALTER TABLE mappa_note ADD COLUMN gender TEXT NOT NULL DEFAULT '';
ALTER TABLE mappa_note ADD COLUMN ethnicity TEXT NOT NULL DEFAULT '';
ALTER TABLE mappa_note ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE mappa_note ADD COLUMN ward TEXT NOT NULL DEFAULT '';
ALTER TABLE mappa_note ADD COLUMN welfare_legal_status TEXT NOT NULL DEFAULT '';
ALTER TABLE mappa_note ADD COLUMN criminal_legal_status TEXT NOT NULL DEFAULT '';
ALTER TABLE mappa_note ADD COLUMN referral_date TEXT;
ALTER TABLE mappa_note ADD COLUMN end_date TEXT;
ALTER TABLE mappa_note ADD COLUMN core_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE mappa_note ADD COLUMN onward_referrals TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX mappa_note_referral ON mappa_note(meeting_id, referral_id)
    WHERE referral_id IS NOT NULL;
ALTER TABLE referral ADD COLUMN early_review_requested_on TEXT;
ALTER TABLE referral ADD COLUMN early_review_reason TEXT NOT NULL DEFAULT '';
"#;

/// Section 12's proven offending data: one row per proven offence of a case's subject.
/// Whether it was before referral or during the intervention follows from the case's
/// dates (`domain::offending::OffencePeriod`), so it is not stored.
const MIGRATION_12: &str = r#"
CREATE TABLE offence (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    offence_on TEXT NOT NULL,
    offence_type TEXT NOT NULL,
    seriousness INTEGER CHECK (seriousness IS NULL OR seriousness BETWEEN 1 AND 8),
    location TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    knife INTEGER NOT NULL DEFAULT 0 CHECK (knife IN (0, 1)),
    gun INTEGER NOT NULL DEFAULT 0 CHECK (gun IN (0, 1)),
    other_weapon INTEGER NOT NULL DEFAULT 0 CHECK (other_weapon IN (0, 1)),
    drug_type TEXT NOT NULL DEFAULT '',
    drug_use INTEGER NOT NULL DEFAULT 0 CHECK (drug_use IN (0, 1)),
    drug_supply INTEGER NOT NULL DEFAULT 0 CHECK (drug_supply IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE INDEX offence_referral ON offence(referral_id);
"#;

/// Fast at county scale (issue 14): the lookups' reads by index at a million actions.
///
/// - Open actions (a tenth of the table) in partial indexes that hold every column a
///   list prints, by agency and due date and by due date alone: `actions` (open),
///   `--overdue` and `--due-within` read these and never the table.
/// - A case's and a meeting's actions by status and due date (`--case`, `--meeting`,
///   the minutes, `--status done`), in place of the single-column indexes; the
///   actions checked at a meeting (the minutes' "actions reviewed").
/// - Attendance and members by agency (the return's "agencies attending"); cases
///   closed by date (the return's closures); onward referrals by discussion and
///   state, with what the return counts (the referrals made at a year's meetings).
/// - Subjects' names in an FTS5 trigram index kept by triggers: `--subject` finds
///   the few people by index instead of reading every open action's subject.
/// - A case's subject and a subject's name by id in small covering indexes: a list
///   names each action's subject without reading the wide referral and subject
///   rows (the lookups name these indexes: SQLite reads a table by rowid first).
const MIGRATION_13: &str = r#"
CREATE INDEX action_open_agency_due ON action(agency_id, status, due_on, id, meeting_id,
    referral_id, description, person, volunteered_by, volunteered_by_member_id, completed_on,
    completion_note, reviewed_at_meeting_id, carried_from_action_id, volunteered_how)
    WHERE status = 'open';
CREATE INDEX action_open_due ON action(status, due_on, id, agency_id, meeting_id,
    referral_id, description, person, volunteered_by, volunteered_by_member_id, completed_on,
    completion_note, reviewed_at_meeting_id, carried_from_action_id, volunteered_how)
    WHERE status = 'open';
CREATE INDEX action_referral_status_due ON action(referral_id, status, due_on);
DROP INDEX action_referral;
CREATE INDEX action_meeting_status_due ON action(meeting_id, status, due_on);
DROP INDEX action_meeting;
CREATE INDEX action_reviewed_at ON action(reviewed_at_meeting_id)
    WHERE reviewed_at_meeting_id IS NOT NULL;
CREATE INDEX attendance_agency ON attendance(agency_id, meeting_id);
CREATE INDEX member_agency ON member(agency_id);
CREATE INDEX referral_status_closed ON referral(status, closed_on);
CREATE INDEX referral_id_subject ON referral(id, subject_id);
CREATE INDEX onward_discussion_state ON onward_referral(discussion_id, state, kind, cp_for, note);
CREATE INDEX subject_id_name ON subject(id, name);

CREATE VIRTUAL TABLE subject_name USING fts5(
    name, content = 'subject', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO subject_name (subject_name) VALUES ('rebuild');
CREATE TRIGGER subject_name_insert AFTER INSERT ON subject BEGIN
    INSERT INTO subject_name (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER subject_name_delete AFTER DELETE ON subject BEGIN
    INSERT INTO subject_name (subject_name, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER subject_name_update AFTER UPDATE OF name ON subject BEGIN
    INSERT INTO subject_name (subject_name, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO subject_name (rowid, name) VALUES (new.id, new.name);
END;
"#;

/// Trust (issue 12): a tamper-evident change log and compact text changes.
///
/// Each change-log row carries `hash` = SHA-256 of the previous row's hash and its own
/// fields (`prev_hash` is that previous hash), so a row changed, removed or inserted out
/// of order breaks the chain; `audit_head` holds the newest row's id and hash, so rows
/// cut from the end show too. The update trigger now lets a row be sealed once (its
/// hashes set, nothing else changed) and nothing more. `attendee` is the person at the
/// keyboard when known (beside the OS account). A long text change stores only what
/// changed: `old_ref` is the row whose new value was the old value, `new_diff` the edit
/// (`prefix bytes,suffix bytes,inserted text`), `new_hash` the SHA-256 of the whole new
/// value and `depth` how many edits lie between it and a whole copy.
/// `retained_count` keeps anonymous counts of the cases retention (`purge`) removed, by
/// the month they count in and the monitoring return's section, group and key, so the
/// return for a past period still adds up.
pub const MIGRATION_14: &str = r#"
ALTER TABLE change_log ADD COLUMN attendee TEXT;
ALTER TABLE change_log ADD COLUMN old_ref INTEGER;
ALTER TABLE change_log ADD COLUMN new_diff TEXT;
ALTER TABLE change_log ADD COLUMN new_hash BLOB;
ALTER TABLE change_log ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE change_log ADD COLUMN prev_hash BLOB;
ALTER TABLE change_log ADD COLUMN hash BLOB;
CREATE INDEX change_log_field ON change_log(tbl, row_id, col);
DROP TRIGGER change_log_no_update;
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.os_user IS NOT OLD.os_user
  OR NEW.tbl IS NOT OLD.tbl OR NEW.row_id IS NOT OLD.row_id OR NEW.col IS NOT OLD.col
  OR NEW.old_value IS NOT OLD.old_value OR NEW.new_value IS NOT OLD.new_value
  OR NEW.attendee IS NOT OLD.attendee OR NEW.old_ref IS NOT OLD.old_ref
  OR NEW.new_diff IS NOT OLD.new_diff OR NEW.new_hash IS NOT OLD.new_hash
  OR NEW.depth IS NOT OLD.depth
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    last_hash BLOB NOT NULL
);
CREATE TABLE retained_count (
    month TEXT NOT NULL,
    section TEXT NOT NULL,
    grp TEXT NOT NULL,
    key TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (month, section, grp, key)
);
"#;
