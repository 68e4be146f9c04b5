//! Issue 21, guests for one case in the app (gaps C6 and C8), at a MARAC set up through
//! the binary and run by key events: a guest invited from the attendance page for one
//! case, with the chair's agreement given in advance (003 App 3A "Attendance by other
//! agencies/professionals"); a victim or family member refused in one line, nothing
//! saved (App 3A "Attendance by Victims and/or family members"); the guest joins on their
//! case page and leaves when it is done; anyone leaving early is recorded ("MARAC
//! members are required to attend and stay throughout the meeting", App 3A "MARAC
//! Members responsibilities"). Every person invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;
use common::marac;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::dialog::GUEST_TITLE;
use roundtable::app::form::Kind;

/// The shipped MARAC with two members and three named cases; its meeting planned.
fn marac_db() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    marac::with_cases(
        dir.path(),
        &["Maren Thistlewood", "Ysolde Brackwater", "Henrike Ollerton"],
    );
    dir
}

/// The same, its meeting started in the app (on the attendance item).
fn marac() -> (tempfile::TempDir, Run) {
    let dir = marac_db();
    let mut run = Run::open_db(&dir.path().join("marac.db"));
    run.key(KeyCode::Enter);
    run.key(KeyCode::Enter); // started on another day than its own: Enter again
    assert_eq!(run.app.data.cases.len(), 3, "three cases on the agenda");
    (dir, run)
}

/// Tab in the open dialog until the field labelled `label...` has the focus.
fn field(run: &mut Run, label: &str) {
    for _ in 0..20 {
        let d = run.app.dialog.as_ref().expect("a dialog is open");
        if d.form.focused().is_some_and(|f| f.label.starts_with(label)) {
            return;
        }
        run.key(KeyCode::Tab);
    }
    panic!("no dialog field {label}");
}

/// Type `text` into dialog field `label`, replacing what it held.
fn fill(run: &mut Run, label: &str, text: &str) {
    field(run, label);
    for _ in 0..40 {
        run.key(KeyCode::Backspace);
    }
    run.typ(text);
}

/// Choose option `n` (0-based) of dialog choice `label` and record it (Tab).
fn pick(run: &mut Run, label: &str, n: usize) {
    field(run, label);
    let selected = |run: &Run| {
        run.app
            .dialog
            .as_ref()
            .and_then(|d| d.form.focused())
            .and_then(|f| match &f.kind {
                Kind::Choice { selected, .. } => *selected,
                _ => None,
            })
    };
    for _ in 0..20 {
        if selected(run) == Some(n) {
            run.key(KeyCode::Tab);
            return;
        }
        run.key(KeyCode::Right);
    }
    panic!("no option {n} in {label}");
}

fn error(run: &Run) -> String {
    run.app
        .dialog
        .as_ref()
        .and_then(|d| d.error.clone())
        .unwrap_or_default()
}

fn guests(run: &Run) -> i64 {
    run.q("SELECT count(*) FROM case_guest")
}

/// The invitation of the tests: Perpetua Haldane of a refuge for case 2, agreed by
/// the chair on 2026-11-20 (the "Agreed by" field takes the chair it suggests).
fn invite_for_case_2(run: &mut Run) {
    run.key(KeyCode::Char('g'));
    fill(run, "Name", "Perpetua Haldane");
    fill(run, "Post title", "Outreach worker");
    fill(run, "Or their agency", "Refuge outreach service");
    pick(run, "For case", 1);
    fill(run, "Agreed on", "2026-11-20");
}

#[test]
fn app_3a_g_on_the_attendance_page_invites_a_guest_for_one_case_agreed_by_the_chair() {
    let (_dir, mut run) = marac();
    invite_for_case_2(&mut run);
    assert_eq!(run.app.dialog.as_ref().unwrap().title, GUEST_TITLE);
    run.key(KeyCode::Enter); // on the last field: confirm
    assert!(run.app.dialog.is_none(), "saved: {}", run.message());
    let second = run.app.data.cases[1].referral.id.0;
    let (name, agreed_by, agreed_on, agency, referral): (String, String, String, String, i64) = run
        .store
        .conn()
        .query_row(
            "SELECT g.name, g.agreed_by, g.agreed_on, g.agency_text, d.referral_id
                 FROM case_guest g JOIN case_discussion d ON d.id = g.discussion_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), agreed_by.as_str(), agreed_on.as_str()),
        ("Perpetua Haldane", "Imelda Quarrington", "2026-11-20"),
        "the chair's agreement, as suggested"
    );
    assert_eq!(
        (agency.as_str(), referral),
        ("Refuge outreach service", second)
    );
    let screen = run.screen_at(160, 40);
    assert!(
        screen.contains(&format!(
            "Guests for one case: Perpetua Haldane (case {second}, invited)"
        )),
        "{screen}"
    );
}

#[test]
fn app_3a_victims_family_and_invitations_not_agreed_in_advance_are_refused_in_one_line() {
    let (_dir, mut run) = marac();
    invite_for_case_2(&mut run);
    let cite = "(App 3A, Attendance by other agencies/professionals)";
    // "victims, family members or other interested parties will not be invited".
    for (n, who) in [(1, "The victim"), (2, "A family member")] {
        pick(&mut run, "Attends as", n);
        run.ctrl('d');
        let said = error(&run);
        assert!(
            said.starts_with(&format!("{who} is not invited")) && said.ends_with(cite),
            "{said}"
        );
        assert!(!said.contains('\n'), "one line: {said}");
        assert_eq!(guests(&run), 0, "nothing saved on a refusal");
    }
    pick(&mut run, "Attends as", 0);
    // "The Chair, in advance of the meeting must agree any such invitations."
    let day = run.app.data.date;
    fill(
        &mut run,
        "Agreed on",
        &(day + chrono::Days::new(1)).to_string(),
    );
    run.ctrl('d');
    let said = error(&run);
    assert!(
        said.starts_with("Agreed on: the chair agrees before the meeting") && said.ends_with(cite),
        "{said}"
    );
    fill(&mut run, "Agreed on", "");
    run.ctrl('d');
    assert!(
        error(&run).starts_with("Agreed on: the date"),
        "{}",
        error(&run)
    );
    fill(&mut run, "Agreed on", "2026-11-20");
    // A panel agency chosen as well as one in words: which?
    pick(&mut run, "Panel agency", 0);
    run.ctrl('d');
    assert!(error(&run).starts_with("Agency:"), "{}", error(&run));
    assert_eq!(guests(&run), 0, "nothing saved on any refusal");
    assert!(
        run.app.dialog.is_some(),
        "the dialog stays open to be put right"
    );
}

#[test]
fn app_3a_the_guest_joins_on_their_case_page_and_leaves_when_it_is_done() {
    let (_dir, mut run) = marac();
    invite_for_case_2(&mut run);
    run.key(KeyCode::Enter);
    // Members present and signed; on to the cases.
    run.key(KeyCode::Char('p'));
    run.key(KeyCode::Char('p'));
    run.key(KeyCode::PageDown);
    run.key(KeyCode::Char(' '));
    run.key(KeyCode::Char(' '));
    run.key(KeyCode::PageDown);
    run.key(KeyCode::PageDown); // item 4, cases with children: none here
    run.key(KeyCode::PageDown); // item 5, the other cases
    run.key(KeyCode::Enter); // case 1's page
    let alt_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT);
    assert!(!run.screen_at(160, 40).contains("Perpetua"), "not case 1's");
    run.send(alt_j);
    assert!(
        run.message().starts_with("Nobody is invited for this case"),
        "{}",
        run.message()
    );
    run.ctrl('n'); // case 2
    let screen = run.screen_at(160, 40);
    assert!(
        screen.contains(
            "Guests for this case: Perpetua Haldane (Refuge outreach service): invited · Alt-J joins"
        ),
        "{screen}"
    );
    run.send(alt_j);
    let second = run.app.data.cases[1].referral.id.0;
    let (visitor_for, left): (i64, Option<String>) = run
        .store
        .conn()
        .query_row(
            "SELECT visitor_for_referral_id, left_at FROM attendance WHERE name = 'Perpetua Haldane'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (visitor_for, left),
        (second, None),
        "in the room for case 2"
    );
    assert!(run
        .screen_at(160, 40)
        .contains("Perpetua Haldane (Refuge outreach service): joined "));
    run.send(alt_j);
    assert_eq!(
        run.message(),
        "Every guest invited for this case has joined"
    );

    // Case 2 done: the guest leaves, the time recorded.
    run.focus("Decision");
    run.typ("No further");
    run.key(KeyCode::Enter);
    run.focus("Reasons");
    run.typ("Support in place through the refuge");
    run.ctrl('d');
    let left: Option<String> =
        run.q("SELECT left_at FROM attendance WHERE name = 'Perpetua Haldane'");
    assert!(left.is_some(), "left after case 2: {}", run.message());
    assert!(!run.screen_at(160, 40).contains("Perpetua"), "not case 3's");
    for _ in 0..4 {
        run.key(KeyCode::PageUp); // back from item 5 to the attendance item
    }
    let screen = run.screen_at(160, 40);
    let row = screen
        .lines()
        .find(|l| l.contains("Perpetua Haldane") && !l.contains("Guests for one case"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        row.contains("left ") && row.contains(&format!("guest for case {second}")),
        "{row}"
    );
}

#[test]
fn app_3a_l_records_a_member_leaving_before_the_end_in_the_minutes_and_back_again() {
    let (_dir, mut run) = marac();
    run.key(KeyCode::Char('l'));
    assert!(
        run.message()
            .starts_with("Only someone marked present can leave"),
        "{}",
        run.message()
    );
    run.key(KeyCode::Char('p')); // the chair present; on to the next
    run.key(KeyCode::Up);
    run.key(KeyCode::Char('l'));
    assert!(
        run.message().starts_with("Imelda Quarrington left at "),
        "{}",
        run.message()
    );
    let left: Option<String> =
        run.q("SELECT left_at FROM attendance WHERE name = 'Imelda Quarrington'");
    assert!(left.is_some(), "recorded");
    let row = run
        .screen_at(160, 40)
        .lines()
        .find(|l| l.contains("Imelda Quarrington"))
        .unwrap()
        .to_string();
    assert!(row.contains("left "), "{row}");
    let m = roundtable::lookup::minutes::load(run.store.conn(), run.app.data.date).unwrap();
    let chair = m
        .attendance
        .iter()
        .find(|a| a.name == "Imelda Quarrington")
        .unwrap();
    assert!(chair.left_at.is_some(), "in the minutes");
    let logged: i64 =
        run.q("SELECT count(*) FROM change_log WHERE tbl = 'attendance' AND col = 'left_at'");
    assert_eq!(logged, 1, "change-logged");
    // Back in the room: a leaving marked by mistake is taken back.
    run.key(KeyCode::Char('l'));
    assert_eq!(run.message(), "Imelda Quarrington is back in the room");
    let left: Option<String> =
        run.q("SELECT left_at FROM attendance WHERE name = 'Imelda Quarrington'");
    assert_eq!(left, None);
}

#[test]
fn guest_dialog_at_80x24() {
    // The demo panel (clock injected): the dialog as it opens on the attendance page.
    let mut h = common::harness::Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('g'));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    insta::assert_snapshot!("guest_dialog_80x24", t.backend());
}

#[test]
fn app_3a_meetings_guest_invite_before_the_meeting_and_its_refusals_on_the_command_line() {
    let dir = marac_db();
    let db = dir.path().join("marac.db");
    let (day, second) = {
        let store = roundtable::store::Store::open(&db, None).unwrap();
        let m = store.meeting_to_run().unwrap().unwrap();
        assert!(
            store.load_meeting(m).unwrap().cases.is_empty(),
            "planned: no agenda yet"
        );
        (store.meeting_date(m).unwrap().to_string(), "2".to_string())
    };
    let invite = |extra: &[&str]| {
        let mut args = vec![
            "meetings",
            "guest",
            "invite",
            "--meeting",
            &day,
            "--name",
            "Perpetua Haldane",
            "--agreed-by",
            "Imelda Quarrington",
            "--agreed-on",
            "2026-11-20",
        ];
        args.extend_from_slice(extra);
        marac::run(&db, &args)
    };
    let count = || -> i64 {
        roundtable::store::Store::open(&db, None)
            .unwrap()
            .conn()
            .query_row("SELECT count(*) FROM case_guest", [], |r| r.get(0))
            .unwrap()
    };
    // "victims, family members or other interested parties will not be invited".
    let o = invite(&[
        "--case",
        &second,
        "--agency-text",
        "Refuge",
        "--capacity",
        "family",
    ]);
    let err = common::stderr(&o);
    assert!(
        !o.status.success() && err.contains("A family member is not invited"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    let o = invite(&["--case", "99", "--agency-text", "Refuge"]);
    assert!(
        common::stderr(&o).contains("case 99 is not on the agenda"),
        "{}",
        common::stderr(&o)
    );
    let o = invite(&["--case", &second, "--agency", "NOPE"]);
    assert!(
        common::stderr(&o).contains("NOPE is not a panel agency"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(count(), 0, "nothing saved on a refusal");

    let o = invite(&["--case", &second, "--agency", "dva", "--post", "IDVA"]);
    let said = common::stdout(&o);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        said.contains(&format!("Perpetua Haldane invited for case {second}"))
            && said.contains("(App 3A, Attendance by other agencies/professionals)"),
        "{said}"
    );
    assert_eq!(count(), 1);
    let listed = common::stdout(&marac::run(
        &db,
        &["meetings", "guest", "list", "--meeting", &day],
    ));
    let row = listed
        .lines()
        .find(|l| l.contains("Perpetua Haldane"))
        .unwrap();
    assert!(
        row.contains("DVA") && row.contains("Imelda Quarrington"),
        "{listed}"
    );

    // Started later in the app: the guest is case 2's, and the agenda is whole.
    let mut run = Run::open_db(&db);
    run.key(KeyCode::Enter);
    run.key(KeyCode::Enter);
    assert_eq!(run.app.data.cases.len(), 3);
    assert_eq!(run.app.data.guests.len(), 1);
    assert_eq!(run.app.data.guests[0].referral.0.to_string(), second);
}
