//! The README's keys table is the help overlay's table (one source: app::keys::BINDINGS).
//! `UPDATE_README=1 cargo test --test readme_keys` rewrites the table in place.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

#[test]
fn readme_keys_table_matches_the_bindings() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let table = roundtable::app::keys::markdown_table();
    if std::env::var_os("UPDATE_README").is_some() {
        let header = table.lines().next().unwrap();
        let start = readme.find(header).expect("README has a keys table");
        let end = readme[start..]
            .find("\n\n")
            .map_or(readme.len(), |e| start + e + 1);
        let updated = format!("{}{}{}", &readme[..start], table, &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert!(
        readme.contains(&table),
        "README.md keys table is out of date: run UPDATE_README=1 cargo test --test readme_keys\n\n{table}"
    );
}
