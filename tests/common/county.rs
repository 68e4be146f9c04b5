#![allow(dead_code, clippy::unwrap_used)]
//! A county's panel on one host (issue 27): the invented demo panel encrypted under a
//! raw key, and its meeting driven in tmux (the chair starts it and opens the
//! reviews; an editor's text box focused).

use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::Duration;

use super::tmux::Tmux;
use super::{ok, rt, AS_OF};

/// The demo panel (as of [`AS_OF`]; next meeting 2026-12-09 with 13 reviews at item
/// 8) encrypted with `encrypt --generate-key`: (database, key file, the key's text).
pub fn encrypted_demo(dir: &Path) -> (PathBuf, PathBuf, String) {
    let db = dir.join("county.db");
    let key = dir.join("county.key");
    ok(&rt(&db, None, &["demo", "--as-of", AS_OF]));
    ok(&rt(
        &db,
        None,
        &["encrypt", "--generate-key", key.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&key).unwrap().trim().to_string();
    (db, key, text)
}

/// Whether the empty text box `label` has the focus (an unfocused empty box reads
/// "(empty…"; a focused one is blank lines for typing).
pub fn focused_box(screen: &str, label: &str) -> bool {
    let lines: Vec<&str> = screen.lines().collect();
    lines
        .iter()
        .position(|l| l.contains(&format!("┌ {label} ")))
        .and_then(|i| lines.get(i + 1))
        .is_some_and(|l| !l.contains("(empty"))
}

/// Tab until the empty text box `label` has the focus.
pub fn focus_box(t: &Tmux, label: &str) {
    for _ in 0..12 {
        sleep(Duration::from_millis(150));
        if focused_box(&t.screen(), label) {
            return;
        }
        t.keys(&["Tab"]);
    }
    panic!("could not focus {label}:\n{}", t.screen());
}

/// The chair: start the meeting, three present and signed, open review case 1.
pub fn chair_opens_the_reviews(chair: &Tmux) {
    chair.start_meeting();
    chair.keys(&[
        "p", "p", "p", "PageDown", "PageDown", "Space", "Space", "Space",
    ]);
    for _ in 0..10 {
        if chair
            .screen()
            .contains("8. Reviews: updates from lead agencies")
        {
            break;
        }
        chair.keys(&["PageDown"]);
        sleep(Duration::from_millis(200));
    }
    chair.keys(&["Enter"]);
    chair.wait_for("case 1 of 13");
}
