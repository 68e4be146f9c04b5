//! `roundtable demo`: a wholly invented panel with a year (or more) of meetings,
//! open cases due for review and new referrals for the next meeting. Same seed,
//! same options, same data.
//!
//! Here the options and the run; the panel's members in `people.rs`, past meetings
//! and the next one's draft in `meetings.rs`, new referrals in `referrals.rs`,
//! reviews of open cases in `reviews.rs`, actions in `actions.rs`; every random
//! draw comes from `rng.rs`, in a fixed order.

mod actions;
mod meetings;
mod names;
mod people;
mod referrals;
mod reviews;
mod rng;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{Months, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::types::Value;

use crate::domain::calendar::WorkingCalendar;
use crate::domain::panel_def::PanelDef;
use crate::domain::types::*;
use crate::store::write::Table;
use crate::store::*;
use names::{GANGS, WARDS};
use rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    Large,
}

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub years: u32,
    pub scale: Scale,
    /// "Today" for the demo: past meetings are before it, the next meeting on or after.
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub meetings: usize,
    pub subjects: usize,
    pub referrals: usize,
    pub actions: usize,
    pub next_meeting: NaiveDate,
}

const RISK: [&str; 4] = ["Low", "Medium", "High", "Very High"];

struct Member {
    id: MemberId,
    name: String,
    post: String,
    agency: AgencyId,
    role: Role,
}

struct OpenCase {
    referral: ReferralId,
    subject: SubjectId,
    lead: AgencyId,
    risk: usize,
    next_review: NaiveDate,
    reviews: u32,
    open_actions: Vec<ActionId>,
    has_interventions: bool,
}

struct Gen<'a> {
    store: &'a Store,
    rng: Rng,
    clock: Arc<AtomicI64>,
    cal: WorkingCalendar,
    def: PanelDef,
    panel: PanelId,
    agencies: BTreeMap<String, AgencyId>,
    members: Vec<Member>,
    meetings: Vec<(MeetingId, NaiveDate)>,
    open: Vec<OpenCase>,
    closed_subjects: Vec<SubjectId>,
    subjects: usize,
    referrals: usize,
    actions: usize,
    actions_per_case: (i64, i64),
    referrals_per_meeting: (i64, i64),
    name_counter: u64,
}

fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("valid time"))
}

/// Fill an empty database with demo data.
pub fn generate(store: &mut Store, opts: &DemoOptions) -> Result<DemoSummary> {
    generate_with_progress(store, opts, &mut |_, _| {})
}

/// [`generate`], telling `progress(done, total)` as each past meeting is filled in
/// (for a progress bar on `demo --scale large`).
pub fn generate_with_progress(
    store: &mut Store,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<DemoSummary> {
    let panels: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM panel", [], |r| r.get(0))?;
    if panels > 0 {
        return Err(StoreError::Rule(format!(
            "{} already holds a panel; demo data goes into a new file",
            store.path().display()
        )));
    }
    let clock = Arc::new(AtomicI64::new(at(opts.as_of, 9, 0).and_utc().timestamp()));
    let c2 = clock.clone();
    store.set_clock(Box::new(move || {
        chrono::DateTime::from_timestamp(c2.load(Ordering::Relaxed), 0)
            .expect("valid timestamp")
            .naive_utc()
    }));
    store.log_changes = false;
    store.conn().execute_batch("BEGIN IMMEDIATE")?;
    let result = run(store, opts, clock, progress);
    match &result {
        Ok(_) => store.conn().execute_batch("COMMIT")?,
        Err(_) => {
            let _ = store.conn().execute_batch("ROLLBACK");
        }
    }
    store.log_changes = true;
    store.set_clock(system_clock());
    result
}

fn run(
    store: &Store,
    opts: &DemoOptions,
    clock: Arc<AtomicI64>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<DemoSummary> {
    let mut def = PanelDef::magpan();
    def.name = "Harrowfield Multi-Agency Gang Panel".into();
    def.venue = "Harrowfield Youth Offending Service, 12 Canal Street, Harrowfield HF1 4QT".into();
    let panel = store.create_panel(&def)?;
    let mut agencies = BTreeMap::new();
    {
        let mut st = store
            .conn()
            .prepare("SELECT code, id FROM agency WHERE panel_id = ?1 ORDER BY id")?;
        let rows = st.query_map([panel], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, AgencyId>(1)?))
        })?;
        for row in rows {
            let (code, id) = row?;
            agencies.insert(code, id);
        }
    }
    let large = opts.scale == Scale::Large;
    let mut g = Gen {
        store,
        rng: Rng::new(opts.seed),
        clock,
        cal: WorkingCalendar::england_and_wales(),
        def,
        panel,
        agencies,
        members: vec![],
        meetings: vec![],
        open: vec![],
        closed_subjects: vec![],
        subjects: 0,
        referrals: 0,
        actions: 0,
        actions_per_case: if large { (6, 9) } else { (2, 4) },
        referrals_per_meeting: (2, 4),
        name_counter: 0,
    };
    g.add_members()?;

    // Meetings: the panel's pattern over the past `years`, then the next two.
    let start = opts.as_of - Months::new(12 * opts.years.max(1));
    let all = g
        .def
        .meetings_from(start, 12 * opts.years.max(1) as usize + 14, &g.cal);
    let past: Vec<NaiveDate> = all.iter().copied().filter(|d| *d < opts.as_of).collect();
    let next = all
        .iter()
        .copied()
        .find(|d| *d >= opts.as_of)
        .expect("a future meeting");
    let following = all
        .iter()
        .copied()
        .find(|d| *d > next)
        .expect("a meeting after the next");
    if large {
        // About 5,000 subjects over the period (some referrals are re-referrals).
        let per = (5300 / past.len().max(1)) as i64;
        g.referrals_per_meeting = (per - 3, per + 3);
    }
    for d in past.iter().chain([next, following].iter()) {
        g.set_time(at(*d, 8, 0));
        let id = g
            .store
            .create_meeting(panel, *d, &g.def.venue, Some("10:00"))?;
        g.meetings.push((id, *d));
    }
    for k in 0..past.len() {
        g.past_meeting(k)?;
        progress(k + 1, past.len());
    }
    g.prepare_next(past.len())?;
    g.set_time(at(opts.as_of, 9, 0));
    g.store.log_event(&format!(
        "demo data generated (seed {}, {} years)",
        opts.seed, opts.years
    ))?;
    Ok(DemoSummary {
        meetings: g.meetings.len(),
        subjects: g.subjects,
        referrals: g.referrals,
        actions: g.actions,
        next_meeting: next,
    })
}

impl Gen<'_> {
    fn set_time(&self, t: NaiveDateTime) {
        self.clock.store(t.and_utc().timestamp(), Ordering::Relaxed);
    }

    fn agency(&self, code: &str) -> AgencyId {
        self.agencies[code]
    }

    fn set(&self, t: Table, id: i64, col: &str, v: Value) -> Result<()> {
        self.store.set_field(t, id, col, v).map(|_| ())
    }

    fn fill(&mut self, template: &str) -> String {
        let gang = self.rng.pick(GANGS).to_string();
        let ward = self.rng.pick(WARDS).to_string();
        template.replace("{gang}", &gang).replace("{ward}", &ward)
    }
}
