//! `roundtable demo`: a wholly invented panel with a year (or more) of meetings,
//! open cases due for review and new referrals for the next meeting. Same seed,
//! same options, same data.

mod names;
mod rng;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::types::Value;

use crate::domain::age::age_on;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::panel_def::PanelDef;
use crate::domain::rules::stays_after_formal_close;
use crate::domain::types::*;
use crate::store::write::{
    date, opt_date, text, time, HouseholdRow, NewAction, NewAttendance, NewIntervention, NewMember,
    NewReferral, NewSubject, Table,
};
use crate::store::*;
use names::*;
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
    let result = run(store, opts, clock);
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

fn run(store: &Store, opts: &DemoOptions, clock: Arc<AtomicI64>) -> Result<DemoSummary> {
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

    fn add_members(&mut self) -> Result<()> {
        let roles = self.def.roles.clone();
        for (i, r) in roles.iter().enumerate() {
            let name = format!(
                "{} {}",
                STAFF_FIRST[i % STAFF_FIRST.len()],
                STAFF_SURNAMES[(i * 7 + 3) % STAFF_SURNAMES.len()]
            );
            let role = Role::from_code(&r.role).expect("validated role");
            let agency = self.agency(&r.agency);
            let id = self.store.add_member(&NewMember {
                panel: Some(self.panel),
                name: name.clone(),
                post_title: r.post.clone(),
                agency: Some(agency),
                role: Some(role),
                deputy_for: None,
            })?;
            self.members.push(Member {
                id,
                name,
                post: r.post.clone(),
                agency,
                role,
            });
        }
        Ok(())
    }

    fn person_name(&mut self) -> String {
        self.name_counter += 1;
        let f = self.rng.pick(FIRST_NAMES).to_string();
        let s = self.rng.pick(SURNAMES).to_string();
        format!("{f} {s}")
    }

    fn fill(&mut self, template: &str) -> String {
        let gang = self.rng.pick(GANGS).to_string();
        let ward = self.rng.pick(WARDS).to_string();
        template.replace("{gang}", &gang).replace("{ward}", &ward)
    }

    fn past_meeting(&mut self, k: usize) -> Result<()> {
        let (meeting, day) = self.meetings[k];
        self.set_time(at(day, 10, 0));
        self.set(
            Table::Meeting,
            meeting.0,
            "state",
            text(MeetingState::InProgress.code()),
        )?;
        self.set(
            Table::Meeting,
            meeting.0,
            "started_at",
            time(at(day, 10, 0)),
        )?;
        let attendance = self.attendance(meeting, day)?;
        self.intelligence(meeting)?;

        // Items 6 and 7: new referrals, in time for this meeting.
        let (lo, hi) = self.referrals_per_meeting;
        let n = self.rng.range(lo, hi);
        for pos in 0..n {
            self.set_time(at(day, 10, 30) + Duration::minutes(pos * 6));
            self.new_referral_discussed(k, pos)?;
        }
        // Item 8: reviews of cases opened before this meeting.
        let due: Vec<usize> = (0..self.open.len())
            .filter(|&i| self.open[i].next_review <= day)
            .collect();
        let mut closed = vec![];
        for (pos, i) in due.into_iter().enumerate() {
            self.set_time(at(day, 11, 0) + Duration::minutes(pos as i64 * 4));
            if self.review(k, i, pos as i64)? {
                closed.push(i);
            }
        }
        for i in closed.into_iter().rev() {
            let c = self.open.remove(i);
            self.closed_subjects.push(c.subject);
        }

        // Formal close, then item 9.
        let close = at(day, 11, 50);
        self.set_time(close);
        self.set(Table::Meeting, meeting.0, "formally_closed_at", time(close))?;
        for (att, role) in attendance {
            if !role.is_some_and(|r| stays_after_formal_close(r, &self.def.after_close_roles)) {
                self.set(Table::Attendance, att.0, "left_at", time(close))?;
            }
        }
        for _ in 0..self.rng.range(1, 2) {
            let name = self.person_name();
            let cat = self.rng.range(1, 3) as u8;
            let lvl = self.rng.range(2, 3) as u8;
            self.store.add_mappa_note(
                meeting,
                &name,
                cat,
                lvl,
                "Noted for data purposes; link to serious youth violence through associates.",
            )?;
        }
        self.set_time(at(day, 12, 0));
        self.set(
            Table::Meeting,
            meeting.0,
            "state",
            text(MeetingState::Closed.code()),
        )?;
        self.set(Table::Meeting, meeting.0, "closed_at", time(at(day, 12, 0)))?;
        Ok(())
    }

    /// Items 1-3. Returns each attendance row with the member's role.
    fn attendance(
        &mut self,
        meeting: MeetingId,
        day: NaiveDate,
    ) -> Result<Vec<(AttendanceId, Option<Role>)>> {
        let mut out = vec![];
        let mut signed = 0;
        let members: Vec<(MemberId, String, String, AgencyId, Role)> = self
            .members
            .iter()
            .map(|m| (m.id, m.name.clone(), m.post.clone(), m.agency, m.role))
            .collect();
        for (id, name, post, agency, role) in members {
            let always = matches!(
                role,
                Role::Chair | Role::Coordinator | Role::MappaCoordinator
            );
            let roll = self.rng.range(0, 99);
            let status = if always || roll < 75 {
                AttendanceStatus::Present
            } else if roll < 85 {
                AttendanceStatus::Apology
            } else if roll < 92 {
                AttendanceStatus::WrittenSubmission
            } else {
                AttendanceStatus::Deputy
            };
            let member_status = if status == AttendanceStatus::Deputy {
                AttendanceStatus::Apology
            } else {
                status
            };
            let att = self.store.add_attendance(&NewAttendance {
                meeting,
                member: Some(id),
                name: name.clone(),
                post_title: post.clone(),
                agency: Some(agency),
                status: member_status,
                deputy_for: None,
                visitor_for: None,
            })?;
            out.push((att, Some(role)));
            if member_status == AttendanceStatus::Present {
                signed += 1;
                self.set(
                    Table::Attendance,
                    att.0,
                    "signed_at",
                    time(at(day, 10, 2) + Duration::seconds(signed * 20)),
                )?;
            }
            if status == AttendanceStatus::Deputy {
                self.set(Table::Attendance, att.0, "note", text("sent a deputy"))?;
                let dep_name = format!(
                    "{} {}",
                    self.rng.pick(STAFF_FIRST),
                    self.rng.pick(STAFF_SURNAMES)
                );
                let dep = self.store.add_attendance(&NewAttendance {
                    meeting,
                    member: None,
                    name: dep_name,
                    post_title: format!("Deputy for {post}"),
                    agency: Some(agency),
                    status: AttendanceStatus::Deputy,
                    deputy_for: Some(id),
                    visitor_for: None,
                })?;
                signed += 1;
                self.set(
                    Table::Attendance,
                    dep.0,
                    "signed_at",
                    time(at(day, 10, 2) + Duration::seconds(signed * 20)),
                )?;
                out.push((dep, None));
            }
        }
        Ok(out)
    }

    fn intelligence(&mut self, meeting: MeetingId) -> Result<()> {
        let police = {
            let t = *self.rng.pick(POLICE_INTEL);
            self.fill(t)
        };
        self.store
            .set_intelligence(meeting, self.agency("POL"), true, &police)?;
        let mut used = vec![];
        for _ in 0..self.rng.range(1, 3) {
            let code = *self.rng.pick(&["EDU", "HOU", "HOSP", "CSC", "SYV"]);
            if used.contains(&code) {
                continue;
            }
            used.push(code);
            let body = {
                let t = *self.rng.pick(AGENCY_INTEL);
                self.fill(t)
            };
            self.store
                .set_intelligence(meeting, self.agency(code), false, &body)?;
        }
        Ok(())
    }

    /// A new subject and referral; `age` on `on`.
    fn make_referral(
        &mut self,
        on: NaiveDate,
        age: i64,
        received: NaiveDate,
        urgent: bool,
    ) -> Result<(SubjectId, ReferralId)> {
        let reuse = !self.closed_subjects.is_empty() && self.rng.chance(5);
        let subject = if reuse {
            let i = self.rng.range(0, self.closed_subjects.len() as i64 - 1) as usize;
            self.closed_subjects.remove(i)
        } else {
            let name = self.person_name();
            let dob = on - Months::new(12 * age as u32) - Duration::days(self.rng.range(1, 360));
            let gender = if self.rng.chance(78) {
                "Male"
            } else if self.rng.chance(95) {
                "Female"
            } else {
                "Non-binary"
            };
            let s = self.store.add_subject(
                self.panel,
                &NewSubject {
                    name,
                    date_of_birth: Some(dob),
                    gender: gender.into(),
                    ethnicity: self.rng.pick(ETHNICITIES).to_string(),
                },
            )?;
            self.subjects += 1;
            s
        };
        let dob: Option<NaiveDate> = self.store.conn().query_row(
            "SELECT date_of_birth FROM subject WHERE id = ?1",
            [subject],
            |r| r.get(0),
        )?;
        let under18 = dob.and_then(|d| age_on(d, on)).is_some_and(|a| a < 18);
        let referrer = *self
            .rng
            .pick(&["POL", "EDU", "CSC", "YOS", "HOU", "HOSP", "EH", "NPS"]);
        let mut r = NewReferral::new(subject, self.agency(referrer), received);
        r.referrer_contact = format!(
            "{} {}, secure email",
            self.rng.pick(STAFF_FIRST),
            self.rng.pick(STAFF_SURNAMES)
        );
        let ward = self.rng.pick(WARDS).to_string();
        let pc_district = self.rng.range(1, 9);
        let pc = format!(
            "HF{} {}{}{}",
            pc_district,
            self.rng.range(1, 9),
            (b'A' + self.rng.range(0, 25) as u8) as char,
            (b'A' + self.rng.range(0, 25) as u8) as char
        );
        r.address = format!(
            "{} {}, Harrowfield {}",
            self.rng.range(1, 180),
            self.rng.pick(STREETS),
            pc
        );
        r.postcode = pc;
        r.ward = ward;
        r.education_employment = if under18 {
            self.rng.pick(EDUCATION_UNDER_18)
        } else {
            self.rng.pick(EDUCATION_ADULT)
        }
        .to_string();
        r.awareness = *self.rng.pick(&[
            Awareness::Yes,
            Awareness::Yes,
            Awareness::ParentsOnly,
            Awareness::No,
        ]);
        if self.rng.chance(80) {
            r.household.push(HouseholdRow {
                name: format!("{} (mother)", self.person_name()),
                dob_or_age: format!("{}", self.rng.range(34, 52)),
                relationship: "Mother".into(),
            });
        }
        if self.rng.chance(50) {
            r.household.push(HouseholdRow {
                name: self.person_name(),
                dob_or_age: format!("{}", self.rng.range(5, 16)),
                relationship: "Sibling".into(),
            });
        }
        r.concerns = {
            let t = *self.rng.pick(CONCERNS);
            self.fill(t)
        };
        r.other_referrals = if self.rng.chance(40) {
            "Children's services referral made last month: assessment under way.".into()
        } else {
            "None known.".into()
        };
        r.urgent = urgent;
        r.welfare_legal_status = if under18 {
            self.rng.pick(WELFARE_STATUS).to_string()
        } else {
            String::new()
        };
        r.criminal_legal_status = if under18 {
            self.rng.pick(CRIMINAL_STATUS_YOUNG)
        } else {
            self.rng.pick(CRIMINAL_STATUS_ADULT)
        }
        .to_string();
        r.previously_known = reuse;
        r.core_reason = Some(*self.rng.pick(CoreReason::ALL));
        r.cse_issue = if self.rng.chance(10) {
            IssueRole::Victim
        } else {
            IssueRole::None
        };
        r.radicalisation_issue = if self.rng.chance(3) {
            IssueRole::Victim
        } else {
            IssueRole::None
        };
        r.named_gang = if self.rng.chance(60) {
            self.rng.pick(GANGS).to_string()
        } else {
            String::new()
        };
        if !under18 && self.rng.chance(6) {
            r.mappa_category = Some(self.rng.range(1, 3) as u8);
            r.mappa_level = Some(1);
        }
        let id = self.store.add_referral(&r)?;
        self.referrals += 1;
        Ok((subject, id))
    }

    fn random_age(&mut self) -> i64 {
        let roll = self.rng.range(0, 99);
        if roll < 60 {
            self.rng.range(12, 17)
        } else if roll < 97 {
            self.rng.range(18, 24)
        } else {
            self.rng.range(25, 27)
        }
    }

    fn screen(&mut self, r: ReferralId, received: NaiveDate, outcome: Screening) -> Result<()> {
        let by = format!(
            "{} {}",
            self.rng.pick(STAFF_FIRST),
            self.rng.pick(STAFF_SURNAMES)
        );
        self.set(Table::Referral, r.0, "screening", text(outcome.code()))?;
        self.set(Table::Referral, r.0, "screening_by", text(by))?;
        self.set(
            Table::Referral,
            r.0,
            "screening_on",
            date(self.cal.working_days_after(received, 2)),
        )?;
        Ok(())
    }

    fn new_referral_discussed(&mut self, k: usize, pos: i64) -> Result<()> {
        let (meeting, day) = self.meetings[k];
        let cutoff = self.cal.cutoff(day, self.def.cutoff_working_days);
        let received = cutoff - Duration::days(self.rng.range(0, 20));
        let age = self.random_age();
        let (subject, r) = self.make_referral(day, age, received, false)?;
        self.screen(r, received, Screening::Intelligence)?;
        self.set(
            Table::Referral,
            r.0,
            "meeting_id",
            Value::Integer(meeting.0),
        )?;
        let dob: Option<NaiveDate> = self.store.conn().query_row(
            "SELECT date_of_birth FROM subject WHERE id = ?1",
            [subject],
            |x| x.get(0),
        )?;
        let kind = crate::domain::age::new_referral_item(dob, day);
        let d = self.store.add_discussion(meeting, r, kind, pos)?;
        self.set(Table::Discussion, d.0, "started_at", time(self.store.now()))?;
        let minutes = self.rng.pick(MINUTES).to_string();
        self.set(Table::Discussion, d.0, "minutes", text(minutes))?;
        let roll = self.rng.range(0, 99);
        let decision = if roll < 65 {
            Decision::Open
        } else if roll < 80 {
            Decision::OneToWatch
        } else if roll < 90 {
            Decision::Decline
        } else {
            Decision::ReferElsewhere
        };
        let reasons = match decision {
            Decision::Open => "Corroborating intelligence shows a clear link to serious youth violence; multi-agency plan needed.",
            Decision::OneToWatch => "Concerns noted but no corroborating intelligence yet; agencies to share anything new.",
            Decision::Decline => "No link to serious youth violence shown; needs are being met by the current plan.",
            _ => "Better met through the MARAC process; referrer advised and referral made.",
        };
        self.set(Table::Discussion, d.0, "decision", text(decision.code()))?;
        self.set(Table::Discussion, d.0, "decision_reasons", text(reasons))?;
        let risk = self.rng.range(0, 3) as usize;
        self.set(Table::Discussion, d.0, "risk_after", text(RISK[risk]))?;
        self.set(Table::Referral, r.0, "risk_start", text(RISK[risk]))?;
        self.set(Table::Referral, r.0, "risk_current", text(RISK[risk]))?;
        for kind in OnwardKind::ALL {
            let roll = self.rng.range(0, 99);
            let (state, cp) = if roll < 12 {
                (
                    OnwardState::Made,
                    (*kind == OnwardKind::ChildProtection).then_some(CpFor::Subject),
                )
            } else if roll < 30 {
                (OnwardState::Considered, None)
            } else {
                (OnwardState::NotNeeded, None)
            };
            self.store.set_onward(d, *kind, state, cp, "")?;
        }
        let status = match decision {
            Decision::Open => CaseStatus::Open,
            Decision::OneToWatch => CaseStatus::OneToWatch,
            Decision::Decline => CaseStatus::Declined,
            _ => CaseStatus::ReferredElsewhere,
        };
        self.set(Table::Referral, r.0, "status", text(status.code()))?;
        if decision == Decision::Open {
            let lead = if kind == crate::domain::AgendaKind::NewReferralsUnder18 {
                self.agency("YOS")
            } else {
                {
                    let c = *self.rng.pick(&["POL", "NPS", "CRC", "HOU", "ASC"]);
                    self.agency(c)
                }
            };
            let plan_k = (k + self.rng.range(1, 2) as usize).min(self.meetings.len() - 2);
            let plan = self.meetings[plan_k].1;
            self.set(
                Table::Discussion,
                d.0,
                "lead_agency_id",
                Value::Integer(lead.0),
            )?;
            self.set(Table::Discussion, d.0, "next_date", date(plan))?;
            self.set(
                Table::Referral,
                r.0,
                "lead_agency_id",
                Value::Integer(lead.0),
            )?;
            self.set(Table::Referral, r.0, "opened_on", date(day))?;
            self.set(Table::Referral, r.0, "plan_due_on", date(plan))?;
            self.set(Table::Referral, r.0, "next_review_on", date(plan))?;
            let (lo, hi) = self.actions_per_case;
            let n = self.rng.range(lo, hi);
            let acts = self.actions(k, r, n)?;
            self.open.push(OpenCase {
                referral: r,
                subject,
                lead,
                risk,
                next_review: plan,
                reviews: 0,
                open_actions: acts,
                has_interventions: false,
            });
        } else {
            self.actions(k, r, 1)?;
            if decision != Decision::OneToWatch {
                self.closed_subjects.push(subject);
            }
        }
        self.set(
            Table::Discussion,
            d.0,
            "completed_at",
            time(self.store.now() + Duration::minutes(5)),
        )?;
        Ok(())
    }

    /// Actions volunteered at meeting `k` (section 7.2); some are done before the next.
    fn actions(&mut self, k: usize, r: ReferralId, n: i64) -> Result<Vec<ActionId>> {
        let (meeting, day) = self.meetings[k];
        let mut open = vec![];
        for _ in 0..n {
            let (what, code) = *self.rng.pick(ACTIONS);
            let agency = self.agency(code);
            let volunteer = self
                .members
                .iter()
                .find(|m| m.agency == agency)
                .map(|m| (m.id, m.name.clone()));
            let due = self
                .cal
                .next_working_day_on_or_after(day + Duration::days(self.rng.range(10, 35)));
            let id = self.store.add_action(&NewAction {
                meeting,
                referral: Some(r),
                description: what.to_string(),
                agency,
                person: String::new(),
                volunteered_by: volunteer
                    .as_ref()
                    .map(|v| v.1.clone())
                    .unwrap_or_else(|| "Agency representative".into()),
                volunteered_by_member: volunteer.map(|v| v.0),
                due_on: due,
                carried_from: None,
            })?;
            self.actions += 1;
            let next_meeting = self.meetings.get(k + 1).map(|m| m.1).unwrap_or(due);
            let done_on =
                (due - Duration::days(self.rng.range(0, 7))).min(next_meeting - Duration::days(1));
            if self.rng.chance(40) && done_on > day {
                self.store.complete_action(
                    id,
                    ActionStatus::Done,
                    done_on,
                    "Done; shared with the lead agency.",
                    None,
                )?;
            } else {
                open.push(id);
            }
        }
        Ok(open)
    }

    /// Item 8 for open case `i` at meeting `k`. Returns true if the case closed.
    fn review(&mut self, k: usize, i: usize, pos: i64) -> Result<bool> {
        let (meeting, day) = self.meetings[k];
        let (r, lead, risk_before, reviews) = {
            let c = &self.open[i];
            (c.referral, c.lead, c.risk, c.reviews)
        };
        let d = self
            .store
            .add_discussion(meeting, r, crate::domain::AgendaKind::Reviews, pos)?;
        self.set(Table::Discussion, d.0, "started_at", time(self.store.now()))?;
        self.set(
            Table::Discussion,
            d.0,
            "risk_before",
            text(RISK[risk_before]),
        )?;
        self.set(
            Table::Discussion,
            d.0,
            "lead_update",
            text("Lead agency reported on the intervention plan: contact is regular and the young person is engaging."),
        )?;
        let minutes = self.rng.pick(MINUTES).to_string();
        self.set(Table::Discussion, d.0, "minutes", text(minutes))?;
        // Appendix B rows.
        if !self.open[i].has_interventions {
            for _ in 0..self.rng.range(2, 3) {
                let (issue, what, contact, code) = *self.rng.pick(INTERVENTIONS);
                self.store.add_intervention(
                    r,
                    Some(meeting),
                    &NewIntervention {
                        core_issue: issue.into(),
                        intervention: what.into(),
                        level_of_contact: contact.into(),
                        agency: Some(self.agency(code)),
                        progress: "Started; early engagement is positive.".into(),
                    },
                )?;
            }
            self.open[i].has_interventions = true;
        }
        // Last meeting's actions, one by one.
        let acts = std::mem::take(&mut self.open[i].open_actions);
        let mut still_open = vec![];
        for a in acts {
            let roll = self.rng.range(0, 99);
            if roll < 60 {
                self.store.complete_action(
                    a,
                    ActionStatus::Done,
                    day,
                    "Confirmed done at review.",
                    Some(meeting),
                )?;
            } else if roll < 70 {
                self.store.complete_action(
                    a,
                    ActionStatus::NotDoneCircumstances,
                    day,
                    "Circumstances changed.",
                    Some(meeting),
                )?;
            } else if roll < 80 {
                self.store.complete_action(
                    a,
                    ActionStatus::NotDoneAgency,
                    day,
                    "Agency did not act.",
                    Some(meeting),
                )?;
            } else {
                let new_due = self
                    .cal
                    .next_working_day_on_or_after(day + Duration::days(21));
                let n = self.store.carry_over_action(a, meeting, new_due, day)?;
                self.actions += 1;
                still_open.push(n);
            }
        }
        // Revised risk: drifts down as the plan works.
        let step = self.rng.range(-2, 1);
        let risk_after = (risk_before as i64 + step.clamp(-1, 1)).clamp(0, 3) as usize;
        self.set(Table::Discussion, d.0, "risk_after", text(RISK[risk_after]))?;
        self.set(Table::Referral, r.0, "risk_current", text(RISK[risk_after]))?;
        // Section 7.8: the lead agency may change only here.
        let mut lead_now = lead;
        if self.rng.chance(5) {
            let c = *self.rng.pick(&["POL", "NPS", "CSC", "HOU"]);
            lead_now = self.agency(c);
            self.set(
                Table::Referral,
                r.0,
                "lead_agency_id",
                Value::Integer(lead_now.0),
            )?;
            self.open[i].lead = lead_now;
        }
        self.set(
            Table::Discussion,
            d.0,
            "lead_agency_id",
            Value::Integer(lead_now.0),
        )?;
        let close = (reviews >= 2 && risk_after <= 1 && self.rng.chance(50)) || reviews >= 6;
        if close {
            let to_mappa = self.rng.chance(5);
            let reason = if to_mappa {
                "Discharged: entered the MAPPA process."
            } else {
                "Risk reduced; monitoring by the panel no longer required (section 7.7)."
            };
            self.set(
                Table::Discussion,
                d.0,
                "decision",
                text(Decision::Close.code()),
            )?;
            self.set(Table::Discussion, d.0, "decision_reasons", text(reason))?;
            self.set(
                Table::Referral,
                r.0,
                "status",
                text(CaseStatus::Closed.code()),
            )?;
            self.set(Table::Referral, r.0, "closed_on", date(day))?;
            self.set(Table::Referral, r.0, "closure_reason", text(reason))?;
            self.set(Table::Referral, r.0, "next_review_on", opt_date(None))?;
            if to_mappa {
                self.set(
                    Table::Referral,
                    r.0,
                    "discharged_to_mappa",
                    Value::Integer(1),
                )?;
            }
            for a in still_open {
                self.store.complete_action(
                    a,
                    ActionStatus::NotDoneCircumstances,
                    day,
                    "Case closed.",
                    Some(meeting),
                )?;
            }
        } else {
            let next_k = (k + self.rng.range(1, 3) as usize).min(self.meetings.len() - 2);
            let next = self.meetings[next_k].1;
            self.set(
                Table::Discussion,
                d.0,
                "decision",
                text(Decision::NextReview.code()),
            )?;
            self.set(
                Table::Discussion,
                d.0,
                "decision_reasons",
                text("Plan in progress; risk not yet reduced enough to close."),
            )?;
            self.set(Table::Discussion, d.0, "next_date", date(next))?;
            self.set(Table::Referral, r.0, "next_review_on", date(next))?;
            let (lo, hi) = self.actions_per_case;
            let n = self
                .rng
                .range(lo.saturating_sub(2).max(1), hi.saturating_sub(2).max(1));
            let mut acts = self.actions(k, r, n)?;
            still_open.append(&mut acts);
            let c = &mut self.open[i];
            c.open_actions = still_open;
            c.next_review = next;
            c.reviews += 1;
            c.risk = risk_after;
        }
        self.set(
            Table::Discussion,
            d.0,
            "completed_at",
            time(self.store.now() + Duration::minutes(4)),
        )?;
        Ok(close)
    }

    /// The next meeting's draft: reviews due and new referrals of every kind.
    fn prepare_next(&mut self, k: usize) -> Result<()> {
        let (next_id, next) = self.meetings[k];
        let (following_id, _) = self.meetings[k + 1];
        // At least three reviews due.
        let due = self.open.iter().filter(|c| c.next_review <= next).count();
        let mut extra = 3usize.saturating_sub(due);
        for c in self.open.iter_mut() {
            if extra == 0 {
                break;
            }
            if c.next_review > next {
                c.next_review = next;
                self.store.set_field(
                    Table::Referral,
                    c.referral.0,
                    "next_review_on",
                    date(next),
                )?;
                extra -= 1;
            }
        }
        let cutoff = self.cal.cutoff(next, self.def.cutoff_working_days);
        // Received the working days just after the cut-off: late (section 11).
        let late = self.cal.working_days_after(cutoff, 1);
        let late_urgent = self.cal.working_days_after(cutoff, 2);
        // (age, received, urgent, screening, meeting)
        let plan: [(i64, NaiveDate, bool, Screening, MeetingId); 7] = [
            (
                15,
                cutoff - Duration::days(6),
                false,
                Screening::Intelligence,
                next_id,
            ),
            (16, cutoff, false, Screening::Intelligence, next_id),
            (
                20,
                cutoff - Duration::days(3),
                false,
                Screening::Intelligence,
                next_id,
            ),
            (14, late, false, Screening::Intelligence, following_id),
            (17, late_urgent, true, Screening::Intelligence, next_id),
            (
                22,
                cutoff - Duration::days(9),
                false,
                Screening::Excluded,
                next_id,
            ),
            (
                13,
                cutoff - Duration::days(2),
                false,
                Screening::NoIntelligence,
                next_id,
            ),
        ];
        for (age, received, urgent, screening, meeting) in plan {
            self.set_time(at(received, 11, 0));
            let (_, r) = self.make_referral(next, age, received, urgent)?;
            self.screen(r, received, screening)?;
            self.set(
                Table::Referral,
                r.0,
                "meeting_id",
                Value::Integer(meeting.0),
            )?;
            let status = match screening {
                Screening::Excluded => {
                    self.set(Table::Referral, r.0, "mappa_category", Value::Integer(2))?;
                    self.set(Table::Referral, r.0, "mappa_level", Value::Integer(2))?;
                    self.set(
                        Table::Referral,
                        r.0,
                        "screening_note",
                        text("Managed under MAPPA level 2 (section 10.1)."),
                    )?;
                    CaseStatus::Excluded
                }
                Screening::NoIntelligence => {
                    self.set(
                        Table::Referral,
                        r.0,
                        "screening_note",
                        text("No supporting intelligence held; to be mentioned as one to watch."),
                    )?;
                    self.set(
                        Table::Referral,
                        r.0,
                        "referrer_informed_on",
                        date(self.cal.working_days_after(received, 3)),
                    )?;
                    CaseStatus::OnAgenda
                }
                _ if meeting == following_id => CaseStatus::Received,
                _ => CaseStatus::OnAgenda,
            };
            self.set(Table::Referral, r.0, "status", text(status.code()))?;
        }
        Ok(())
    }
}
