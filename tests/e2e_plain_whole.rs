//! Issue 28 item 1 end to end, a whole meeting: the real binary in screen-reader mode
//! (`run --plain`) in tmux at 80x24, driven as an `expect` script drives it (each
//! key, then the line it must print, read from the whole transcript in order). The
//! invented demo panel (MAGPan, seed 000): attendance, a guest invited for one case
//! (section 7, gap C6), signing the statement of Appendix C, a new referral's case page
//! read (summary, guest), the guest joining and signing, minutes typed and a `kill -9`
//! during them, an action agreed in its dialog, a decision, the members, new referrals
//! (screening dialog) and meetings screens read row by row, a review's risk over time,
//! the formal close, the MAPPA item and the end of the meeting. The transcript has no
//! box drawing (U+2500-257F), the alternate screen is never used, and everything
//! typed or chosen is in the database afterwards.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::texts;
use common::tmux::{assert_typed_kept, have_tmux, Tmux};

/// Invented words typed into the minutes.
const TYPED: &str = "Invented minutes: Odile Brackwater met Ruben at the leisure centre";
const GUEST: &str = "Odile Brackwater";
const ACTION: &str = "Invented home visit with the family";

/// The terminal and how far its transcript has been read.
struct Expect {
    t: Tmux,
    at: usize,
}

impl Expect {
    fn start(name: &str, db: &Path) -> Expect {
        let t = Tmux::start_as(name, db, "run --plain", "e2e-plain-whole", (80, 24));
        Expect { t, at: 0 }
    }

    /// Wait until `line` is printed after what was read so far; read past it.
    fn expect(&mut self, line: &str) {
        let start = Instant::now();
        loop {
            let all = self.t.transcript();
            if let Some(i) = all.get(self.at..).and_then(|rest| rest.find(line)) {
                self.at += i + line.len();
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{line:?} not announced; after what was read:\n{}",
                all.get(self.at..).unwrap_or(&all)
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// Send keys, then expect each line in turn.
    fn say(&mut self, keys: &[&str], lines: &[&str]) {
        self.t.keys(keys);
        for l in lines {
            self.expect(l);
        }
    }

    fn text(&mut self, s: &str) {
        self.t.text(s);
        self.expect(s);
    }
}

#[test]
fn a_whole_meeting_in_screen_reader_mode_is_announced_line_by_line_and_kept() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_by_binary(dir.path(), "whole.db");
    let mut e = Expect::start("plainw", &db);
    e.expect("planned: Enter starts it");
    e.expect("Item 1>");
    e.t.start_plain_meeting();
    e.expect("Meeting started");
    // Attendance: each mark, with the agency, and the next row.
    e.say(&["p"], &["Row 1 of 23 now: ", ", present", "Row 2 of 23: "]);
    e.say(&["p"], &["Row 2 of 23 now: ", "Row 3 of 23: "]);
    e.say(&["p"], &["Row 3 of 23 now: ", "Row 4 of 23: "]);
    // A guest for one case: the dialog, its fields, the chair's name offered.
    e.say(
        &["g"],
        &[
            "Dialog: Invite a guest for one case.",
            "Field Name, text, empty",
        ],
    );
    e.text(GUEST);
    e.say(&["Tab", "Tab", "Tab"], &["Field Panel agency, choice of "]);
    e.say(&["Right"], &["(not recorded: Enter records it)"]);
    e.say(&["Tab", "Tab"], &["Field For case, choice of "]);
    e.say(&["Right"], &["(not recorded: Enter records it)"]);
    e.say(
        &["Tab"],
        &["Field Agreed by (the chair), text, empty: Enter takes "],
    );
    e.say(&["Enter"], &[]);
    e.say(&["Tab"], &["Field Agreed on (YYYY-MM-DD), text, empty"]);
    e.text("2026-12-01");
    e.say(
        &["Enter"],
        &[
            "Dialog closed",
            &format!("Guests for one case: {GUEST} (case "),
        ],
    );
    // Signing the statement.
    e.say(&["PageDown"], &["Item 2 of 8: "]);
    e.say(&["PageDown"], &["Item 3 of 8: ", "Row 1 of 3: "]);
    e.say(&["Space"], &[", signed "]);
    e.say(&["Space"], &[", signed "]);
    e.say(
        &["Space"],
        &["Everyone present has signed: case items are open"],
    );
    // Item 6: the guest's case, read before its first field.
    e.say(
        &["PageDown", "PageDown", "PageDown"],
        &["Item 6 of 8: ", "Row 1 of "],
    );
    e.say(
        &["Enter"],
        &[
            "Case 1 of ",
            "Referral: ",
            "Concerns: ",
            &format!("Guests for this case: {GUEST} ("),
            "Field Minutes, text, empty",
            "Item 6, case 1 of 4, field Minutes>",
        ],
    );
    // The guest joins: they must sign before the case is heard.
    e.say(
        &["M-j"],
        &[
            "): joined ",
            "Case items locked: 1 not signed",
            &format!("{GUEST} joined for this case"),
        ],
    );
    e.say(&["Escape"], &["Back to the case list"]);
    e.say(&["PageUp", "PageUp", "PageUp"], &["Item 3 of 8: "]);
    e.say(
        &["Down", "Down", "Down"],
        &[&format!("Row 4 of 4: {GUEST}, not signed")],
    );
    e.say(
        &["Space"],
        &["Everyone present has signed: case items are open"],
    );
    e.say(&["PageDown", "PageDown", "PageDown"], &["Item 6 of 8: "]);
    e.say(&["Enter"], &["Case 1 of ", "Field Minutes, text, empty"]);
    e.text(TYPED);
    sleep(Duration::from_millis(300));
    let before_kill = e.t.plain_only();

    // A kill while typing: the words are in the journal (or already the record).
    e.t.kill_9();
    assert_typed_kept(&db, TYPED);
    drop(e);

    // Started again: the same place, the words back in the minutes.
    let mut e = Expect::start("plainw2", &db);
    e.expect(&format!("Field Minutes, text: {TYPED}"));
    e.expect("Item 6, case 1 of 4, field Minutes>");
    // The decision, recorded with Enter.
    e.say(&["Tab"], &["Field Decision, choice of "]);
    e.say(&["Right"], &["(not recorded: Enter records it)"]);
    e.say(&["Enter"], &["Saved at "]);
    // An action agreed in its dialog; the due date offered is taken with Enter.
    e.say(
        &["C-a"],
        &["Dialog: Add an action", "Field What, text, empty"],
    );
    e.text(ACTION);
    e.say(&["Tab", "Right"], &["(not recorded: Enter records it)"]);
    e.say(&["Enter"], &["Field Person (optional), text, empty"]);
    e.say(
        &["Enter"],
        &["Field Due date (YYYY-MM-DD), text, empty: Enter takes "],
    );
    e.say(&["Enter", "Enter"], &["Field Volunteered by, choice of "]);
    e.say(&["Right"], &["(not recorded: Enter records it)"]);
    e.say(
        &["Enter"],
        &[
            "Dialog closed",
            "list, row 1 of 1: due ",
            ACTION,
            "Saved at ",
        ],
    );
    e.say(&["Escape"], &["Back to the case list"]);
    // The other screens, row by row.
    e.say(&["F6"], &["Members screen", "Row 1 of 23: "]);
    e.say(&["Down"], &["Row 2 of 23: "]);
    e.say(&["F7"], &["New referrals screen", "Row 1 of 1: Case "]);
    e.say(
        &["s"],
        &["Dialog: Screening of case ", "Field Outcome, choice of "],
    );
    e.say(&["Escape"], &["Dialog closed"]);
    e.say(&["F8"], &["Meetings schedule screen", "Row 1 of 14: "]);
    e.say(&["Down"], &["Row 2 of 14: "]);
    e.say(&["F5"], &["MAGPan meeting of ", "in progress"]);
    // A review: its risk at each meeting, before its first field.
    e.say(&["PageDown", "PageDown"], &["Item 8 of 8: ", "Row 1 of "]);
    e.say(&["Enter"], &["Case 1 of ", "Referral: ", "Risk ", "Field "]);
    e.say(&["Escape"], &["Back to the case list"]);
    // The formal close, the MAPPA item, the end.
    e.say(&["C-f"], &["Dialog: Formal close.", "Leaving now: "]);
    e.say(&["Enter"], &["formally closed", "Item 9 of 9: ", " noted"]);
    e.say(
        &["C-e"],
        &[
            "Dialog: End the meeting.",
            "Field Next meeting (YYYY-MM-DD), text: ",
        ],
    );
    e.say(&["Enter"], &["planned: Enter starts it", "Item 1>"]);
    let all = e.t.plain_only();
    assert!(!all.contains("Case items locked: nobody"), "{all}");
    e.t.keys(&["C-q"]);
    sleep(Duration::from_millis(500));
    drop(e);
    // No announcement is an empty line between the prompt and the next.
    assert!(!before_kill.contains("> \n\n"), "{before_kill}");

    // Everything typed and chosen is in the record.
    let minutes = texts(&db, "SELECT minutes FROM case_discussion").join("\n");
    assert!(minutes.contains(TYPED), "{minutes}");
    let decided = texts(
        &db,
        "SELECT decision FROM case_discussion WHERE minutes LIKE '%Odile Brackwater met%'",
    );
    assert_eq!(decided.len(), 1, "{decided:?}");
    assert!(!decided[0].is_empty(), "no decision recorded");
    let actions = texts(
        &db,
        &format!("SELECT due_on FROM action WHERE description = '{ACTION}'"),
    );
    assert_eq!(actions.len(), 1, "{actions:?}");
    let joined = texts(
        &db,
        &format!("SELECT joined_at FROM case_guest WHERE name = '{GUEST}'"),
    );
    assert_eq!(joined.len(), 1, "{joined:?}");
    assert!(!joined[0].is_empty(), "the guest's joining not recorded");
    let state = texts(&db, "SELECT state FROM meeting WHERE date = '2026-12-09'");
    assert_eq!(
        state,
        vec!["closed".to_string()],
        "the meeting was not ended"
    );
}
