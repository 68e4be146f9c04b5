//! Issue 28 item 1 for every panel: MAVE's, DYO's and CAMP's own dialogs (an
//! escalation, the chair's override of a quorum, a question of the chair's checklist)
//! are announced in plain mode as the MAGPan ones are (tests/app_announce.rs): one
//! line with the title and the notes as sentences, the field with its label and
//! kind, the prompt saying "dialog, field", a refusal alone, and "Dialog closed".
//! Driven with key events through the runner's own start and apply; every person is
//! invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;
use common::new_panel::Panel;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::announce::{announce, changes};
use roundtable::domain::types::MeetingState;
use roundtable::domain::AgendaKind;

/// Send a key as the plain runner does: the lines it prints, none with box drawing.
fn say(run: &mut Run, key: KeyEvent) -> Vec<String> {
    let before = announce(&run.app);
    let fx = roundtable::app::update(&mut run.app, roundtable::app::Msg::Key(key));
    let wrote = fx.iter().any(roundtable::app::Effect::changes_data);
    roundtable::tui::apply(&run.store, &mut run.meeting, &mut run.app, fx);
    let mut now = announce(&run.app);
    now.wrote = wrote;
    let lines = changes(&before, &now);
    for l in &lines {
        assert!(
            !l.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)),
            "box drawing in {l:?}"
        );
        assert!(
            !l.contains('◀') && !l.contains('▶'),
            "arrows read aloud: {l:?}"
        );
    }
    lines
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The dialog just opened is said as the MAGPan ones are: its title and notes in one
/// line of sentences, its focused field, the prompt; Esc says it closed.
fn said_as_sentences(run: &mut Run, lines: &[String], panel: &str) {
    let d = run
        .app
        .dialog
        .as_ref()
        .unwrap_or_else(|| panic!("{panel}: no dialog; {lines:?}"));
    let line = lines
        .iter()
        .find(|l| l.starts_with(&format!("Dialog: {}", d.title)))
        .unwrap_or_else(|| panic!("{panel}: {lines:?}"));
    assert!(
        line.ends_with(['.', ':', '?']),
        "{panel}: a sentence: {line:?}"
    );
    for n in d.note.iter().filter(|n| !n.trim().is_empty()) {
        assert!(line.contains(n.trim()), "{panel}: {n:?} not in {line:?}");
    }
    // Each note a sentence of its own: never run into the next (DYO's quorum line
    // read "... before a decision The reason is recorded").
    for pair in d.note.windows(2) {
        let (a, b) = (pair[0].trim(), pair[1].trim());
        if !a.is_empty() && b.starts_with(char::is_uppercase) && !a.ends_with(['.', ':', '?', '!'])
        {
            assert!(line.contains(&format!("{a}. {b}")), "{panel}: {line:?}");
        }
    }
    let label = d.form.focused().unwrap().label.clone();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("Field {label}"))),
        "{panel}: {lines:?}"
    );
    assert!(
        announce(&run.app).place.contains(", dialog, field "),
        "{panel}: {}",
        announce(&run.app).place
    );
    // Saved empty: the refusal alone, as a line of its own.
    let lines = say(run, ctrl('d'));
    if run.app.dialog.as_ref().is_some_and(|d| d.error.is_some()) {
        assert!(
            lines.iter().any(|l| l.starts_with("Refused: ")),
            "{panel}: {lines:?}"
        );
    }
    let lines = say(run, key(KeyCode::Esc));
    let lines = if run.app.dialog.is_some() {
        // Esc first put back a choice not yet recorded.
        say(run, key(KeyCode::Esc))
    } else {
        lines
    };
    assert!(
        lines.iter().any(|l| l == "Dialog closed"),
        "{panel}: {lines:?}"
    );
}

/// Start the meeting, everyone present, the statement signed, on the first case of
/// the first item of `kind`.
fn to_first_case(run: &mut Run, kind: AgendaKind, present: usize) {
    run.key(KeyCode::Enter);
    if run.app.data.state == MeetingState::Planned {
        run.key(KeyCode::Enter);
    }
    assert_eq!(run.app.data.state, MeetingState::InProgress);
    let n = run.app.attendance_rows().len();
    for i in 0..n {
        run.key(KeyCode::Char(if i < present { 'p' } else { 'a' }));
    }
    while run.app.kind() != AgendaKind::Confidentiality {
        run.key(KeyCode::PageDown);
    }
    for _ in 0..present {
        run.key(KeyCode::Char(' '));
    }
    for _ in 0..12 {
        if run.app.kind() == kind {
            break;
        }
        run.key(KeyCode::PageDown);
    }
    assert_eq!(run.app.kind(), kind, "{}", run.message());
    run.key(KeyCode::Enter);
    assert!(run.app.case.is_some(), "{}", run.message());
}

fn init(p: &Panel, panel: &str, members: &str) {
    let m = p.write("members.toml", members);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        panel,
        "--members",
        m.to_str().unwrap(),
    ]);
}

#[test]
fn mave_an_escalation_dialog_is_said_as_sentences() {
    let p = Panel::empty();
    init(
        &p,
        "mave",
        r#"
[[member]]
name = "Rosalind Achterberg"
post = "Co-chair, Assistant Director, Children's Social Care"
agency = "CSC"
role = "co_chair"

[[member]]
name = "Maelle Thorsby"
post = "MAVE Panel Coordinator"
agency = "CSC"
role = "coordinator"

[[member]]
name = "Ifan Castellano"
post = "Team Manager"
agency = "YJS"
"#,
    );
    let file = p.write(
        "referral.toml",
        r#"
form = "individual"
date_of_referral = "2026-11-16"
referrer_name = "Wenna Corrigan-Hale"
referrer_agency = "YJS"
name = "Tavish Okonkwo-Reed"
date_of_birth = 2010-04-17
meeting_held = "yes"
blocks = ["no_services"]
request = "A school place outside the borough this term"
how_safer = "Away from the group that exploits him on the way to school"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-13"
"#,
    );
    p.ok(&["referral", "add", "--from", file.to_str().unwrap()]);
    let mut run = Run::open(&p);
    let kind = run_kind(&run, 3);
    to_first_case(&mut run, kind, 3);
    run.focus("Escalations");
    let lines = say(&mut run, ctrl('a'));
    said_as_sentences(&mut run, &lines, "MAVE");
}

#[test]
fn dyo_the_chairs_quorum_override_is_said_as_sentences() {
    let p = Panel::empty();
    init(
        &p,
        "dyo",
        r#"
[[member]]
name = "Odette Ravensworth"
post = "YOT Manager"
agency = "YOT"
role = "chair"

[[member]]
name = "Kit Abernethy"
post = "Lead YOT Police Officer"
agency = "POL"

[[member]]
name = "Marisol Penhallow"
post = "Education Welfare Officer"
agency = "EWS"
"#,
    );
    let file = p.write(
        "referral.toml",
        r#"
form = "dyo"
referring_agency = "POL"
referrer = "Case officer, POL, 020 7946 0011"
date_received = 2026-11-02
name = "Kasimir Oyelaran"
date_of_birth = 2011-06-14
gender = "Male"
catchment = "resident"
presenting_issues = "Repeated thefts with older peers"
family = [["Ama Oyelaran", "Mother", "41"]]
assessments = ["asset", "police_intelligence"]
assessment_dates = "ASSET 2026-10-12"
"#,
    );
    let said = p.ok(&["referral", "add", "--from", file.to_str().unwrap()]);
    let id = common::new_panel::referral_id(&said);
    p.ok(&[
        "referral",
        "screen",
        &id.to_string(),
        "--intelligence",
        "--by",
        "Kit Abernethy",
    ]);
    let mut run = Run::open(&p);
    // Two of three present: no quorum, so the chair's override is asked for.
    let kind = run_kind(&run, 3);
    to_first_case(&mut run, kind, 2);
    let lines = say(&mut run, ctrl('o'));
    said_as_sentences(&mut run, &lines, "DYO");
}

#[test]
fn camp_a_question_of_the_chairs_checklist_is_said_as_sentences() {
    let p = Panel::empty();
    init(
        &p,
        "camp",
        r#"
[[member]]
name = "Rosalind Achterberg"
post = "CAMP Chair"
agency = "PROB"
role = "chair"

[[member]]
name = "Declan Moorcroft"
post = "Police Representative"
agency = "MPS"

[[member]]
name = "Ignatius Varga"
post = "CAMP Coordinator"
agency = "CS"
role = "coordinator"
"#,
    );
    let file = p.write(
        "referral.toml",
        r#"
form = "camp"
date_referral_made = 2026-11-20
by_officer = "DC Imogen Vasquez-Reilly"
from_agency = "Metropolitan Police"
referrer_email = "imogen.vasquez-reilly@example.invalid"
reasons = ["dip_prolific", "complex_ppo"]
complex_ppo_details = "Wide range of support needs"
first_name = "Tobiah"
surname = "Quennell"
borough = "Bromley"
gender = "Male"
dob = 1994-03-08
childcare = "no"
primary_drug = "Heroin"
primary_iv = "no"
issues = ["homelessness"]
consent = true
"#,
    );
    p.ok(&["referral", "add", "--from", file.to_str().unwrap()]);
    let mut run = Run::open(&p);
    let kind = run_kind(&run, 3);
    to_first_case(&mut run, kind, 3);
    run.focus("Chair's checklist");
    let lines = say(&mut run, key(KeyCode::Enter));
    said_as_sentences(&mut run, &lines, "CAMP checklist");
    run.focus("Sharing and disclosure");
    let lines = say(&mut run, ctrl('a'));
    said_as_sentences(&mut run, &lines, "CAMP sharing");
}

/// The kind of agenda item `n` (the first case item of each of these panels).
fn run_kind(run: &Run, n: u32) -> AgendaKind {
    run.app
        .data
        .panel
        .agenda
        .iter()
        .find(|i| i.number == n)
        .unwrap()
        .kind
}
