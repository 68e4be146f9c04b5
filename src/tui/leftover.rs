//! What a start finds left from before and says in its status line (QA faults 6 and 7):
//! a half-typed referral form kept as a draft, and a file of text that could not be saved
//! when the program was last quit (`<db>.unsaved-<time>.txt`, beside the database).

use std::path::{Path, PathBuf};

use crate::app::keys::{key, Command};
use crate::app::App;
use crate::store::Store;

/// Files of unsaved text left beside the database at `db` (oldest first).
pub(super) fn unsaved_files(db: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return vec![];
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.unsaved-", name.to_string_lossy());
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&prefix) && n.ends_with(".txt")
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Say, in the start's status line, what is waiting: unsaved text first (it is not in
/// the record at all), then a kept draft referral. A message already set (a dialog
/// reopened) stays; the unsaved-text file is said over it, as the more urgent.
pub(super) fn announce(store: &Store, app: &mut App) {
    if let Some(last) = unsaved_files(store.path()).last() {
        app.warn(format!(
            "Text not saved when the program was last quit is waiting in {}: copy it into the record, then delete the file",
            last.display()
        ));
        return;
    }
    if app.message.is_none() && crate::app::page::referrals::draft_waiting(app) {
        app.say(format!(
            "A draft referral is waiting: {}, then {}, resumes it",
            key(Command::ScreenIntake),
            key(Command::New)
        ));
    }
}
