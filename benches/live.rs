//! The live record's figures (issue 8), through the same `App` + store path as the
//! terminal runner, drawing to an off-screen 160×48 terminal. Run with
//! `cargo bench --bench live`. Prints p50 and p99 in milliseconds; asserts nothing.
//!
//! On the large demo (ten years, about 107,000 actions), then on the same database
//! grown to about 1,000,000 actions (copies of its actions):
//! - keystroke → in the database (the typing journal), and → committed to its field;
//! - a saved change → screen redrawn (text; a recorded choice, which rereads the meeting);
//! - next case; reopening mid-meeting (start to first frame);
//! - another terminal's saved text → this screen redrawn (plus the 50 ms tick);
//! - the presenter following a recorded change, and blanking.
//!
//! `RT_BENCH_RUNS` sets the samples per figure (default 500).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use roundtable::app::{update, App, Effect, Msg};
use roundtable::demo::{generate, DemoOptions, Scale};
use roundtable::store::{MeetingId, Store};
use roundtable::tui::{apply, start, Watch};

struct Live {
    store: Store,
    meeting: MeetingId,
    app: App,
    mono: u64,
    term: Terminal<TestBackend>,
}

impl Live {
    fn open(path: &std::path::Path, terminal: &str) -> Live {
        let store = Store::open_existing(path, None)
            .unwrap()
            .with_terminal(terminal);
        let meeting = store.meeting_to_run().unwrap().unwrap();
        let app = start(&store, meeting).unwrap();
        Live {
            store,
            meeting,
            app,
            mono: 0,
            term: Terminal::new(TestBackend::new(160, 48)).unwrap(),
        }
    }

    fn send(&mut self, key: KeyEvent) -> Vec<Effect> {
        let fx = update(&mut self.app, Msg::Key(key));
        apply(&self.store, &mut self.meeting, &mut self.app, fx.clone());
        fx
    }

    fn key(&mut self, code: KeyCode) {
        self.send(KeyEvent::new(code, KeyModifiers::NONE));
    }

    fn ctrl(&mut self, c: char) {
        self.send(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    fn tick(&mut self, ms: u64) {
        self.mono += ms;
        let now = self.store.now();
        let fx = update(
            &mut self.app,
            Msg::Tick {
                now,
                mono_ms: self.mono,
            },
        );
        apply(&self.store, &mut self.meeting, &mut self.app, fx);
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.term.draw(|f| roundtable::ui::render(app, f)).unwrap();
    }

    fn focus(&mut self, label: &str) {
        for _ in 0..60 {
            if self
                .app
                .form
                .focused()
                .is_some_and(|f| f.label.starts_with(label))
            {
                return;
            }
            self.key(KeyCode::Tab);
        }
        panic!("no field {label}");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(label: &str, mut t: Vec<Duration>) {
    t.sort();
    let pct = |p: f64| t[((t.len() as f64 * p).ceil() as usize).clamp(1, t.len()) - 1];
    println!(
        "{label:<52} n {:>5}  p50 {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms",
        t.len(),
        ms(pct(0.5)),
        ms(pct(0.99)),
        ms(t[t.len() - 1])
    );
}

fn time(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

/// Start the meeting, mark three present, sign, and open the first new referral.
fn into_a_case(l: &mut Live) {
    l.key(KeyCode::Enter);
    for _ in 0..3 {
        l.key(KeyCode::Char('p'));
    }
    l.key(KeyCode::PageDown);
    l.key(KeyCode::PageDown);
    for _ in 0..3 {
        l.key(KeyCode::Char(' '));
    }
    while l.app.item < 6 {
        l.key(KeyCode::PageDown);
    }
    l.key(KeyCode::Enter);
    assert!(l.app.case.is_some(), "{:?}", l.app.message);
}

fn figures(path: &std::path::Path, label: &str, runs: usize) {
    let actions: i64 = Store::open_existing(path, None)
        .unwrap()
        .conn()
        .query_row("SELECT COUNT(*) FROM action", [], |r| r.get(0))
        .unwrap();
    println!("\n== {label}: {actions} actions");
    let mut a = Live::open(path, "bench-a");
    if a.app.case.is_none() {
        into_a_case(&mut a);
    }
    a.focus("Minutes");

    let mut journal = vec![];
    let mut commit = vec![];
    let mut redraw = vec![];
    for i in 0..runs {
        let c = if i % 7 == 6 { ' ' } else { 'a' };
        journal.push(time(|| {
            a.key(KeyCode::Char(c));
        }));
        if i % 10 == 9 {
            // A pause: the text is committed to its field, then the screen redrawn.
            let d = time(|| a.tick(400));
            commit.push(d);
            redraw.push(d + time(|| a.draw()));
        }
    }
    report("keystroke -> in the database (journal)", journal);
    report("pause -> committed to the field", commit);
    report("text saved -> screen redrawn", redraw);

    let mut choice = vec![];
    a.focus("Decision");
    for _ in 0..(runs / 10).max(20) {
        a.key(KeyCode::Right);
        choice.push(time(|| {
            a.key(KeyCode::Enter);
            a.draw();
        }));
    }
    report("choice recorded (rereads its case) -> redrawn", choice);

    a.key(KeyCode::Esc);
    let mut next = vec![];
    for i in 0..(runs / 5).max(20) {
        let fwd = a.app.case.is_none_or(|c| c + 1 < a.app.cases().len()) && i % 2 == 0;
        next.push(time(|| {
            a.ctrl(if fwd { 'n' } else { 'p' });
            a.draw();
        }));
    }
    report("next / previous case -> redrawn", next);

    let mut reopen = vec![];
    for _ in 0..(runs / 10).max(10) {
        reopen.push(time(|| {
            let mut l = Live::open(path, "bench-a");
            l.draw();
        }));
    }
    report("reopen mid-meeting -> first frame", reopen);

    // Another terminal: B types and pauses; A notices on its next tick and redraws.
    let mut b = Live::open(path, "bench-b");
    b.focus("Minutes");
    let mut watch = Watch::new(&a.store).unwrap();
    let mut seen = vec![];
    for _ in 0..(runs / 10).max(20) {
        b.key(KeyCode::Char('b'));
        b.tick(400);
        seen.push(time(|| {
            if let Some(m) = watch.poll(&a.store, a.meeting) {
                let fx = update(&mut a.app, m);
                apply(&a.store, &mut a.meeting, &mut a.app, fx);
            }
            a.draw();
        }));
    }
    report("other terminal's save -> redrawn (+ <= 50 ms tick)", seen);

    // The presenter: after a recorded change it rereads and draws the room's view.
    let presenter = Store::open_existing(path, None)
        .unwrap()
        .with_terminal("presenter");
    let mut room = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut follow = vec![];
    let mut blanked = vec![];
    a.focus("Decision");
    for i in 0..(runs / 10).max(20) {
        a.key(KeyCode::Right);
        a.key(KeyCode::Enter);
        follow.push(time(|| {
            let v = roundtable::tui::present::current_view(&presenter).unwrap();
            let now = presenter.now();
            room.draw(|f| roundtable::ui::presenter::draw(&v, now, f, f.area()))
                .unwrap();
        }));
        let m = presenter.meeting_to_run().unwrap().unwrap();
        blanked.push(time(|| {
            presenter.set_room_blank(m, i % 2 == 0).unwrap();
            let v = roundtable::tui::present::current_view(&presenter).unwrap();
            let now = presenter.now();
            room.draw(|f| roundtable::ui::presenter::draw(&v, now, f, f.area()))
                .unwrap();
        }));
    }
    report(
        "presenter follows a change -> drawn (+ <= 50 ms tick)",
        follow,
    );
    report("blank key -> presenter blanked", blanked);
}

/// Grow the action table to about `target` rows by copying its rows.
fn grow_actions(path: &std::path::Path, target: i64) {
    let s = Store::open_existing(path, None).unwrap();
    let c = s.conn();
    let cols: Vec<String> = c
        .prepare("SELECT name FROM pragma_table_info('action') WHERE name <> 'id'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let cols = cols.join(", ");
    loop {
        let n: i64 = c
            .query_row("SELECT COUNT(*) FROM action", [], |r| r.get(0))
            .unwrap();
        if n >= target {
            break;
        }
        let take = (target - n).min(n);
        c.execute_batch(&format!(
            "INSERT INTO action ({cols}) SELECT {cols} FROM action WHERE carried_from_action_id IS NULL ORDER BY id LIMIT {take}"
        ))
        .unwrap();
    }
}

fn main() {
    let runs: usize = std::env::var("RT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    // On the build disk, not a RAM-backed /tmp: a commit's fsync is part of the figure.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("large.db");
    let t = Instant::now();
    let mut store = Store::open(&path, None).unwrap();
    generate(
        &mut store,
        &DemoOptions {
            seed: 1,
            years: 10,
            scale: Scale::Large,
            as_of: "2026-11-22".parse().unwrap(),
        },
    )
    .unwrap();
    drop(store);
    println!("large demo built in {:.1} s", t.elapsed().as_secs_f64());
    figures(&path, "10-year demo", runs);
    let t = Instant::now();
    grow_actions(&path, 1_000_000);
    println!(
        "\ngrown to 1,000,000 actions in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    figures(&path, "1,000,000 actions", runs);
}
