//! State tests: key events sent to the app with no terminal (meeting runner issue).
//! Effects are performed against a real demo database so the outcome is checked in SQL.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::{update, Effect, Msg, SaveState, DEBOUNCE_MS, RETRY_MS};
use roundtable::domain::types::MeetingState;

#[test]
fn planned_meeting_starts_on_enter_at_item_1() {
    let mut h = Harness::new();
    assert_eq!(h.app.data.state, MeetingState::Planned);
    let fx = h.key(KeyCode::Enter);
    assert_eq!(fx, vec![Effect::StartMeeting]);
    assert_eq!(h.app.data.state, MeetingState::InProgress);
    assert_eq!(
        h.q::<String>("SELECT started_at FROM meeting WHERE state = 'in_progress'"),
        // 10:00 local, stored in UTC (issue 18).
        roundtable::domain::clock::stamp(common::harness::t("2026-12-09 10:00:00"))
    );
    // Agenda prepared: new referrals in time or urgent, and reviews due.
    assert!(!h.app.data.cases_for(6).is_empty());
    assert!(!h.app.data.cases_for(8).is_empty());
}

#[test]
fn items_1_2_attendance_marks_saved_at_once() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Char('w'));
    let rows: Vec<String> = h
        .store
        .conn()
        .prepare("SELECT status FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE m.state = 'in_progress' ORDER BY a.id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows, vec!["present", "apology", "written_submission"]);
}

#[test]
fn items_1_2_deputy_recorded_for_whom_and_signs() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down); // the vice chair
    h.key(KeyCode::Char('d'));
    assert!(h.app.dialog.is_some());
    h.typ("Wilma Stanhope-Orr");
    h.key(KeyCode::Enter); // to post title
    h.key(KeyCode::Enter); // confirm
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let (status, for_whom): (String, i64) = h
        .store
        .conn()
        .query_row(
            "SELECT status, deputy_for_member_id FROM attendance WHERE name = 'Wilma Stanhope-Orr'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "deputy");
    assert_eq!(for_whom, 2);
    assert!(
        h.app
            .signers()
            .iter()
            .any(|a| a.name == "Wilma Stanhope-Orr"),
        "a deputy is in the room and signs"
    );
}

#[test]
fn appendix_c_case_items_locked_until_all_present_have_signed() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('p'));
    h.key(KeyCode::Char('p'));
    h.goto(3);
    h.key(KeyCode::Char(' ')); // only the first signs
    h.goto(5);
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.item, 5, "item 6 must stay locked");
    let (msg, warn) = h.app.message.clone().unwrap();
    assert!(
        warn && msg.contains("Not signed: Bronwen Kestleton"),
        "{msg}"
    );
    h.goto(3);
    h.key(KeyCode::Char(' '));
    h.goto(6);
    assert_eq!(h.app.item, 6);
    let at = roundtable::domain::clock::stamp(common::harness::t("2026-12-09 10:00:00"));
    let signed: i64 = h.q(&format!(
        "SELECT COUNT(*) FROM attendance WHERE signed_at = '{at}'"
    ));
    assert_eq!(signed, 2);
}

#[test]
fn appendix_c_chair_override_needs_a_reason_and_is_recorded() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('p'));
    h.goto(3);
    h.ctrl('o');
    assert!(h.app.dialog.is_some());
    h.key(KeyCode::Enter);
    assert!(h
        .app
        .dialog
        .as_ref()
        .unwrap()
        .error
        .as_deref()
        .unwrap()
        .contains("cannot be blank"));
    h.typ("Chair joined by phone; will sign at the break");
    h.key(KeyCode::Enter);
    assert!(h.app.dialog.is_none());
    assert_eq!(
        h.q::<String>("SELECT gate_override_reason FROM meeting WHERE state = 'in_progress'"),
        "Chair joined by phone; will sign at the break"
    );
    h.goto(6);
    assert_eq!(h.app.item, 6);
}

#[test]
fn text_saved_300ms_after_last_keystroke_and_at_once_on_leaving() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(4);
    h.typ("Stabbing at the bus station");
    assert!(matches!(
        h.app.form.focused().unwrap().kind,
        roundtable::app::form::Kind::Text(_)
    ));
    let fx = h.wait(DEBOUNCE_MS - 100);
    assert!(fx.is_empty(), "not yet: {fx:?}");
    let fx = h.wait(100);
    assert!(
        matches!(&fx[..], [Effect::CommitText { body, .. }] if body == "Stabbing at the bus station"),
        "{fx:?}"
    );
    assert_eq!(h.q::<String>("SELECT body FROM intelligence i JOIN meeting m ON m.id = i.meeting_id WHERE m.state = 'in_progress'"), "Stabbing at the bus station");
    h.typ(" on Friday");
    let fx = h.key(KeyCode::PageDown);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::CommitText { body, .. } if body.ends_with("on Friday"))),
        "{fx:?}"
    );
}

fn open_first_case(h: &mut Harness, item: u32) {
    h.open_first_case(item);
}

#[test]
fn appendix_d_case_page_cannot_be_done_until_complete_and_says_what_is_missing() {
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    let fx = h.ctrl('d');
    assert!(fx.iter().all(|e| !matches!(e, Effect::CompleteCase { .. })));
    assert_eq!(h.app.missing, vec!["decision", "reasons", "risk level"]);
    h.focus("Decision");
    h.key(KeyCode::Right); // open to panel
    h.ctrl('d');
    assert_eq!(
        h.app.missing,
        vec![
            "reasons",
            "risk level",
            "lead agency",
            "intervention plan date"
        ]
    );
    h.focus("Reasons");
    h.typ("Clear link to serious youth violence");
    h.focus("Lead agency");
    h.key(KeyCode::Enter); // accept the suggestion: YOS for an under-18 (section 7.3)
    h.focus("Initial risk");
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.focus("Intervention plan");
    h.key(KeyCode::Enter); // suggested date: the next meeting
    let case_id = h.app.current_case().unwrap().referral.id;
    let fx = h.ctrl('d');
    assert!(
        fx.iter().any(|e| matches!(e, Effect::CompleteCase { .. })),
        "{:?}",
        h.app.missing
    );
    let (status, lead, risk, review): (String, String, String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT r.status, a.code, r.risk_start, r.next_review_on FROM referral r JOIN agency a ON a.id = r.lead_agency_id WHERE r.id = ?1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (
            status.as_str(),
            lead.as_str(),
            risk.as_str(),
            review.as_str()
        ),
        ("open", "YOS", "Medium", "2027-01-13")
    );
    assert_eq!(h.app.case, Some(1), "moved on to the next case");
}

#[test]
fn onward_referrals_and_actions_recorded_on_a_case_page() {
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    h.focus("MARAC referral");
    h.key(KeyCode::Right);
    h.key(KeyCode::Right); // made
    h.key(KeyCode::Enter); // record the choice
    let d = h.app.current_case().unwrap().discussion;
    let state: String = h
        .store
        .conn()
        .query_row(
            "SELECT state FROM onward_referral WHERE discussion_id = ?1 AND kind = 'marac'",
            [d],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(state, "made");
    h.ctrl('a');
    h.typ("Share attendance history with the lead agency");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // first agency
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab); // due date
    h.key(KeyCode::Enter); // suggested date
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // volunteered by the first person in the room
    h.key(KeyCode::Enter);
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let (what, by, due): (String, String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT description, volunteered_by, due_on FROM action ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(what, "Share attendance history with the lead agency");
    assert_eq!(by, "Alison Dellamere");
    assert_eq!(due, "2027-01-13");
}

#[test]
fn section_7_8_lead_agency_change_only_at_review() {
    let mut h = Harness::new();
    open_first_case(&mut h, 8);
    let case = h.app.current_case().unwrap().clone();
    let before = case.referral.lead_agency.unwrap();
    h.focus("Lead agency (may");
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter); // record the choice
    let after: i64 = h
        .store
        .conn()
        .query_row(
            "SELECT lead_agency_id FROM case_discussion WHERE id = ?1",
            [case.discussion],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(after, before.0, "a review may change the lead agency");
}

#[test]
fn item_8_review_checks_earlier_actions_and_carries_one_over() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(8);
    // Find a review with at least two earlier open actions.
    let idx = h
        .app
        .cases()
        .iter()
        .position(|c| c.earlier_actions.len() >= 2)
        .expect("a review with earlier actions");
    for _ in 0..idx {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    let first = h.app.current_case().unwrap().earlier_actions[0].id;
    let second = h.app.current_case().unwrap().earlier_actions[1].id;
    h.focus("Earlier action");
    h.key(KeyCode::Right); // done
    h.key(KeyCode::Enter); // record the choice
    h.key(KeyCode::Tab);
    h.key(KeyCode::Left); // carried over
    h.key(KeyCode::Enter); // record the choice
    assert!(
        h.app.dialog.is_some(),
        "carrying over asks for the new date"
    );
    h.key(KeyCode::Enter); // suggested date
    h.key(KeyCode::Enter); // confirm
    let s1: String = h
        .store
        .conn()
        .query_row("SELECT status FROM action WHERE id = ?1", [first], |r| {
            r.get(0)
        })
        .unwrap();
    let s2: String = h
        .store
        .conn()
        .query_row("SELECT status FROM action WHERE id = ?1", [second], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!((s1.as_str(), s2.as_str()), ("done", "carried_over"));
    let carried: i64 = h.store.conn().query_row("SELECT COUNT(*) FROM action WHERE carried_from_action_id = ?1 AND status = 'open' AND due_on = '2027-01-13'", [second], |r| r.get(0)).unwrap();
    assert_eq!(carried, 1);
}

#[test]
fn item_8_review_closes_a_case_with_reason() {
    let mut h = Harness::new();
    open_first_case(&mut h, 8);
    let id = h.app.current_case().unwrap().referral.id;
    // Check every earlier action as done.
    while h.app.form.fields.iter().any(|f| {
        f.label.starts_with("Earlier action")
            && matches!(
                f.kind,
                roundtable::app::form::Kind::Choice {
                    selected: Some(0) | None,
                    ..
                }
            )
    }) {
        h.focus("Earlier action");
        let pos = h
            .app
            .form
            .fields
            .iter()
            .position(|f| {
                f.label.starts_with("Earlier action")
                    && matches!(
                        f.kind,
                        roundtable::app::form::Kind::Choice {
                            selected: Some(0) | None,
                            ..
                        }
                    )
            })
            .unwrap();
        h.app.form.focus = pos;
        h.key(KeyCode::Right);
        if matches!(
            h.app.form.fields[pos].kind,
            roundtable::app::form::Kind::Choice {
                selected: Some(0),
                ..
            }
        ) {
            h.key(KeyCode::Right);
        }
        h.key(KeyCode::Enter); // record the choice
    }
    h.focus("Revised risk");
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter); // record the choice
    h.focus("Decision");
    h.key(KeyCode::Left); // close
    h.key(KeyCode::Enter); // record the choice
    h.focus("Reasons");
    h.typ("Risk reduced; engaging with college");
    h.ctrl('d');
    assert!(h.app.missing.is_empty(), "{:?}", h.app.missing);
    let (status, reason): (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT status, closure_reason FROM referral WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "closed");
    assert_eq!(reason, "Risk reduced; engaging with college");
}

#[test]
fn appendix_d_formal_close_records_leavers_then_item_9_opens() {
    let mut h = Harness::new();
    h.start_and_sign(6); // chair, vice chair, coordinator, MAPPA coordinator and two members
    assert!(
        !h.app.visible().iter().any(|i| i.number == 9),
        "item 9 hidden before the formal close"
    );
    h.goto(5);
    h.ctrl('f');
    assert!(h.app.dialog.is_none(), "not before item 8");
    h.goto(8);
    h.ctrl('f');
    assert!(h.app.dialog.is_some());
    h.key(KeyCode::Enter);
    assert_eq!(h.app.data.state, MeetingState::FormallyClosed);
    assert_eq!(h.app.item, 9);
    let left: i64 = h.q("SELECT COUNT(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE m.state = 'formally_closed' AND a.left_at IS NOT NULL");
    let stayed: i64 = h.q("SELECT COUNT(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE m.state = 'formally_closed' AND a.left_at IS NULL AND a.status = 'present'");
    assert_eq!(
        (left, stayed),
        (3, 3),
        "vice chair and two members leave; chair, coordinator, MAPPA coordinator stay"
    );
    h.ctrl('a');
    h.typ("Tobias Kennard-Ruiz");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Right);
    h.key(KeyCode::Right); // category 2
    h.key(KeyCode::Enter);
    h.key(KeyCode::Right); // level 2
    h.key(KeyCode::Enter);
    h.typ("Linked through associates");
    h.ctrl('d'); // saved; the section 12 data set may follow later
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    // Beside the referral intake excluded for this meeting (carried, section 10.1).
    assert_eq!(h.app.data.mappa.len(), 2);
    let typed = h
        .app
        .data
        .mappa
        .iter()
        .find(|n| n.name == "Tobias Kennard-Ruiz")
        .unwrap();
    assert_eq!((typed.category, typed.level, typed.referral), (2, 2, None));
    // End: the meeting closes and the next is scheduled a month later.
    h.ctrl('e');
    h.key(KeyCode::Enter);
    assert_eq!(
        h.q::<i64>("SELECT COUNT(*) FROM meeting WHERE date = '2026-12-09' AND state = 'closed'"),
        1
    );
    assert_eq!(h.app.data.state, MeetingState::Planned);
    assert_eq!(h.app.data.date.to_string(), "2027-01-13");
}

#[test]
fn esc_never_discards_typed_text_in_a_dialog() {
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    h.ctrl('a');
    h.typ("Arrange a home visit");
    h.key(KeyCode::Esc);
    assert!(h.app.dialog.is_none());
    let draft: i64 = h.q("SELECT COUNT(*) FROM draft WHERE body LIKE '%Arrange a home visit%'");
    assert_eq!(draft, 1, "kept as a draft in the database");
    h.ctrl('a');
    let d = h.app.dialog.as_ref().unwrap();
    assert_eq!(d.values()[0], "Arrange a home visit");
}

#[test]
fn esc_on_a_case_page_keeps_minutes() {
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    h.focus("Minutes");
    h.typ("Police shared intelligence");
    let d = h.app.current_case().unwrap().discussion;
    h.key(KeyCode::Esc);
    assert!(h.app.case.is_none());
    let m: String = h
        .store
        .conn()
        .query_row(
            "SELECT minutes FROM case_discussion WHERE id = ?1",
            [d],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(m, "Police shared intelligence");
}

#[test]
fn reopening_returns_to_the_same_item_and_case() {
    let mut h = Harness::new();
    open_first_case(&mut h, 7);
    h.key(KeyCode::Down);
    let d = h.app.current_case().unwrap().discussion;
    let data = h.store.load_meeting(h.meeting).unwrap();
    let again = roundtable::app::App::new(data, h.app.now, Default::default());
    assert_eq!(again.item, 7);
    assert_eq!(again.current_case().map(|c| c.discussion), Some(d));
}

#[test]
fn blank_screen_ignores_keys_until_unblanked() {
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    h.focus("Minutes");
    h.ctrl('b');
    assert!(h.app.blank);
    h.typ("secret");
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.form.focused().unwrap().text_value().unwrap(), "");
    h.ctrl('b');
    assert!(!h.app.blank);
}

#[test]
fn pasted_escape_sequences_are_stripped() {
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    h.focus("Minutes");
    h.paste("Seen at \u{1b}[31mthe park\u{1b}[0m\r\nwith 🙂 عربي");
    assert_eq!(
        h.app.form.focused().unwrap().text_value().unwrap(),
        "Seen at the park\nwith 🙂 عربي"
    );
}

#[test]
fn failed_save_is_shown_and_retried_with_text_kept() {
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    h.focus("Minutes");
    h.typ("Important words");
    let now = h.app.now;
    let fx = update(
        &mut h.app,
        Msg::Tick {
            now,
            mono_ms: h.mono + DEBOUNCE_MS,
        },
    );
    h.mono += DEBOUNCE_MS;
    let [Effect::CommitText { target, .. }] = &fx[..] else {
        panic!("one commit: {fx:?}")
    };
    update(
        &mut h.app,
        Msg::TextFailed {
            target: target.clone(),
            error: "disk I/O error".into(),
            transient: true,
            busy: false,
        },
    );
    assert!(matches!(
        roundtable::app::save::status(&h.app),
        SaveState::Failed(_)
    ));
    assert_eq!(
        h.app.form.focused().unwrap().text_value().unwrap(),
        "Important words"
    );
    // Issue 8: a retry writes the editor's current text, never the older copy.
    h.typ(" and more");
    h.mono += RETRY_MS;
    h.wait(0);
    let minutes: String = h.q(&format!(
        "SELECT minutes FROM case_discussion WHERE id = {}",
        h.app.current_case().unwrap().discussion.0
    ));
    assert_eq!(minutes, "Important words and more");
    assert!(!matches!(
        roundtable::app::save::status(&h.app),
        SaveState::Failed(_) | SaveState::Typing
    ));
}

#[test]
fn section_10_1_excluded_and_held_over_referrals_listed_apart_not_openable() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    let aside = &h.app.data.set_aside;
    assert!(
        aside.iter().any(|s| s.reason.contains("section 10.1")),
        "{aside:?}"
    );
    assert!(
        aside.iter().any(|s| s.reason.starts_with("Held over")),
        "{aside:?}"
    );
    for s in aside {
        assert!(!h
            .app
            .data
            .cases
            .iter()
            .any(|c| c.referral.id == s.referral.id));
    }
}

#[test]
fn appendix_b_intervention_rows_added_and_edited_at_a_review() {
    let mut h = Harness::new();
    open_first_case(&mut h, 8);
    let referral = h.app.current_case().unwrap().referral.id;
    let before = h.app.current_case().unwrap().interventions.len();
    h.focus("Interventions");
    h.ctrl('a');
    h.typ("Exploitation risk");
    h.key(KeyCode::Enter);
    h.typ("Weekly mentoring");
    h.key(KeyCode::Enter);
    h.typ("Weekly");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Right); // first agency
    h.key(KeyCode::Enter);
    h.typ("Started");
    h.key(KeyCode::Enter);
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let n = h.app.current_case().unwrap().interventions.len();
    assert_eq!(n, before + 1);
    // Edit the new (last) row's progress.
    h.focus("Interventions");
    for _ in 0..n {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert!(h.app.dialog.as_ref().unwrap().title.starts_with("Edit"));
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.typ(", two sessions attended");
    h.key(KeyCode::Enter);
    let progress: String = h
        .store
        .conn()
        .query_row(
            "SELECT progress FROM intervention WHERE referral_id = ?1 ORDER BY id DESC LIMIT 1",
            [referral],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(progress, "Started, two sessions attended");
}

#[test]
fn a_refusal_is_reported_and_not_retried() {
    let mut h = Harness::new();
    h.key(KeyCode::F(8));
    // Move the next meeting onto the date of a past one: the database refuses (one meeting a day).
    h.key(KeyCode::End);
    h.key(KeyCode::Up);
    let fx = vec![Effect::Set {
        table: roundtable::store::write::Table::Meeting,
        id: h.app.data.schedule[0].id.0,
        col: "date",
        value: rusqlite::types::Value::Text(
            h.app.data.schedule[1].date.format("%Y-%m-%d").to_string(),
        ),
    }];
    h.apply(fx);
    let (msg, warn) = h.app.message.clone().unwrap();
    assert!(warn && msg.starts_with("Not saved"), "{msg}");
    assert!(
        h.app.retry.is_empty(),
        "a constraint would fail again: no retry"
    );
    assert!(!matches!(h.app.save, SaveState::Failed(_)));
}

#[test]
fn intelligence_stays_with_the_chosen_agency_across_saves() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(5);
    h.key(KeyCode::Tab); // the agency list
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    let agency = h
        .app
        .data
        .agencies
        .iter()
        .filter(|a| !a.police)
        .nth(3)
        .unwrap()
        .id;
    h.typ("Part A.");
    h.wait(DEBOUNCE_MS); // saved, and the screen reloaded
    h.typ(" Part B.");
    h.wait(DEBOUNCE_MS);
    let body: String = h
        .store
        .conn()
        .query_row(
            "SELECT body FROM intelligence WHERE agency_id = ?1 ORDER BY id DESC LIMIT 1",
            [agency],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(body, "Part A. Part B.");
    assert_eq!(h.q::<i64>("SELECT COUNT(*) FROM intelligence i JOIN meeting m ON m.id = i.meeting_id WHERE m.state = 'in_progress'"), 1);
}

#[test]
fn typing_while_the_agency_list_has_focus_goes_to_the_note() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(4);
    h.key(KeyCode::Tab); // the list
    h.typ("Nothing lost");
    assert_eq!(
        h.app.form.focused().unwrap().text_value().as_deref(),
        Some("Nothing lost")
    );
}

#[test]
fn new_referrals_not_finished_go_to_the_next_meeting() {
    let mut h = Harness::new();
    h.start_and_sign(4);
    let unheard: Vec<i64> = h
        .app
        .data
        .cases
        .iter()
        .filter(|c| c.item != 8)
        .map(|c| c.referral.id.0)
        .collect();
    assert!(unheard.len() >= 4);
    h.goto(8);
    h.ctrl('f');
    assert!(
        h.app
            .dialog
            .as_ref()
            .unwrap()
            .note
            .iter()
            .any(|l| l.contains("not marked done")),
        "the close warns"
    );
    h.key(KeyCode::Enter);
    h.ctrl('e');
    h.key(KeyCode::Enter);
    assert_eq!(h.app.data.date.to_string(), "2027-01-13");
    // Start the next meeting: it is dated 13 January and the clock says 9 December,
    // so the runner asks first.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let now: Vec<i64> = h
        .app
        .data
        .cases
        .iter()
        .filter(|c| c.item != 8)
        .map(|c| c.referral.id.0)
        .collect();
    for id in &unheard {
        assert!(now.contains(id), "case {id} is on the next agenda: {now:?}");
    }
}

#[test]
fn earlier_action_screen_and_database_agree_after_esc_and_reopening() {
    let mut h = Harness::new();
    open_first_case(&mut h, 8);
    let action = h.app.current_case().unwrap().earlier_actions[0].id;
    let status = |h: &Harness| -> String {
        h.store
            .conn()
            .query_row("SELECT status FROM action WHERE id = ?1", [action], |r| {
                r.get(0)
            })
            .unwrap()
    };
    h.focus("Earlier action");
    h.key(KeyCode::Left); // straight to "carried over": asks for the date
    h.key(KeyCode::Enter); // record the choice
    assert!(h.app.dialog.is_some());
    h.key(KeyCode::Esc);
    assert_eq!(status(&h), "open");
    let shown = match &h.app.form.focused().unwrap().kind {
        roundtable::app::form::Kind::Choice {
            selected, options, ..
        } => options[selected.unwrap()].clone(),
        _ => unreachable!(),
    };
    assert_eq!(shown, "open", "the screen shows what the database holds");
    h.key(KeyCode::Right); // done
    h.key(KeyCode::Right); // not done: circumstances
    h.key(KeyCode::Left);
    h.key(KeyCode::Left); // back to open
    h.key(KeyCode::Enter); // record the choice
    assert_eq!(status(&h), "open");
    let completed: Option<String> = h
        .store
        .conn()
        .query_row(
            "SELECT completed_on FROM action WHERE id = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(completed, None);
}

#[test]
fn appendix_d_the_mappa_coordinators_deputy_stays_for_item_9() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('p')); // chair
    h.key(KeyCode::Char('p')); // vice chair
    h.key(KeyCode::Char('p')); // coordinator
    h.key(KeyCode::Char('d')); // the MAPPA Coordinator sends a deputy
    h.typ("Sam Tarrant-Lowe");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.goto(3);
    for _ in 0..4 {
        h.key(KeyCode::Char(' '));
    }
    h.goto(8);
    h.ctrl('f');
    h.key(KeyCode::Enter);
    let left: Option<String> = h
        .store
        .conn()
        .query_row(
            "SELECT left_at FROM attendance WHERE name = 'Sam Tarrant-Lowe'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, None);
    let vice_left: Option<String> = h
        .store
        .conn()
        .query_row(
            "SELECT left_at FROM attendance WHERE member_id = 2 ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(vice_left.is_some(), "the vice chair leaves");
}

#[test]
fn quitting_while_a_save_fails_asks_once_before_losing_anything() {
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    h.focus("Minutes");
    h.typ("Words the disk refused");
    let fx = update(
        &mut h.app,
        Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('q'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    assert!(h.app.quit);
    h.commit_fails(&fx, "disk full", false);
    assert!(!h.app.quit_is_safe(), "held back the first time");
    assert!(!h.app.quit);
    assert!(h.app.message.clone().unwrap().0.contains("not saved yet"));
    assert!(h.app.unsaved().contains("Words the disk refused"));
    update(
        &mut h.app,
        Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('q'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    assert!(h.app.quit && h.app.quit_is_safe(), "a second Ctrl-Q quits");
}

#[test]
fn section_7_8_a_lead_agency_changed_at_review_is_in_the_case_minutes() {
    let mut h = Harness::new();
    open_first_case(&mut h, 8);
    let id = h.app.current_case().unwrap().referral.id;
    h.focus("Lead agency (may");
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter); // record the choice
    let db = h._dir.path().join("demo.db");
    let out = h._dir.path().join("min");
    let o = common::run(&[
        "--db",
        db.to_str().unwrap(),
        "minutes",
        "--meeting",
        "2026-12-09",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let page = std::fs::read_to_string(out.join(format!("2026-12-09-case-{id}.md"))).unwrap();
    assert!(page.contains("at this review, section 7.8"), "{page}");
}

#[test]
fn appendix_c_the_whole_statement_can_be_shown_and_help_opens_with_question_mark() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('?'));
    assert!(h.app.help, "? opens the help outside text boxes");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('p'));
    h.goto(3);
    h.key(KeyCode::Char('s'));
    assert_eq!(h.app.screens.signing.statement, Some(0));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    // The top is held as a word of the statement (the room's screen starts there).
    assert!(h.app.screens.signing.statement > Some(0));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    let screen = format!("{:?}", t.backend().buffer());
    assert!(
        screen.contains("Information Act 2000 under one or more"),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screens.signing.statement, None);
    // Space still signs once the statement is closed.
    h.key(KeyCode::Char(' '));
    assert!(h.app.signers()[0].signed_at.is_some());
}

#[test]
fn items_1_2_a_visitor_is_added_for_a_case_and_shown_selected() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('v'));
    h.typ("Pat Oakenshaw-Bell");
    h.key(KeyCode::Enter);
    h.typ("School safeguarding lead");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Right); // an agency
    h.key(KeyCode::Enter);
    h.key(KeyCode::Right); // the first case
    h.key(KeyCode::Enter);
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let rows = h.app.attendance_rows();
    assert_eq!(h.app.sel, rows.len() - 1, "the new visitor is selected");
    let (status, for_case): (String, Option<i64>) = h
        .store
        .conn()
        .query_row("SELECT status, visitor_for_referral_id FROM attendance WHERE name = 'Pat Oakenshaw-Bell'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(status, "present");
    assert!(for_case.is_some(), "visitor recorded for that case");
    let db = h._dir.path().join("demo.db");
    let out = h._dir.path().join("min");
    let o = common::run(&[
        "--db",
        db.to_str().unwrap(),
        "minutes",
        "--meeting",
        "2026-12-09",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let general = std::fs::read_to_string(out.join("2026-12-09-general.md")).unwrap();
    assert!(
        general.contains(&format!(
            "Pat Oakenshaw-Bell (visitor for case {})",
            for_case.unwrap()
        )),
        "{general}"
    );
}

#[test]
fn item_8_a_carry_over_made_by_mistake_can_be_taken_back() {
    let mut h = Harness::new();
    open_first_case(&mut h, 8);
    let action = h.app.current_case().unwrap().earlier_actions[0].id;
    h.focus("Earlier action");
    h.key(KeyCode::Left); // carried over: asks for the date
    h.key(KeyCode::Enter); // record the choice
    h.key(KeyCode::Enter); // suggested date
    h.key(KeyCode::Enter); // confirm
    let carried = |h: &Harness| -> i64 {
        h.store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM action WHERE carried_from_action_id = ?1",
                [action],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(carried(&h), 1);
    h.key(KeyCode::Left); // not done: agency did not act, instead
    h.key(KeyCode::Enter); // record the choice
    assert_eq!(
        carried(&h),
        0,
        "the action raised for the carry-over is gone"
    );
    let status: String = h
        .store
        .conn()
        .query_row("SELECT status FROM action WHERE id = ?1", [action], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "not_done_agency");
    let logged: i64 = h.q(
        "SELECT COUNT(*) FROM change_log WHERE tbl = 'action' AND col = '*' AND new_value IS NULL",
    );
    assert_eq!(logged, 1, "the removal is in the change log");
}

#[test]
fn after_a_restart_the_item_timer_carries_on() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(4);
    let opened = h.app.item_since;
    h.wait(120_000); // two minutes on item 4
    let data = h.store.load_meeting(h.meeting).unwrap();
    let again = roundtable::app::App::new(data, h.app.now, Default::default());
    assert_eq!(again.item, 4);
    assert_eq!(again.item_since, opened, "not reset to zero by the restart");
}

#[test]
fn section_11_one_to_watch_is_done_without_a_risk_level() {
    // Section 11: with no supporting intelligence no risk assessment is done, so a
    // case page decided "one to watch" needs no risk level.
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    h.focus("Decision");
    let options = match &h.app.form.focused().unwrap().kind {
        roundtable::app::form::Kind::Choice { options, .. } => options.clone(),
        _ => unreachable!(),
    };
    let watch = options
        .iter()
        .position(|o| o == "one to watch")
        .expect("one to watch is offered");
    for _ in 0..=watch {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter);
    h.focus("Reasons");
    h.typ("No supporting intelligence yet");
    let fx = h.ctrl('d');
    assert!(
        fx.iter().any(|e| matches!(e, Effect::CompleteCase { .. })),
        "done without a risk level: {:?}",
        h.app.missing
    );
}

#[test]
fn section_12_child_protection_for_subject_siblings_or_other_is_recorded_and_kept() {
    // Section 12 counts child protection referrals for the subject, siblings or other.
    let mut h = Harness::new();
    open_first_case(&mut h, 6);
    let d = h.app.current_case().unwrap().discussion.0;
    h.focus("Child protection referral for");
    h.key(KeyCode::Right);
    h.key(KeyCode::Right); // siblings
    h.key(KeyCode::Enter);
    let cp_for = |h: &Harness| -> Option<String> {
        h.store
            .conn()
            .query_row(
                "SELECT cp_for FROM onward_referral WHERE discussion_id = ?1 AND kind = 'child_protection'",
                [d],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(cp_for(&h).as_deref(), Some("siblings"));
    // Changing the referral's state (the field just above) keeps whom it is for.
    h.key(KeyCode::BackTab);
    assert_eq!(
        h.app.form.focused().unwrap().label,
        "Child protection referral"
    );
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    assert_eq!(cp_for(&h).as_deref(), Some("siblings"), "not wiped");
}
