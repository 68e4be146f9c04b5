//! The README's keys table is the help overlay's table (one source: app::keys::BINDINGS).

#[test]
fn readme_keys_table_matches_the_bindings() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = roundtable::app::keys::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md keys table is out of date; replace it with:\n\n{table}"
    );
}
