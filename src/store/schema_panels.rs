//! Migrations of issue 20 that make a panel's paperwork data: the paperwork column (17)
//! and the tables rebuilt without MAGPan's fixed lists (18). Listed in order with the
//! others in [`super::schema::MIGRATIONS`].

/// The panel's paperwork as data (issue 20): its rules, deadlines, decisions and forms
/// as JSON ([`crate::domain::paperwork::Paperwork`]). NULL in a database made before
/// this column: such a panel ran MAGPan's rules and still does until
/// `panel update` gives it its own.
pub const MIGRATION_17: &str = r#"
ALTER TABLE panel ADD COLUMN paperwork TEXT;
"#;

/// Decisions, onward-referral kinds and roles as data (issue 20, step 2): the CHECK
/// lists on `case_discussion.decision`, `onward_referral.kind` and `member.role` go
/// (the store checks a value against the panel's own lists instead). SQLite cannot drop
/// a CHECK, so each table is rebuilt: made anew, copied row for row with its ids,
/// the old one dropped, the new one renamed, its indexes made again; every other
/// CHECK, foreign key and UNIQUE stays. Run with foreign keys off ([`super::schema::REBUILDS`]).
/// Also: the key worker (a named person and agency) and the closure reason chosen from
/// the panel's list on a case discussion; the chair's override of the quorum on the
/// meeting, with when it was given.
pub const MIGRATION_18: &str = r#"
CREATE TABLE case_discussion_new (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    agenda_item INTEGER NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    lead_update TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    decision TEXT,
    decision_reasons TEXT NOT NULL DEFAULT '',
    risk_before TEXT,
    risk_after TEXT,
    lead_agency_id INTEGER REFERENCES agency(id),
    next_date TEXT,
    started_at TEXT,
    completed_at TEXT,
    item_kind TEXT,
    key_worker TEXT NOT NULL DEFAULT '',
    key_worker_agency_id INTEGER REFERENCES agency(id),
    closure_reason TEXT,
    UNIQUE (meeting_id, referral_id)
);
INSERT INTO case_discussion_new (id, meeting_id, referral_id, agenda_item, position,
    lead_update, minutes, decision, decision_reasons, risk_before, risk_after,
    lead_agency_id, next_date, started_at, completed_at, item_kind)
SELECT id, meeting_id, referral_id, agenda_item, position, lead_update, minutes,
    decision, decision_reasons, risk_before, risk_after, lead_agency_id, next_date,
    started_at, completed_at, item_kind
FROM case_discussion;
DROP TABLE case_discussion;
ALTER TABLE case_discussion_new RENAME TO case_discussion;
CREATE INDEX discussion_referral ON case_discussion(referral_id);
CREATE INDEX discussion_meeting ON case_discussion(meeting_id);

CREATE TABLE onward_referral_new (
    id INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES case_discussion(id),
    kind TEXT NOT NULL CHECK (kind <> ''),
    state TEXT NOT NULL CHECK (state IN ('considered', 'made', 'not_needed')),
    cp_for TEXT CHECK (cp_for IS NULL OR cp_for IN ('subject', 'siblings', 'other')),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (discussion_id, kind)
);
INSERT INTO onward_referral_new (id, discussion_id, kind, state, cp_for, note)
SELECT id, discussion_id, kind, state, cp_for, note FROM onward_referral;
DROP TABLE onward_referral;
ALTER TABLE onward_referral_new RENAME TO onward_referral;
CREATE INDEX onward_discussion_state ON onward_referral(discussion_id, state, kind, cp_for, note);

CREATE TABLE member_new (
    id INTEGER PRIMARY KEY,
    panel_id INTEGER NOT NULL REFERENCES panel(id),
    name TEXT NOT NULL,
    post_title TEXT NOT NULL DEFAULT '',
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    role TEXT NOT NULL CHECK (role <> ''),
    deputy_for_member_id INTEGER REFERENCES member(id),
    retired_on TEXT,
    created_at TEXT NOT NULL
);
INSERT INTO member_new (id, panel_id, name, post_title, agency_id, role,
    deputy_for_member_id, retired_on, created_at)
SELECT id, panel_id, name, post_title, agency_id, role, deputy_for_member_id,
    retired_on, created_at
FROM member;
DROP TABLE member;
ALTER TABLE member_new RENAME TO member;
CREATE INDEX member_panel ON member(panel_id);
CREATE INDEX member_agency ON member(agency_id);

ALTER TABLE meeting ADD COLUMN quorum_override_reason TEXT;
ALTER TABLE meeting ADD COLUMN quorum_override_at TEXT;
"#;
