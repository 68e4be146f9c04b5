//! Issue 25: the README stays true. Every `roundtable …` line in its shell code blocks
//! is run as written (by `sh`, with the built binary on PATH, in a fresh home folder)
//! and must succeed; lines that need a terminal (the meeting screen, the room's screen)
//! are left out. Files a line names (the Eastmere panel file and members file) are the
//! README's own TOML blocks, written where the line expects them.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The bodies of the README's code blocks in `lang`, in order.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let open = format!("```{lang}\n");
    text.split(&open)
        .skip(1)
        .map(|b| &b[..b.find("```").unwrap()])
        .collect()
}

/// The `roundtable` command lines of the shell blocks (comments after ` #` dropped).
fn command_lines(text: &str) -> Vec<String> {
    blocks(text, "sh")
        .iter()
        .flat_map(|b| b.lines())
        .map(|l| l.split(" #").next().unwrap().trim().to_string())
        .filter(|l| l == "roundtable" || l.starts_with("roundtable "))
        .collect()
}

/// Whether a line opens a screen (no subcommand, `run` or `present`).
fn needs_a_terminal(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().skip(1).collect();
    let mut i = 0;
    while i < words.len() && words[i].starts_with('-') {
        // Global options; --db, --key-file and --as take a value.
        i += if ["--db", "--key-file", "--as"].contains(&words[i]) {
            2
        } else {
            1
        };
    }
    matches!(words.get(i), None | Some(&"run") | Some(&"present"))
}

/// The files the README's lines name, from its own TOML blocks: the first two of
/// "Setting up a real panel" are the panel file and the members file.
fn files(text: &str) -> Vec<(&'static str, String)> {
    let section = &text[text.find("## Setting up a real panel").unwrap()..];
    let toml = blocks(section, "toml");
    vec![
        ("eastmere.toml", toml[0].to_string()),
        ("members.toml", toml[1].to_string()),
    ]
}

#[test]
fn every_roundtable_line_in_the_readme_runs() {
    let text = readme();
    let lines = command_lines(&text);
    assert!(lines.len() >= 8, "{lines:?}");
    let home = tempfile::tempdir().unwrap();
    let work = home.path().join("work");
    let bin = home.path().join("bin");
    for d in [&work, &bin, &home.path().join("panel")] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::os::unix::fs::symlink(common::bin(), bin.join("roundtable")).unwrap();
    for (name, body) in files(&text) {
        std::fs::write(work.join(name), body).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for line in &lines {
        if needs_a_terminal(line) {
            continue;
        }
        for word in line.split_whitespace() {
            if word.ends_with(".toml") || word.ends_with(".json") {
                assert!(
                    work.join(word).exists(),
                    "{line}: the test does not know the file {word}"
                );
            }
        }
        let o = run(line, home.path(), &work, &path);
        assert!(
            o.status.success(),
            "{line}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!o.stdout.is_empty(), "{line} printed nothing");
        ran += 1;
    }
    assert!(ran >= 8, "{ran} lines run of {lines:?}");
}

/// `line` by `sh` in `work`, with `home` as the home folder and data folders. A
/// panel's own database (not the demo) is encrypted: its passphrase is given as
/// `ROUNDTABLE_KEY`, as a coordinator's key file would.
fn run(line: &str, home: &Path, work: &Path, path: &str) -> std::process::Output {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(line)
        .current_dir(work)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("PATH", path)
        .env("ROUNDTABLE_TODAY", common::AS_OF)
        .env("ROUNDTABLE_CONFIG", "")
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(Stdio::null());
    if !line.contains("--demo") {
        c.env("ROUNDTABLE_KEY", "correct horse battery staple, invented");
    }
    c.output().unwrap()
}

#[test]
fn a_line_that_opens_a_screen_is_known() {
    assert!(needs_a_terminal("roundtable"));
    assert!(needs_a_terminal("roundtable --demo"));
    assert!(needs_a_terminal("roundtable --db x.db run"));
    assert!(needs_a_terminal("roundtable --demo present"));
    assert!(!needs_a_terminal("roundtable --demo case 12"));
    assert!(!needs_a_terminal("roundtable --db ~/p.db meetings list"));
}
