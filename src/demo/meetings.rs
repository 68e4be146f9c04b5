//! Past meetings from opening to close (attendance, intelligence, new referrals,
//! reviews, MAPPA notes), and the draft of the next meeting.

use chrono::{Duration, NaiveDate};

use super::names::{AGENCY_INTEL, POLICE_INTEL, STAFF_FIRST, STAFF_SURNAMES};
use super::{at, Gen};
use crate::domain::rules::stays_after_formal_close;
use crate::domain::types::*;
use crate::store::bulk::{BulkAttendance, IntelligenceRow, MappaRow};
use crate::store::{AgencyId, AttendanceId, MeetingId, MemberId, ReferralId, Result};

impl Gen<'_> {
    /// Past meeting `k` from opening to close: items 1 to 9.
    pub(super) fn past_meeting(&mut self, k: usize) -> Result<()> {
        let (meeting, day) = self.meetings[k];
        self.set_time(at(day, 10, 0));
        self.rows.meeting(meeting).started_at = Some(at(day, 10, 0));
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
        self.rows.meeting(meeting).formally_closed_at = Some(close);
        for (att, role) in attendance {
            if !role.is_some_and(|r| stays_after_formal_close(r, &self.def.after_close_roles)) {
                self.rows.attendance(att).left_at = Some(close);
            }
        }
        for position in 0..self.rng.range(1, 2) {
            let name = self.person_name();
            let category = self.rng.range(1, 3) as u8;
            let level = self.rng.range(2, 3) as u8;
            self.rows.mappa.push(MappaRow {
                meeting,
                position,
                name,
                category,
                level,
                note: "Noted for data purposes; link to serious youth violence through associates."
                    .into(),
                created_at: self.now,
            });
        }
        self.set_time(at(day, 12, 0));
        let m = self.rows.meeting(meeting);
        m.state = MeetingState::Closed;
        m.closed_at = Some(at(day, 12, 0));
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
            let att = self.rows.next_attendance_id();
            let signed_at = (member_status == AttendanceStatus::Present).then(|| {
                signed += 1;
                at(day, 10, 2) + Duration::seconds(signed * 20)
            });
            let deputy = status == AttendanceStatus::Deputy;
            self.rows.attendance.push(BulkAttendance {
                id: att,
                meeting,
                member: Some(id),
                name,
                post_title: post.clone(),
                agency: Some(agency),
                status: member_status,
                deputy_for: None,
                signed_at,
                left_at: None,
                note: if deputy {
                    "sent a deputy".into()
                } else {
                    String::new()
                },
            });
            out.push((att, Some(role)));
            if deputy {
                let dep_name = format!(
                    "{} {}",
                    self.rng.pick(STAFF_FIRST),
                    self.rng.pick(STAFF_SURNAMES)
                );
                let dep = self.rows.next_attendance_id();
                signed += 1;
                self.rows.attendance.push(BulkAttendance {
                    id: dep,
                    meeting,
                    member: None,
                    name: dep_name,
                    post_title: format!("Deputy for {post}"),
                    agency: Some(agency),
                    status: AttendanceStatus::Deputy,
                    deputy_for: Some(id),
                    signed_at: Some(at(day, 10, 2) + Duration::seconds(signed * 20)),
                    left_at: None,
                    note: String::new(),
                });
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
        self.intel(meeting, self.agency("POL"), true, police);
        let mut used = vec![];
        for _ in 0..self.rng.range(1, 3) {
            let code = *self.rng.pick(&["EDU", "HOU", "HOSP", "CSC", "SYV"]);
            if used.contains(&code) {
                continue;
            }
            used.push(code);
            let body = {
                let own = AGENCY_INTEL
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map_or(&[][..], |(_, t)| *t);
                let t = *self.rng.pick(own);
                self.fill(t)
            };
            self.intel(meeting, self.agency(code), false, body);
        }
        Ok(())
    }

    fn intel(&mut self, meeting: MeetingId, agency: AgencyId, police: bool, body: String) {
        self.rows.intelligence.push(IntelligenceRow {
            meeting,
            agency,
            police,
            body,
            updated_at: self.now,
        });
    }

    /// The next meeting's draft: reviews due and new referrals of every kind.
    pub(super) fn prepare_next(&mut self, k: usize) -> Result<()> {
        let (next_id, next) = self.meetings[k];
        let (following_id, _) = self.meetings[k + 1];
        self.at_least_three_reviews_due(next)?;
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
            self.rows.referral(r).meeting = Some(meeting);
            let status =
                self.status_after_screening(r, received, screening, meeting == following_id)?;
            self.rows.referral(r).status = status;
        }
        Ok(())
    }

    /// At least three reviews due at the `next` meeting: bring others forward.
    fn at_least_three_reviews_due(&mut self, next: NaiveDate) -> Result<()> {
        let due = self.open.iter().filter(|c| c.next_review <= next).count();
        let mut extra = 3usize.saturating_sub(due);
        for c in self.open.iter_mut() {
            if extra == 0 {
                break;
            }
            if c.next_review > next {
                c.next_review = next;
                self.rows.referral(c.referral).next_review_on = Some(next);
                extra -= 1;
            }
        }
        Ok(())
    }

    /// A new referral's status once screened, with what its screening records; one
    /// `held_over` (late, not urgent) waits for the following meeting.
    fn status_after_screening(
        &mut self,
        r: ReferralId,
        received: NaiveDate,
        screening: Screening,
        held_over: bool,
    ) -> Result<CaseStatus> {
        Ok(match screening {
            Screening::Excluded => {
                let row = self.rows.referral(r);
                row.form.mappa_category = Some(2);
                row.form.mappa_level = Some(2);
                row.screening_note = "Managed under MAPPA level 2 (section 10.1).".into();
                CaseStatus::Excluded
            }
            Screening::NoIntelligence => {
                let told = self.cal.working_days_after(received, 3);
                let row = self.rows.referral(r);
                row.screening_note =
                    "No supporting intelligence held; to be mentioned as one to watch.".into();
                row.referrer_informed_on = Some(told);
                CaseStatus::OnAgenda
            }
            _ if held_over => CaseStatus::Received,
            _ => CaseStatus::OnAgenda,
        })
    }
}
