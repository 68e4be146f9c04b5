//! The first migration: every table as the first release made it (the panel, its
//! members and agencies, meetings, attendance, subjects, referrals, discussions,
//! actions and the append-only change log). Never edited: later migrations, in
//! [`super::schema`]'s list, change what they must.

pub(super) const MIGRATION_1: &str = r#"
CREATE TABLE panel (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    protective_marking TEXT NOT NULL,
    venue TEXT NOT NULL DEFAULT '',
    cutoff_working_days INTEGER NOT NULL DEFAULT 15,
    agenda_circulation_working_days INTEGER NOT NULL DEFAULT 5,
    under_18_lead_agency TEXT,
    confidentiality_statement TEXT NOT NULL,
    risk_scale TEXT NOT NULL,
    agenda TEXT NOT NULL,
    meeting_pattern TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE agency (
    id INTEGER PRIMARY KEY,
    panel_id INTEGER NOT NULL REFERENCES panel(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    is_police INTEGER NOT NULL DEFAULT 0 CHECK (is_police IN (0, 1)),
    UNIQUE (panel_id, code)
);

CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    panel_id INTEGER NOT NULL REFERENCES panel(id),
    name TEXT NOT NULL,
    post_title TEXT NOT NULL DEFAULT '',
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    role TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'coordinator', 'mappa_coordinator', 'member')),
    deputy_for_member_id INTEGER REFERENCES member(id),
    retired_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX member_panel ON member(panel_id);

CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    panel_id INTEGER NOT NULL REFERENCES panel(id),
    date TEXT NOT NULL,
    start_time TEXT,
    venue TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'planned'
        CHECK (state IN ('planned', 'in_progress', 'formally_closed', 'closed')),
    current_item INTEGER,
    current_discussion_id INTEGER REFERENCES case_discussion(id),
    started_at TEXT,
    formally_closed_at TEXT,
    closed_at TEXT,
    gate_override_reason TEXT,
    gate_override_at TEXT,
    UNIQUE (panel_id, date)
);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    member_id INTEGER REFERENCES member(id),
    name TEXT NOT NULL,
    post_title TEXT NOT NULL DEFAULT '',
    agency_id INTEGER REFERENCES agency(id),
    status TEXT NOT NULL
        CHECK (status IN ('present', 'apology', 'deputy', 'written_submission', 'absent')),
    deputy_for_member_id INTEGER REFERENCES member(id),
    visitor_for_referral_id INTEGER REFERENCES referral(id),
    signed_at TEXT,
    left_at TEXT,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, member_id)
);
CREATE INDEX attendance_meeting ON attendance(meeting_id);

CREATE TABLE intelligence (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    is_police INTEGER NOT NULL CHECK (is_police IN (0, 1)),
    body TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    UNIQUE (meeting_id, agency_id)
);

CREATE TABLE subject (
    id INTEGER PRIMARY KEY,
    panel_id INTEGER NOT NULL REFERENCES panel(id),
    name TEXT NOT NULL,
    date_of_birth TEXT,
    gender TEXT NOT NULL DEFAULT '',
    ethnicity TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX subject_name_dob ON subject(name COLLATE NOCASE, date_of_birth);

CREATE TABLE referral (
    id INTEGER PRIMARY KEY,
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    referring_agency_id INTEGER NOT NULL REFERENCES agency(id),
    referrer_contact TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    ward TEXT NOT NULL DEFAULT '',
    education_employment TEXT NOT NULL DEFAULT '',
    awareness TEXT NOT NULL DEFAULT 'not_known'
        CHECK (awareness IN ('yes', 'parents_only', 'no', 'not_known')),
    concerns TEXT NOT NULL DEFAULT '',
    other_referrals TEXT NOT NULL DEFAULT '',
    date_received TEXT NOT NULL,
    urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    welfare_legal_status TEXT NOT NULL DEFAULT '',
    criminal_legal_status TEXT NOT NULL DEFAULT '',
    previously_known INTEGER NOT NULL DEFAULT 0 CHECK (previously_known IN (0, 1)),
    core_reason TEXT CHECK (core_reason IS NULL OR core_reason IN (
        'at_risk_of_gang_association', 'involvement_in_gangs', 'victim_of_gangs', 'directly_affected_by_gangs')),
    cse_issue TEXT NOT NULL DEFAULT 'none' CHECK (cse_issue IN ('none', 'victim', 'perpetrator', 'both')),
    radicalisation_issue TEXT NOT NULL DEFAULT 'none'
        CHECK (radicalisation_issue IN ('none', 'victim', 'perpetrator', 'both')),
    named_gang TEXT NOT NULL DEFAULT '',
    mappa_category INTEGER CHECK (mappa_category IS NULL OR mappa_category BETWEEN 1 AND 3),
    mappa_level INTEGER CHECK (mappa_level IS NULL OR mappa_level BETWEEN 1 AND 3),
    screening TEXT NOT NULL DEFAULT 'pending'
        CHECK (screening IN ('pending', 'intelligence', 'no_intelligence', 'excluded')),
    screening_by TEXT NOT NULL DEFAULT '',
    screening_on TEXT,
    screening_note TEXT NOT NULL DEFAULT '',
    referrer_informed_on TEXT,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN (
        'received', 'on_agenda', 'open', 'one_to_watch', 'declined', 'referred_elsewhere', 'excluded', 'closed')),
    meeting_id INTEGER REFERENCES meeting(id),
    lead_agency_id INTEGER REFERENCES agency(id),
    risk_start TEXT,
    risk_current TEXT,
    opened_on TEXT,
    plan_due_on TEXT,
    next_review_on TEXT,
    closed_on TEXT,
    closure_reason TEXT NOT NULL DEFAULT '',
    discharged_to_mappa INTEGER NOT NULL DEFAULT 0 CHECK (discharged_to_mappa IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE INDEX referral_subject ON referral(subject_id);
CREATE INDEX referral_meeting ON referral(meeting_id);
CREATE INDEX referral_status_review ON referral(status, next_review_on);
CREATE INDEX referral_received ON referral(date_received);

CREATE TABLE household_member (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    dob_or_age TEXT NOT NULL DEFAULT '',
    relationship TEXT NOT NULL DEFAULT ''
);
CREATE INDEX household_referral ON household_member(referral_id);

CREATE TABLE case_discussion (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    agenda_item INTEGER NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    lead_update TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    decision TEXT CHECK (decision IS NULL OR decision IN (
        'open', 'one_to_watch', 'decline', 'refer_elsewhere', 'next_review', 'close')),
    decision_reasons TEXT NOT NULL DEFAULT '',
    risk_before TEXT,
    risk_after TEXT,
    lead_agency_id INTEGER REFERENCES agency(id),
    next_date TEXT,
    started_at TEXT,
    completed_at TEXT,
    UNIQUE (meeting_id, referral_id)
);
CREATE INDEX discussion_referral ON case_discussion(referral_id);

CREATE TABLE onward_referral (
    id INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES case_discussion(id),
    kind TEXT NOT NULL
        CHECK (kind IN ('child_protection', 'adult_safeguarding', 'marac', 'prevent_channel', 'csep')),
    state TEXT NOT NULL CHECK (state IN ('considered', 'made', 'not_needed')),
    cp_for TEXT CHECK (cp_for IS NULL OR cp_for IN ('subject', 'siblings', 'other')),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (discussion_id, kind)
);

CREATE TABLE intervention (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    meeting_id INTEGER REFERENCES meeting(id),
    position INTEGER NOT NULL DEFAULT 0,
    core_issue TEXT NOT NULL DEFAULT '',
    intervention TEXT NOT NULL DEFAULT '',
    level_of_contact TEXT NOT NULL DEFAULT '',
    agency_id INTEGER REFERENCES agency(id),
    progress TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX intervention_referral ON intervention(referral_id);

CREATE TABLE action (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    referral_id INTEGER REFERENCES referral(id),
    description TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    person TEXT NOT NULL DEFAULT '',
    volunteered_by TEXT NOT NULL DEFAULT '',
    volunteered_by_member_id INTEGER REFERENCES member(id),
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN (
        'open', 'done', 'not_done_circumstances', 'not_done_agency', 'carried_over')),
    completed_on TEXT,
    completion_note TEXT NOT NULL DEFAULT '',
    reviewed_at_meeting_id INTEGER REFERENCES meeting(id),
    carried_from_action_id INTEGER REFERENCES action(id),
    created_at TEXT NOT NULL
);
CREATE INDEX action_status_due ON action(status, due_on);
CREATE INDEX action_agency_status_due ON action(agency_id, status, due_on);
CREATE INDEX action_referral ON action(referral_id);
CREATE INDEX action_meeting ON action(meeting_id);

CREATE TABLE mappa_note (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 3),
    level INTEGER NOT NULL CHECK (level BETWEEN 2 AND 3),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    os_user TEXT NOT NULL,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    col TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX change_log_row ON change_log(tbl, row_id);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
"#;
