//! Who a panel hears: `[age]`, `[exclusion]` and `[lead_agency]`.

use serde::{Deserialize, Serialize};

use super::{Citations, Rule};

/// What happens to a referral outside `[age] min`..=`max`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutsideAge {
    /// Refused in one line, nothing stored.
    #[default]
    Refuse,
    /// Taken, with a one-line warning.
    Warn,
}

/// `[age]`: ages the panel hears, in whole years on the meeting date (DYO: 10 to 17,
/// 003 App 4A "Role"). `note_from` is MAGPan's section 9 footnote: from that age a
/// case is taken with `note`, not refused. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgeRule {
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub outside: OutsideAge,
    pub note_from: Option<u32>,
    pub note: String,
}

/// What the age rule says of a person's age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgeVerdict {
    /// Within the range (or no age known, or no range).
    Fits,
    /// Taken, with this note (the panel's own words and section).
    Note(String),
    /// Outside the range and the panel refuses: this line says why.
    Refused(String),
    /// Outside the range and the panel warns: this line says why.
    Warned(String),
}

impl AgeRule {
    /// The verdict for `age` (whole years on the meeting date; `None`: not known, which
    /// no rule refuses). `cite` gives the panel's section for [`Rule::Age`].
    pub fn check(&self, age: Option<u32>, cite: &Citations) -> AgeVerdict {
        let Some(a) = age else {
            return AgeVerdict::Fits;
        };
        let range = self.range_words();
        let out = |why: String| match self.outside {
            OutsideAge::Refuse => AgeVerdict::Refused(why),
            OutsideAge::Warn => AgeVerdict::Warned(why),
        };
        if self.min.is_some_and(|m| a < m) || self.max.is_some_and(|m| a > m) {
            return out(format!(
                "aged {a} on the meeting date: the panel hears {range}{}",
                cite.paren(Rule::Age)
            ));
        }
        match self.note_from {
            Some(n) if a >= n => AgeVerdict::Note(format!(
                "aged {n} or over: {}{}",
                self.note.trim(),
                cite.paren(Rule::Age)
            )),
            _ => AgeVerdict::Fits,
        }
    }

    /// "people aged 10 to 17", "people aged 18 and over", "people up to 25".
    pub fn range_words(&self) -> String {
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => format!("people aged {lo} to {hi}"),
            (Some(lo), None) => format!("people aged {lo} and over"),
            (None, Some(hi)) => format!("people aged up to {hi}"),
            (None, None) => "people of any age".into(),
        }
    }

    pub(super) fn problems(&self) -> Vec<String> {
        let mut out = vec![];
        if let (Some(lo), Some(hi)) = (self.min, self.max) {
            if lo > hi {
                out.push(format!("age.min: {lo} is above age.max {hi}"));
            }
        }
        if self.note_from.is_some() && self.note.trim().is_empty() {
            out.push("age.note: needed with age.note_from (the words shown)".into());
        }
        out
    }
}

/// `[exclusion]`: cases the panel does not hear. `mappa_levels` lists MAPPA levels
/// managed elsewhere (MAGPan: 2 and 3, section 10.1); a case at such a level is
/// excluded at screening and cannot be opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Exclusion {
    pub mappa_levels: Vec<u8>,
}

impl Exclusion {
    /// Is a case at MAPPA `level` excluded? `None`: not managed under MAPPA.
    pub fn excludes_mappa(&self, level: Option<u8>) -> bool {
        level.is_some_and(|l| self.mappa_levels.contains(&l))
    }

    /// "2 or 3": the excluded levels in words.
    pub fn levels_words(&self) -> String {
        let mut l = self.mappa_levels.clone();
        l.sort_unstable();
        let words: Vec<String> = l.iter().map(|n| n.to_string()).collect();
        match words.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }

    /// "2/3", as the monitoring return heads it.
    pub fn levels_slash(&self) -> String {
        let mut l = self.mappa_levels.clone();
        l.sort_unstable();
        l.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("/")
    }

    pub(super) fn problems(&self) -> Vec<String> {
        self.mappa_levels
            .iter()
            .filter(|l| !(1..=3).contains(*l))
            .map(|l| format!("exclusion.mappa_levels: {l} is not a MAPPA level (1 to 3)"))
            .collect()
    }
}

/// `[lead_agency]`: whether the lead agency may change only at a review (MAGPan:
/// section 7.8). The default lead for under-18s is the panel file's
/// `under_18_lead_agency`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LeadAgencyRules {
    pub change_only_at_review: bool,
}

impl LeadAgencyRules {
    pub(super) fn problems(&self, _agency: &dyn Fn(&str) -> bool) -> Vec<String> {
        vec![]
    }
}

/// `[screening]`: whether a referral is screened before it goes on the agenda
/// (`required`; MAGPan, section 11: a full risk assessment, or one to watch), and who
/// writes a youth screening note (MAGPan: the YOS screens referrals of under 18s),
/// for people under `youth_under`. Without `required` a referral placed in time is on
/// the agenda at once; without `youth_agency` the panel has no youth note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScreeningRules {
    pub required: bool,
    pub youth_agency: Option<String>,
    pub youth_under: Option<u32>,
}

impl ScreeningRules {
    pub(super) fn problems(&self, agency: &dyn Fn(&str) -> bool) -> Vec<String> {
        match &self.youth_agency {
            Some(a) if !agency(a) => vec![format!("screening.youth_agency: {a} is not an agency")],
            _ => vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites() -> Citations {
        let mut c = Citations::default();
        c.0.insert("age".into(), "App 4A Role".into());
        c
    }

    #[test]
    fn dyo_app_4a_role_refuses_an_8_year_old_and_an_18_year_old() {
        let r = AgeRule {
            min: Some(10),
            max: Some(17),
            ..AgeRule::default()
        };
        assert_eq!(
            r.check(Some(8), &cites()),
            AgeVerdict::Refused(
                "aged 8 on the meeting date: the panel hears people aged 10 to 17 (App 4A Role)"
                    .into()
            )
        );
        assert!(matches!(
            r.check(Some(18), &cites()),
            AgeVerdict::Refused(_)
        ));
        assert_eq!(r.check(Some(10), &cites()), AgeVerdict::Fits);
        assert_eq!(r.check(Some(17), &cites()), AgeVerdict::Fits);
        assert_eq!(r.check(None, &cites()), AgeVerdict::Fits);
    }

    #[test]
    fn a_note_from_an_age_is_not_a_refusal_and_no_rule_means_no_note() {
        let r = AgeRule {
            note_from: Some(25),
            note: "considered only in some circumstances".into(),
            ..AgeRule::default()
        };
        assert_eq!(
            r.check(Some(25), &Citations::default()),
            AgeVerdict::Note("aged 25 or over: considered only in some circumstances".into())
        );
        assert_eq!(
            AgeRule::default().check(Some(40), &cites()),
            AgeVerdict::Fits
        );
    }

    #[test]
    fn excluded_levels_in_words() {
        let e = Exclusion {
            mappa_levels: vec![3, 2],
        };
        assert!(e.excludes_mappa(Some(2)) && !e.excludes_mappa(Some(1)));
        assert!(!e.excludes_mappa(None));
        assert_eq!(e.levels_words(), "2 or 3");
        assert_eq!(e.levels_slash(), "2/3");
        assert!(!Exclusion::default().excludes_mappa(Some(3)));
    }
}
