//! The README's screenshots describe the binary as it is (issue 25, "check in CI that
//! the README's key table, commands and screenshots are current"): each PNG in
//! `screenshots/` is kept with its screen as text (`NAME.txt`), and this makes every
//! screen again from the real binary in tmux (`scripts/screenshots.sh --check`, no
//! browser) and fails on any difference. `bash scripts/screenshots.sh` remakes both.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::tmux::have_tmux;

#[test]
fn every_screenshot_matches_what_the_binary_shows() {
    if !have_tmux() {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    // Every picture the README shows has its text beside it.
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    for png in readme
        .split("](screenshots/")
        .skip(1)
        .map(|rest| rest.split(')').next().unwrap())
    {
        let txt = png.trim_end_matches(".png").to_string() + ".txt";
        assert!(
            std::path::Path::new(&format!("{root}/screenshots/{txt}")).exists(),
            "screenshots/{png} has no screenshots/{txt}: bash scripts/screenshots.sh"
        );
    }
    let out = std::process::Command::new("bash")
        .arg(format!("{root}/scripts/screenshots.sh"))
        .arg("--check")
        .env("BIN", env!("CARGO_BIN_EXE_roundtable"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
