//! The tables and columns the store writes: the only column names ever put into SQL
//! text by `set_field` (a table's editable columns) and by the bulk load (those and
//! the columns a row is made with, [`Table::keys`]). Between them they name every
//! column of each table.

/// Tables whose fields the app may edit, each with its editable columns. Column
/// names used in SQL text come only from these lists, never from user input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Panel,
    Agency,
    Member,
    Meeting,
    Attendance,
    Intelligence,
    Subject,
    Referral,
    Household,
    Discussion,
    Onward,
    Intervention,
    Action,
    MappaNote,
    Offence,
}

/// What another terminal's saved change to a column is to a terminal showing the
/// meeting (the live feed, `Store::changes_since`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// Text typed into an editor: taken into that editor in place
    /// (`TextTarget::Field`).
    Text,
    /// A date typed into an editor (`TextTarget::Date`), likewise.
    Date,
    /// Where the room is looking: it moves no data.
    Place,
}

const ALL_TABLES: [Table; 15] = [
    Table::Panel,
    Table::Agency,
    Table::Member,
    Table::Meeting,
    Table::Attendance,
    Table::Intelligence,
    Table::Subject,
    Table::Referral,
    Table::Household,
    Table::Discussion,
    Table::Onward,
    Table::Intervention,
    Table::Action,
    Table::MappaNote,
    Table::Offence,
];

impl Table {
    /// The table's name in SQL.
    pub fn name(self) -> &'static str {
        match self {
            Table::Panel => "panel",
            Table::Agency => "agency",
            Table::Member => "member",
            Table::Meeting => "meeting",
            Table::Attendance => "attendance",
            Table::Intelligence => "intelligence",
            Table::Subject => "subject",
            Table::Referral => "referral",
            Table::Household => "household_member",
            Table::Discussion => "case_discussion",
            Table::Onward => "onward_referral",
            Table::Intervention => "intervention",
            Table::Action => "action",
            Table::MappaNote => "mappa_note",
            Table::Offence => "offence",
        }
    }

    /// Every table, in the order of the schema.
    pub fn all() -> &'static [Table] {
        &ALL_TABLES
    }

    /// The table named `name` in SQL, if the app may edit it.
    pub fn from_name(name: &str) -> Option<Table> {
        ALL_TABLES.iter().copied().find(|t| t.name() == name)
    }

    /// The columns `set_field` may write in this table: a fixed list, the only
    /// column names ever put into SQL text.
    pub fn editable(self) -> &'static [&'static str] {
        match self {
            Table::Panel => &[
                "name",
                "short_name",
                "protective_marking",
                "venue",
                "risk_scale",
                "confidentiality_statement",
            ],
            Table::Agency => &["name", "is_police"],
            Table::Member => &[
                "name",
                "post_title",
                "agency_id",
                "role",
                "deputy_for_member_id",
                "retired_on",
            ],
            Table::Meeting => &[
                "date",
                "start_time",
                "venue",
                "state",
                "current_item",
                "current_discussion_id",
                "started_at",
                "formally_closed_at",
                "closed_at",
                "gate_override_reason",
                "gate_override_at",
                "room_terminal",
                "room_blank",
                "room_reveal_discussion_id",
                "minutes_approved_on",
                "minutes_approved_at_meeting_id",
                "room_reveal_item",
                "quorum_override_reason",
                "quorum_override_at",
                "kind",
                "minutes_sent_on",
                "type_code",
                "chaired_by_attendance_id",
                "minutes_agreed_by",
                "room_statement_word",
            ],
            Table::Attendance => &[
                "status",
                "deputy_for_member_id",
                "signed_at",
                "left_at",
                "note",
                "submission",
                "name",
                "post_title",
                "agency_id",
                "senior",
            ],
            Table::Intelligence => &["body", "updated_at"],
            Table::Subject => &[
                "name",
                "date_of_birth",
                "gender",
                "ethnicity",
                "stated_age",
                "stated_age_on",
            ],
            Table::Referral => &[
                "referring_agency_id",
                "referrer_contact",
                "address",
                "postcode",
                "ward",
                "education_employment",
                "awareness",
                "concerns",
                "other_referrals",
                "date_received",
                "urgent",
                "welfare_legal_status",
                "criminal_legal_status",
                "previously_known",
                "core_reason",
                "cse_issue",
                "radicalisation_issue",
                "named_gang",
                "mappa_category",
                "mappa_level",
                "screening",
                "screening_by",
                "screening_on",
                "screening_note",
                "referrer_informed_on",
                "status",
                "meeting_id",
                "lead_agency_id",
                "risk_start",
                "risk_current",
                "opened_on",
                "plan_due_on",
                "next_review_on",
                "closed_on",
                "closure_reason",
                "discharged_to_mappa",
                "early_review_requested_on",
                "early_review_reason",
                "restricted_reason",
                "checklist_override",
            ],
            Table::Household => &["name", "dob_or_age", "relationship"],
            Table::Discussion => &[
                "lead_update",
                "minutes",
                "decision",
                "decision_reasons",
                "risk_before",
                "risk_after",
                "lead_agency_id",
                "next_date",
                "started_at",
                "completed_at",
                "key_worker",
                "key_worker_agency_id",
                "closure_reason",
                "agreed_by_attendance_id",
            ],
            Table::Onward => &["state", "cp_for", "note"],
            Table::Intervention => &[
                "core_issue",
                "intervention",
                "level_of_contact",
                "agency_id",
                "progress",
                "updated_at",
            ],
            Table::Action => &[
                "description",
                "agency_id",
                "person",
                "volunteered_by",
                "volunteered_how",
                "due_on",
                "status",
                "completed_on",
                "completion_note",
                "reviewed_at_meeting_id",
            ],
            Table::MappaNote => &[
                "name",
                "category",
                "level",
                "note",
                "date_of_birth",
                "gender",
                "ethnicity",
                "postcode",
                "ward",
                "welfare_legal_status",
                "criminal_legal_status",
                "referral_date",
                "end_date",
                "core_reason",
                "onward_referrals",
            ],
            Table::Offence => &[
                "offence_on",
                "offence_type",
                "seriousness",
                "location",
                "outcome",
                "knife",
                "gun",
                "other_weapon",
                "drug_type",
                "drug_use",
                "drug_supply",
            ],
        }
    }

    /// The columns a row is made with and that are never edited: its id, its links
    /// and its place (the panel, meeting or case it belongs to, its position there),
    /// when it was made. With [`Table::editable`] these are every column of the table.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Table::Panel => &[
                "id",
                "cutoff_working_days",
                "agenda_circulation_working_days",
                "under_18_lead_agency",
                "agenda",
                "meeting_pattern",
                "created_at",
                "roles",
                "after_close_roles",
                "small_number_threshold",
                "paperwork",
            ],
            Table::Agency => &["id", "panel_id", "code"],
            Table::Member => &["id", "panel_id", "created_at"],
            Table::Meeting => &["id", "panel_id"],
            Table::Attendance => &["id", "meeting_id", "member_id", "visitor_for_referral_id"],
            Table::Intelligence => &["id", "meeting_id", "agency_id", "is_police"],
            // A subject's kind and what identifies a group or a location (issue 22)
            // are set at intake and matched on: not edited field by field.
            Table::Subject => &[
                "id",
                "panel_id",
                "created_at",
                "name_key",
                "kind",
                "area",
                "description",
                "group_size",
                "match_key",
            ],
            Table::Referral => &["id", "subject_id", "created_at"],
            Table::Household => &["id", "referral_id", "position"],
            Table::Discussion => &[
                "id",
                "meeting_id",
                "referral_id",
                "agenda_item",
                "position",
                "item_kind",
            ],
            Table::Onward => &["id", "discussion_id", "kind"],
            Table::Intervention => &["id", "referral_id", "meeting_id", "position", "created_at"],
            Table::Action => &[
                "id",
                "meeting_id",
                "referral_id",
                "volunteered_by_member_id",
                "carried_from_action_id",
                "created_at",
                // Kept by the database from `carried_from_action_id` (issue 24).
                "carried_over",
            ],
            Table::MappaNote => &["id", "meeting_id", "position", "created_at", "referral_id"],
            Table::Offence => &["id", "referral_id", "created_at"],
        }
    }

    /// `INSERT INTO table (cols…) VALUES (?1, …)` for a whole new row, the values
    /// bound in the order of `cols`. Errors: `Rule` (a bug) for a name that is not
    /// one of the table's [`Table::keys`] or [`Table::editable`] columns.
    pub fn insert_sql(self, cols: &[&str]) -> crate::store::Result<String> {
        if let Some(bad) = cols
            .iter()
            .find(|c| !self.keys().contains(c) && !self.editable().contains(c))
        {
            return Err(crate::store::StoreError::Rule(format!(
                "{}.{bad} is not a column the store writes",
                self.name()
            )));
        }
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        Ok(format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name(),
            cols.join(", "),
            marks.join(", ")
        ))
    }

    /// The editable columns (a part of [`Table::editable`]) whose change another
    /// terminal takes in without reading the meeting again, and as what; a change to
    /// any other column has the meeting read again.
    pub fn live(self) -> &'static [(&'static str, Live)] {
        match self {
            Table::Discussion => &[
                ("lead_update", Live::Text),
                ("minutes", Live::Text),
                ("decision_reasons", Live::Text),
                ("next_date", Live::Date),
                ("key_worker", Live::Text),
            ],
            Table::Meeting => &[
                ("current_item", Live::Place),
                ("current_discussion_id", Live::Place),
                // Not room_terminal: every terminal shows whom the room follows.
                ("room_statement_word", Live::Place),
            ],
            _ => &[],
        }
    }

    /// How a change to column `col` of the table named `table` reaches another
    /// terminal, with the column's name from [`Table::live`]; `None`: the meeting is
    /// read again.
    pub fn live_column(table: &str, col: &str) -> Option<(Table, &'static str, Live)> {
        let t = Table::from_name(table)?;
        t.live()
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(c, how)| (t, *c, *how))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_editable_columns_are_every_column_of_the_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = crate::store::Store::open(&dir.path().join("t.db"), None).expect("open");
        for t in Table::all() {
            let mut schema: Vec<String> = store
                .conn()
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    t.name()
                ))
                .expect("prepare")
                .query_map([], |r| r.get(0))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("columns");
            let mut named: Vec<String> = t
                .keys()
                .iter()
                .chain(t.editable())
                .map(|c| c.to_string())
                .collect();
            schema.sort();
            named.sort();
            assert_eq!(named, schema, "{}", t.name());
        }
    }

    #[test]
    fn insert_sql_names_only_known_columns() {
        assert_eq!(
            Table::Onward
                .insert_sql(&["discussion_id", "kind", "state"])
                .expect("known"),
            "INSERT INTO onward_referral (discussion_id, kind, state) VALUES (?1, ?2, ?3)"
        );
        assert!(Table::Onward.insert_sql(&["kind", "nope"]).is_err());
    }

    #[test]
    fn every_live_column_is_editable() {
        for t in ALL_TABLES {
            for (col, _) in t.live() {
                assert!(
                    t.editable().contains(col),
                    "{}.{col} is in the live feed but not editable",
                    t.name()
                );
            }
        }
    }
}
