//! What a case is about (issue 22, gap row D1): a person (every panel until now), a
//! group of young people, a person of concern (a possible perpetrator) or a location
//! of concern. MAVE hears all four, each under its own agenda item and referred on
//! its own form (001 "What is the structure for a MAVE Panel meeting?" items 1-4;
//! "MAVE Panel Group Referral"; "MAVE Panel Persons and Locations of Concern
//! Referral"). Here: the kinds, their words, what identifies each at intake (a group
//! by its name and area, a location by its postcode and description) and how the
//! room may name each.

use serde::{Deserialize, Serialize};

use super::names::fold;

/// The kind of subject a case is about.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A child or adult (every panel's subject; MAVE item 1).
    #[default]
    Person,
    /// A group or cohort of young people (MAVE item 2): a name, an area, a size, and
    /// its members, each a person of the case.
    Group,
    /// A person of concern, a possible perpetrator (MAVE item 3): never named in the
    /// room.
    Perpetrator,
    /// A location of concern (MAVE item 4): an address or place, a postcode, what
    /// happens there.
    Location,
}

impl SubjectKind {
    /// Every kind, in MAVE's agenda order.
    pub const ALL: [SubjectKind; 4] = [
        SubjectKind::Person,
        SubjectKind::Group,
        SubjectKind::Perpetrator,
        SubjectKind::Location,
    ];

    /// The kind's name in a panel file and in the database.
    pub fn code(self) -> &'static str {
        match self {
            SubjectKind::Person => "person",
            SubjectKind::Group => "group",
            SubjectKind::Perpetrator => "perpetrator",
            SubjectKind::Location => "location",
        }
    }

    /// The kind named by `code` (`None`: not a kind).
    pub fn from_code(code: &str) -> Option<SubjectKind> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// How a heading names the kind: "Group", "Location", "Person of concern"; a
    /// person has no word (headings stay as they were).
    pub fn heading(self) -> &'static str {
        match self {
            SubjectKind::Person => "",
            SubjectKind::Group => "Group",
            SubjectKind::Perpetrator => "Person of concern",
            SubjectKind::Location => "Location",
        }
    }

    /// The plural, for counts ("people", "groups", "persons of concern", "locations").
    pub fn plural(self) -> &'static str {
        match self {
            SubjectKind::Person => "people",
            SubjectKind::Group => "groups",
            SubjectKind::Perpetrator => "persons of concern",
            SubjectKind::Location => "locations",
        }
    }

    /// "a person", "a group", "a person of concern", "a location".
    pub fn singular_words(self) -> &'static str {
        match self {
            SubjectKind::Person => "a person",
            SubjectKind::Group => "a group",
            SubjectKind::Perpetrator => "a person of concern",
            SubjectKind::Location => "a location",
        }
    }

    /// Is the subject a person with a date of birth (a person or a person of concern)?
    pub fn has_birth(self) -> bool {
        matches!(self, SubjectKind::Person | SubjectKind::Perpetrator)
    }

    /// "person", "group" or "a person or a location": the kinds in words.
    pub fn words(kinds: &[SubjectKind]) -> String {
        let w: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
        match w.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }

    /// A case heading: "Group: Eastfield Riders", "Location: SE11 (Arden Walk)";
    /// a person's heading is their name as before.
    pub fn headed(self, name: &str) -> String {
        match self {
            SubjectKind::Person => name.to_string(),
            k => format!("{}: {name}", k.heading()),
        }
    }
}

/// How a shared screen or the general minutes name a subject that is not a person
/// (issue 22): a group by its label, a location by its postcode district (its area
/// when it has no postcode), never its address; a person of concern only as such
/// with the case number. `None` for a person (initials, as always).
pub fn public_label(
    kind: SubjectKind,
    name: &str,
    area: &str,
    postcode: &str,
    case: i64,
) -> Option<String> {
    let one = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match kind {
        SubjectKind::Person => None,
        SubjectKind::Group => Some(kind.headed(&one(name))),
        SubjectKind::Perpetrator => Some(format!("{} (case #{case})", kind.heading())),
        SubjectKind::Location => {
            let district = postcode_district(postcode);
            let area = if district.is_empty() {
                one(area)
            } else {
                district
            };
            Some(if area.is_empty() {
                format!("{} (case #{case})", kind.heading())
            } else {
                kind.headed(&area)
            })
        }
    }
}

/// Is `k` a person (for `skip_serializing_if`: outputs about people stay as they were)?
pub fn is_person(k: &SubjectKind) -> bool {
    *k == SubjectKind::Person
}

/// The postcode district (outward code) of a normalised postcode: "SE11" of
/// "SE11 4QT"; empty when no postcode.
pub fn postcode_district(postcode: &str) -> String {
    postcode
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_uppercase()
}

/// What identifies a subject of `kind` at intake, normalised (issue 22): a group by
/// its name and area; a location by its postcode and description. `None` for a
/// person or a person of concern, matched by name and date of birth as always.
pub fn match_key(
    kind: SubjectKind,
    name: &str,
    area: &str,
    postcode: &str,
    description: &str,
) -> Option<String> {
    match kind {
        SubjectKind::Person | SubjectKind::Perpetrator => None,
        SubjectKind::Group => Some(format!("{}|{}", text_key(name), text_key(area))),
        SubjectKind::Location => Some(format!(
            "{}|{}",
            postcode
                .split_whitespace()
                .collect::<String>()
                .to_uppercase(),
            text_key(description)
        )),
    }
}

/// Words as matched: [`fold`]ed (case and accents), every mark other than a letter
/// or digit a space, runs of spaces one ("Chicken shop, stairwell" and "chicken
/// shop  stairwell" match).
pub fn text_key(s: &str) -> String {
    fold(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The part of a [`match_key`] a near match shares: a group's name, a location's
/// postcode.
pub fn near_key(key: &str) -> &str {
    key.split('|').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_headings_name_each_kind() {
        for k in SubjectKind::ALL {
            assert_eq!(SubjectKind::from_code(k.code()), Some(k));
        }
        assert_eq!(SubjectKind::from_code("gang"), None);
        assert_eq!(
            SubjectKind::Group.headed("Eastfield Riders"),
            "Group: Eastfield Riders"
        );
        assert_eq!(
            SubjectKind::Perpetrator.headed("PC-3"),
            "Person of concern: PC-3"
        );
        assert_eq!(SubjectKind::Person.headed("Ada Quill"), "Ada Quill");
        assert_eq!(
            SubjectKind::words(&[SubjectKind::Perpetrator, SubjectKind::Location]),
            "perpetrator or location"
        );
    }

    #[test]
    fn a_group_is_matched_by_name_and_area_a_location_by_postcode_and_description() {
        // 001 "MAVE Panel Group Referral" / "Persons and Locations of Concern Referral".
        let g1 = match_key(
            SubjectKind::Group,
            "Eastfield  Riders",
            "Kennington",
            "",
            "",
        );
        let g2 = match_key(
            SubjectKind::Group,
            "eastfield riders",
            " KENNINGTON ",
            "",
            "",
        );
        let g3 = match_key(SubjectKind::Group, "Eastfield Riders", "Stockwell", "", "");
        assert_eq!(g1, g2);
        assert_ne!(g1, g3);
        assert_eq!(
            near_key(g1.as_deref().unwrap()),
            near_key(g3.as_deref().unwrap())
        );
        let l1 = match_key(
            SubjectKind::Location,
            "x",
            "",
            "se11 4qt",
            "Chicken shop, stairwell",
        );
        let l2 = match_key(
            SubjectKind::Location,
            "y",
            "",
            "SE114QT",
            "chicken shop stairwell",
        );
        assert_eq!(l1, l2);
        assert_eq!(match_key(SubjectKind::Person, "Ada", "", "", ""), None);
        assert_eq!(postcode_district("SE11 4QT"), "SE11");
        assert_eq!(postcode_district(""), "");
    }
}

#[cfg(test)]
#[path = "subject_kind_tests.rs"]
mod kind_tests;
