//! Migration 16 (issue 18): names kept as people write them and matched by a folded
//! key, with its trigram index (split from `schema.rs`, which lists every migration).

/// Text as people write it (issue 18): `subject.name_key`, the name as matched, filled
/// by the store; then [`crate::store::text_form`] writes names in NFC and fills the
/// keys, and [`MIGRATION_16_INDEX`] indexes the keys (see that module for why).
pub const MIGRATION_16: &str = r#"
ALTER TABLE subject ADD COLUMN name_key TEXT;
DROP TRIGGER subject_name_insert;
DROP TRIGGER subject_name_delete;
DROP TRIGGER subject_name_update;
DROP TABLE subject_name;
"#;

/// The trigram index on `name_key`, its triggers, and subjects by folded name and
/// date of birth; run after the keys are filled ([`MIGRATION_16`]).
pub const MIGRATION_16_INDEX: &str = r#"
CREATE VIRTUAL TABLE subject_name USING fts5(
    name_key, content = 'subject', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO subject_name (subject_name) VALUES ('rebuild');
CREATE TRIGGER subject_name_insert AFTER INSERT ON subject BEGIN
    INSERT INTO subject_name (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER subject_name_delete AFTER DELETE ON subject BEGIN
    INSERT INTO subject_name (subject_name, rowid, name_key)
        VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER subject_name_update AFTER UPDATE OF name_key ON subject BEGIN
    INSERT INTO subject_name (subject_name, rowid, name_key)
        VALUES ('delete', old.id, old.name_key);
    INSERT INTO subject_name (rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE INDEX subject_key_dob ON subject(panel_id, name_key, date_of_birth);
"#;
