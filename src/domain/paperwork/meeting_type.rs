//! `[[meeting_type]]`: the kinds of meeting one panel holds (issue 21, gap row B10).
//! MAPPA holds "a level 2 meeting ... on a monthly basis" (003 App 2C "Process"),
//! level 2 and level 3 meetings for one case, each convened and chaired its own way
//! ("Identify chair for meeting (from within referring agency for Level 2 and
//! generally via co-ordinator for Level 3)", 003 App 2B 2 step 3), level 3 with
//! "senior managers from all relevant agencies involved" (003 1, MAPPA), and
//! emergency meetings (003 App 2C "Process for Information Sharing").
//!
//! A meeting's type is kept beside its built-in kind (`meeting.type_code`); a panel
//! file without `[[meeting_type]]` keeps the three built-in kinds (ordinary,
//! emergency, single case) and nothing changes. The first type listed is the type of
//! the meetings of the panel's pattern and of a meeting added without `--type`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// One `[[meeting_type]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingTypeDef {
    /// Stored on the meeting (`level3_case`): letters, digits and `_`.
    pub code: String,
    /// Shown in `meetings list`, the calendar and the meeting's header.
    pub label: String,
    /// The agenda items (by number) a meeting of this type holds; empty: every item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<u32>,
    /// Who chairs it, in the panel's words (shown beside the meeting's chair).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chair: String,
    /// Warn when an agency present has no attendee marked senior.
    #[serde(default, skip_serializing_if = "is_false")]
    pub senior: bool,
    /// An emergency meeting (stored with the built-in kind `emergency`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub emergency: bool,
    /// A meeting for chosen cases (MAPPA's level 2 and level 3 meetings for one case,
    /// 003 App 2B 2 steps 6-7): it hears only the cases named for it
    /// (`meetings add --case`), never every new referral in time and review due.
    #[serde(default, skip_serializing_if = "is_false")]
    pub chosen_cases: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

impl MeetingTypeDef {
    /// Does a meeting of this type hold agenda item `number`?
    pub fn holds(&self, number: u32) -> bool {
        self.items.is_empty() || self.items.contains(&number)
    }
}

/// The type with `code` (any case), or the one-line refusal listing the panel's
/// types: "no meeting type level4 (this panel has level2_monthly, level3_case)".
pub fn find_type<'a>(
    types: &'a [MeetingTypeDef],
    code: &str,
) -> Result<&'a MeetingTypeDef, String> {
    let code = code.trim();
    if types.is_empty() {
        return Err(format!(
            "no meeting type {code}: this panel defines no meeting types ([[meeting_type]]); \
             use --kind ordinary, emergency or single-case"
        ));
    }
    types
        .iter()
        .find(|t| t.code.eq_ignore_ascii_case(code))
        .ok_or_else(|| {
            let have: Vec<&str> = types.iter().map(|t| t.code.as_str()).collect();
            format!(
                "no meeting type {code} (this panel has {})",
                have.join(", ")
            )
        })
}

/// The type of a meeting whose stored code is `stored`: that type, or for a meeting
/// stored without one (the pattern's meetings) the first type; `None` when the panel
/// defines no types or the stored code is no longer one of them.
pub fn type_of<'a>(
    types: &'a [MeetingTypeDef],
    stored: Option<&str>,
) -> Option<&'a MeetingTypeDef> {
    match stored {
        Some(code) => types.iter().find(|t| t.code == code),
        None => types.first(),
    }
}

/// Everything wrong with the types that needs no agenda, each naming its key.
pub(super) fn problems(types: &[MeetingTypeDef]) -> Vec<String> {
    let mut out = vec![];
    let mut seen = BTreeSet::new();
    for (i, t) in types.iter().enumerate() {
        let at = format!("meeting_type[{}]", i + 1);
        let code = t.code.trim();
        if code.is_empty() {
            out.push(format!("{at}.code: empty"));
        } else if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(format!(
                "{at}.code: '{code}' has characters other than letters, digits and _"
            ));
        } else if !seen.insert(code.to_ascii_lowercase()) {
            out.push(format!("{at}.code: {code} appears twice"));
        }
        if t.label.trim().is_empty() {
            out.push(format!("{at}.label: empty"));
        }
        let mut items = BTreeSet::new();
        for n in &t.items {
            if !items.insert(n) {
                out.push(format!("{at}.items: {n} appears twice"));
            }
        }
    }
    out
}

/// Items that are not agenda numbers, each naming its key; `numbers` are the
/// panel's agenda item numbers.
pub fn item_problems(types: &[MeetingTypeDef], numbers: &[u32]) -> Vec<String> {
    let known = || {
        numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    types
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            t.items
                .iter()
                .filter(|n| !numbers.contains(n))
                .map(move |n| {
                    format!(
                        "meeting_type[{}].items: {n} is not an agenda item (one of {})",
                        i + 1,
                        known()
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(code: &str, items: &[u32]) -> MeetingTypeDef {
        MeetingTypeDef {
            code: code.into(),
            label: format!("{code} meeting"),
            items: items.to_vec(),
            chair: String::new(),
            senior: false,
            emergency: false,
            chosen_cases: false,
        }
    }

    #[test]
    fn codes_unique_labels_given_items_agenda_numbers() {
        let mut bad = vec![t("level2_case", &[1, 2]), t("Level2_Case", &[1, 1])];
        bad.push(MeetingTypeDef {
            label: " ".into(),
            ..t("level 3", &[9])
        });
        let p = problems(&bad);
        assert!(
            p.contains(&"meeting_type[2].code: Level2_Case appears twice".into()),
            "{p:?}"
        );
        assert!(
            p.contains(&"meeting_type[2].items: 1 appears twice".into()),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("meeting_type[3].code: 'level 3'")),
            "{p:?}"
        );
        assert!(p.contains(&"meeting_type[3].label: empty".into()), "{p:?}");
        let p = item_problems(&bad, &[1, 2, 3]);
        assert_eq!(
            p,
            vec!["meeting_type[3].items: 9 is not an agenda item (one of 1, 2, 3)".to_string()]
        );
    }

    #[test]
    fn a_meeting_without_a_stored_type_is_of_the_first() {
        let types = vec![t("level2_monthly", &[]), t("level3_case", &[1, 2, 4])];
        assert_eq!(
            type_of(&types, None).map(|t| t.code.as_str()),
            Some("level2_monthly")
        );
        assert_eq!(
            type_of(&types, Some("level3_case")).map(|t| t.holds(3)),
            Some(false)
        );
        assert!(type_of(&types, None).is_some_and(|t| t.holds(3)));
        assert_eq!(type_of(&[], None), None);
        assert_eq!(
            find_type(&types, "level4").unwrap_err(),
            "no meeting type level4 (this panel has level2_monthly, level3_case)"
        );
        assert!(find_type(&types, "LEVEL3_CASE").is_ok());
        assert!(find_type(&[], "x")
            .unwrap_err()
            .contains("defines no meeting types"));
    }
}
