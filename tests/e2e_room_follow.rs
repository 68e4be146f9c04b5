//! QA session 5, faults 1(a)-(c) and 1(e), with the real binary in tmux: a chair's
//! terminal, a minute-taker's and a presenter on one database. F4 on the minute-
//! taker's terminal (which the room does not follow) is refused in one line and
//! never reaches the room later; the chair's F4 reveals and a second F4 hides; the
//! chair's terminal killed, the presenter falls back to initials and says so; a new
//! terminal with the dead one's name is not the room until F9.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use common::tmux::{have_tmux, Tmux};

#[test]
fn f4_reveals_only_what_the_room_shows_from_the_terminal_it_follows() {
    if !have_tmux() {
        return;
    }
    // A meeting under way on item 6's first case (started and signed in here).
    let mut h = Harness::new();
    h.open_first_case(6);
    let cases: Vec<String> = h
        .app
        .cases()
        .iter()
        .map(|c| c.referral.name.clone())
        .collect();
    assert!(cases.len() >= 3, "{cases:?}");
    let (first, third) = (cases[0].clone(), cases[2].clone());
    let initials = roundtable::app::text::initials;
    let db = h.store.path().to_path_buf();

    let present = Tmux::start_with("rf-present", &db, "present");
    present.wait_for(&initials(&first));
    let chair = Tmux::start_as("rf-chair", &db, "", "chair-tty", (120, 40));
    chair.wait_for("case 1 of");
    chair.keys(&["F9"]);
    chair.wait_for("room: here");
    let taker = Tmux::start_as("rf-taker", &db, "", "minutetaker", (120, 40));
    taker.wait_for("case 1 of");
    taker.wait_for("room: chair-tty");

    // (a) The minute-taker goes to the third case and presses F4: refused.
    taker.keys(&["C-n", "C-n"]);
    taker.wait_for("case 3 of");
    taker.keys(&["F4"]);
    taker.wait_for("not showing the room (F9 takes it)");
    let s = present.wait_for(&initials(&first));
    assert!(!s.contains(&third), "{s}");

    // (b) The chair moves the room to the third case: initials, not the name.
    chair.keys(&["C-n"]);
    present.wait_for(&initials(&cases[1]));
    chair.keys(&["C-n"]);
    let s = present.wait_for(&initials(&third));
    assert!(!s.contains(&third), "nobody chose to show it:\n{s}");

    // (c) The chair's F4 reveals it, marked on the chair's screen; F4 again hides it.
    chair.keys(&["F4"]);
    chair.wait_for("Revealed on the room's screen");
    chair.wait_for("FULL NAME SHOWN");
    present.wait_for(&third);
    chair.keys(&["F4"]);
    chair.wait_for("Hidden again on the room's screen");
    present.wait_for(&initials(&third));

    // (e) Revealed again, then the chair's terminal is killed: the presenter shows
    // initials and says it follows no terminal.
    chair.keys(&["F4"]);
    present.wait_for(&third);
    chair.tmux(&["kill-server"]);
    let s = present.wait_for("follows no terminal");
    assert!(!s.contains(&third), "{s}");
    assert!(s.contains(&initials(&third)), "{s}");
    drop(chair);

    // A new terminal given the dead one's name is not the room: F4 refused, its
    // moves leave the room where it was; F9 takes it.
    let again = Tmux::start_as("rf-again", &db, "", "chair-tty", (120, 40));
    again.wait_for("room: none");
    again.keys(&["F4"]);
    again.wait_for("not showing the room");
    again.keys(&["C-p"]);
    let s = present.wait_for("follows no terminal");
    assert!(s.contains(&initials(&third)), "{s}");
    again.keys(&["F9"]);
    again.wait_for("room: here");
    let s = present.wait_for(&initials(&cases[1]));
    assert!(!s.contains("follows no terminal"), "{s}");
    drop(taker);
    drop(h);
}
