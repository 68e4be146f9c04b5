//! `roundtable demo`: a wholly invented panel with a year (or more) of meetings,
//! open cases due for review and new referrals for the next meeting. Same seed,
//! same options, same data.
//!
//! Here the options and the run; the panel's members in `people.rs`, past meetings
//! and the next one's draft in `meetings.rs`, new referrals in `referrals.rs`,
//! reviews of open cases in `reviews.rs`, actions in `actions.rs`; every random
//! draw comes from `rng.rs`, in a fixed order.

mod actions;
pub mod consistent;
mod meetings;
mod names;
mod people;
mod referrals;
mod reviews;
mod rng;

use std::collections::BTreeMap;

use chrono::{Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::calendar::WorkingCalendar;
use crate::domain::panel_def::PanelDef;
use crate::domain::types::*;
use crate::store::bulk::{BulkRows, MeetingRow};
use crate::store::*;
use names::{GANGS, WARDS};
use rng::Rng;

/// How big a demo: the number of cases, actions and meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One monthly panel with a few cases a meeting: for trying the app.
    Small,
    /// Ten years of a monthly panel: about 5,000 subjects and 107,000 actions,
    /// about a tenth of them open.
    Large,
    /// A county's panel sitting weekly for ten years, with twice the actions a case:
    /// about 1,000,000 actions, a tenth of them open, due dates over the years.
    County,
}

/// What a scale means for the generator.
struct Shape {
    /// Actions raised for a case opened at a meeting (reviews raise two fewer).
    actions_per_case: (i64, i64),
    /// Subjects a year, spread over the past meetings (None: 2-4 a meeting).
    subjects_a_year: Option<i64>,
    /// In 100: an action the agency never reports back on, left open for ever.
    left_open: u64,
    /// Meetings every week (the monthly pattern's weekday), not monthly.
    weekly: bool,
    /// Meetings between a case's reviews.
    review_gap: (i64, i64),
}

impl Scale {
    fn shape(self) -> Shape {
        match self {
            Scale::Small => Shape {
                actions_per_case: (2, 4),
                subjects_a_year: None,
                left_open: 0,
                weekly: false,
                review_gap: (1, 3),
            },
            Scale::Large => Shape {
                actions_per_case: (6, 9),
                subjects_a_year: Some(530),
                left_open: 14,
                weekly: false,
                review_gap: (1, 3),
            },
            // Ten times the large demo's actions from about twice its meetings' cases
            // (a week's meeting hears about 200 cases), each case with twice the
            // actions: a busier panel, not a crowd at every meeting.
            Scale::County => Shape {
                actions_per_case: (12, 18),
                subjects_a_year: Some(2_200),
                left_open: 14,
                weekly: true,
                review_gap: (2, 6),
            },
        }
    }
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

struct InventedMember {
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
    /// The time rows are stamped with as the meetings are played through.
    now: NaiveDateTime,
    rows: BulkRows,
    cal: WorkingCalendar,
    def: PanelDef,
    panel: PanelId,
    agencies: BTreeMap<String, AgencyId>,
    members: Vec<InventedMember>,
    meetings: Vec<(MeetingId, NaiveDate)>,
    open: Vec<OpenCase>,
    closed_subjects: Vec<SubjectId>,
    subjects: usize,
    referrals: usize,
    actions: usize,
    actions_per_case: (i64, i64),
    referrals_per_meeting: (i64, i64),
    left_open: u64,
    review_gap: (i64, i64),
    name_counter: u64,
}

fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("valid time"))
}

/// Fill an empty database with demo data, in one transaction: the panel and its
/// members through the store's usual writes, everything else built in memory and
/// written in bulk ([`Store::bulk_insert`]). Errors: `Rule` for a database that
/// already holds a panel; SQLite.
pub fn generate(store: &mut Store, opts: &DemoOptions) -> Result<DemoSummary> {
    generate_with_progress(store, opts, &mut |_, _| {})
}

/// [`generate`], telling `progress(done, total)` as each past meeting is made (for a
/// progress bar on `demo --scale large`).
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
    // 09:00 local on the day, so what the demo shows is the same in any time zone.
    let start = crate::domain::clock::from_local(at(opts.as_of, 9, 0));
    store.set_clock(Box::new(move || start));
    store.log_changes = false;
    // A large cache while a million rows go into the action table's indexes.
    store.conn().execute_batch("PRAGMA cache_size = -262144")?;
    store.conn().execute_batch("BEGIN IMMEDIATE")?;
    let result = run(store, opts, progress);
    match &result {
        Ok(_) => store.conn().execute_batch("COMMIT")?,
        Err(_) => {
            let _ = store.conn().execute_batch("ROLLBACK");
        }
    }
    store.conn().execute_batch("PRAGMA cache_size = -2000")?;
    store.log_changes = true;
    store.set_clock(system_clock());
    result
}

/// The past meetings' dates (before `as_of`), then the next two: the panel's
/// monthly pattern, or every week on its weekday (a bank holiday moves a meeting to
/// the next working day).
fn meeting_dates(
    def: &PanelDef,
    cal: &WorkingCalendar,
    as_of: NaiveDate,
    years: u32,
    weekly: bool,
) -> (Vec<NaiveDate>, NaiveDate, NaiveDate) {
    let start = as_of - Months::new(12 * years.max(1));
    let mut all = def.meetings_from(start, 12 * years.max(1) as usize + 14, cal);
    if weekly {
        let first = all.first().copied().unwrap_or(start);
        all = (0..)
            .map(|w| cal.next_working_day_on_or_after(first + Duration::weeks(w)))
            .take_while(|d| *d < as_of + Duration::weeks(3))
            .collect();
        all.dedup();
    }
    let past: Vec<NaiveDate> = all.iter().copied().filter(|d| *d < as_of).collect();
    let next = all
        .iter()
        .copied()
        .find(|d| *d >= as_of)
        .expect("a future meeting");
    let following = all
        .iter()
        .copied()
        .find(|d| *d > next)
        .expect("a meeting after the next");
    (past, next, following)
}

fn run(
    store: &Store,
    opts: &DemoOptions,
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
    let shape = opts.scale.shape();
    let mut g = Gen {
        store,
        rng: Rng::new(opts.seed),
        now: at(opts.as_of, 9, 0),
        rows: BulkRows::default(),
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
        actions_per_case: shape.actions_per_case,
        referrals_per_meeting: (2, 4),
        left_open: shape.left_open,
        review_gap: shape.review_gap,
        name_counter: 0,
    };
    g.add_members()?;

    // Meetings over the past `years`, then the next two.
    let (past, next, following) =
        meeting_dates(&g.def, &g.cal, opts.as_of, opts.years, shape.weekly);
    if let Some(a_year) = shape.subjects_a_year {
        // Some referrals are re-referrals of a subject known before.
        let per = a_year * i64::from(opts.years.max(1)) / past.len().max(1) as i64;
        g.referrals_per_meeting = ((per - 3).max(1), per + 3);
    }
    for d in past.iter().chain([next, following].iter()) {
        let id = g.rows.next_meeting_id();
        g.rows.meetings.push(MeetingRow {
            id,
            panel,
            date: *d,
            start_time: Some("10:00".into()),
            venue: g.def.venue.clone(),
            state: MeetingState::Planned,
            started_at: None,
            formally_closed_at: None,
            closed_at: None,
        });
        g.meetings.push((id, *d));
    }
    for k in 0..past.len() {
        g.past_meeting(k)?;
        progress(k + 1, past.len());
    }
    g.prepare_next(past.len())?;
    store.bulk_insert(&g.rows)?;
    store.log_event(&format!(
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
    fn set_time(&mut self, t: NaiveDateTime) {
        self.now = t;
    }

    fn agency(&self, code: &str) -> AgencyId {
        self.agencies[code]
    }

    fn fill(&mut self, template: &str) -> String {
        let gang = self.rng.pick(GANGS).to_string();
        let ward = self.rng.pick(WARDS).to_string();
        template.replace("{gang}", &gang).replace("{ward}", &ward)
    }
}
