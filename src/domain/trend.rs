//! A case's risk over time (issue 28 item 4): the risk level and lead agency at each
//! meeting that heard it, and the actions completed between one meeting and the
//! next, so the chair sees what changed since last time before the case opens.
//! Plain types; the store and the case history feed it.

use chrono::NaiveDate;
use serde::Serialize;

/// One meeting that heard the case: its date, the risk level it left (else the one it
/// started from) and the lead agency's code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Heard {
    pub date: NaiveDate,
    pub risk: Option<String>,
    pub lead: Option<String>,
}

/// The case at one meeting, against the meeting before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub meeting_date: NaiveDate,
    pub risk: Option<String>,
    /// The risk at the meeting before, when it was different.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_was: Option<String>,
    pub lead_agency: Option<String>,
    /// The lead agency at the meeting before, when it was different.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_was: Option<String>,
    /// The case's actions completed after the meeting before and up to this one.
    pub actions_completed_since_last: Vec<i64>,
}

/// Every meeting that heard the case, oldest first, and what was done since the last.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Trend {
    pub meetings: Vec<Step>,
    /// Actions completed after the last meeting in `meetings`.
    pub completed_since: Vec<i64>,
}

impl Trend {
    /// The trend of `heard` (any order) with `done` the case's completed actions (id,
    /// day completed; listed by day, then id).
    pub fn of(heard: &[Heard], done: &[(i64, NaiveDate)]) -> Trend {
        let mut heard = heard.to_vec();
        heard.sort_by_key(|h| h.date);
        let mut done = done.to_vec();
        done.sort_by_key(|(id, on)| (*on, *id));
        let within = |from: Option<NaiveDate>, to: Option<NaiveDate>| -> Vec<i64> {
            done.iter()
                .filter(|(_, on)| from.is_none_or(|f| *on > f) && to.is_none_or(|t| *on <= t))
                .map(|(id, _)| *id)
                .collect()
        };
        let mut meetings: Vec<Step> = vec![];
        for h in &heard {
            let prev = meetings.last();
            let changed = |now: &Option<String>, was: Option<&Option<String>>| match was {
                Some(w) if w != now => w.clone(),
                _ => None,
            };
            meetings.push(Step {
                meeting_date: h.date,
                risk: h.risk.clone(),
                risk_was: changed(&h.risk, prev.map(|p| &p.risk)),
                lead_agency: h.lead.clone(),
                lead_was: changed(&h.lead, prev.map(|p| &p.lead_agency)),
                actions_completed_since_last: prev
                    .map(|p| within(Some(p.meeting_date), Some(h.date)))
                    .unwrap_or_default(),
            });
        }
        let completed_since = match meetings.last() {
            Some(l) => within(Some(l.meeting_date), None),
            None => vec![],
        };
        Trend {
            meetings,
            completed_since,
        }
    }

    /// The case page's one line, what changed since last time first (a narrow
    /// screen cuts the end): `Risk Medium→High→Medium (last 14 Oct), 1 done since ·
    /// lead NPS (was YOS) · start Medium · meetings 10 Jun, 12 Aug, 14 Oct`, over the
    /// last three meetings. `None` before the case's first meeting.
    pub fn line(&self, start: Option<&str>, lead_now: &str) -> Option<String> {
        let last = self.meetings.last()?;
        let day = |d: NaiveDate| d.format("%-d %b").to_string();
        let recent = &self.meetings[self.meetings.len().saturating_sub(3)..];
        let risks: Vec<&str> = recent
            .iter()
            .map(|s| s.risk.as_deref().unwrap_or("—"))
            .collect();
        let dates: Vec<String> = recent.iter().map(|s| day(s.meeting_date)).collect();
        let was = match &last.lead_agency {
            Some(l) if l != lead_now => Some(l),
            _ => last.lead_was.as_ref(),
        };
        Some(format!(
            "Risk {} (last {}), {} done since · lead {lead_now}{} · start {} · meetings {}",
            risks.join("→"),
            day(last.meeting_date),
            self.completed_since.len(),
            was.map(|w| format!(" (was {w})")).unwrap_or_default(),
            start.unwrap_or("—"),
            dates.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn heard(date: &str, risk: &str, lead: &str) -> Heard {
        Heard {
            date: d(date),
            risk: Some(risk.into()),
            lead: Some(lead.into()),
        }
    }

    #[test]
    fn three_meetings_in_order_with_changes_and_actions_between() {
        let t = Trend::of(
            &[
                heard("2026-10-14", "Medium", "NPS"),
                heard("2026-06-10", "Medium", "YOS"),
                heard("2026-08-12", "High", "NPS"),
            ],
            &[
                (1, d("2026-07-01")),
                (2, d("2026-08-12")),
                (3, d("2026-09-30")),
                (4, d("2026-11-02")),
            ],
        );
        let dates: Vec<String> = t
            .meetings
            .iter()
            .map(|s| s.meeting_date.to_string())
            .collect();
        assert_eq!(dates, ["2026-06-10", "2026-08-12", "2026-10-14"]);
        assert_eq!(t.meetings[0].risk_was, None);
        assert_eq!(t.meetings[1].risk_was.as_deref(), Some("Medium"));
        assert_eq!(t.meetings[1].lead_was.as_deref(), Some("YOS"));
        assert_eq!(t.meetings[2].risk_was.as_deref(), Some("High"));
        assert_eq!(t.meetings[2].lead_was, None);
        assert_eq!(t.meetings[1].actions_completed_since_last, [1, 2]);
        assert_eq!(t.meetings[2].actions_completed_since_last, [3]);
        assert_eq!(t.completed_since, [4]);
        assert_eq!(
            t.line(Some("Medium"), "NPS").unwrap_or_default(),
            "Risk Medium→High→Medium (last 14 Oct), 1 done since · lead NPS · start Medium · meetings 10 Jun, 12 Aug, 14 Oct"
        );
        assert!(t
            .line(None, "POL")
            .unwrap_or_default()
            .contains("lead POL (was NPS)"));
        assert_eq!(Trend::of(&[], &[]).line(None, "X"), None);
    }
}
