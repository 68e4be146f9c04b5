//! Panel members (section 5.4): name, post title, agency and role, checked field by field.

use serde::{Deserialize, Serialize};

use super::intake::{agency_code, coded, required, FieldIssue};
use super::types::Role;

/// A panel member as typed (section 5.4: name, post title, agency, role).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub name: String,
    pub post: String,
    /// Agency code.
    pub agency: String,
    /// chair | vice_chair | coordinator | mappa_coordinator | member (blank: member).
    pub role: String,
}

/// What the member checks need: the agencies, and who already holds each role.
#[derive(Debug, Clone, Default)]
pub struct MemberContext {
    pub agencies: Vec<(String, String)>,
    /// `(id, name, role)` of each current member.
    pub current: Vec<(i64, String, Role)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedMember {
    pub name: String,
    pub post: String,
    pub agency: String,
    pub role: Role,
    pub warnings: Vec<FieldIssue>,
}

/// Check a new member.
pub fn check_member(
    form: &MemberForm,
    ctx: &MemberContext,
) -> Result<CheckedMember, Vec<FieldIssue>> {
    let mut errors = vec![];
    let mut warnings = vec![];
    required(&mut errors, "name", &form.name);
    required(&mut errors, "post", &form.post);
    let agency = if form.agency.trim().is_empty() {
        errors.push(FieldIssue::new("agency", "required"));
        String::new()
    } else {
        agency_code(&form.agency, &ctx.agencies).unwrap_or_else(|e| {
            errors.push(FieldIssue::new("agency", e));
            String::new()
        })
    };
    let role = coded(
        &mut errors,
        "role",
        &form.role,
        Role::Member,
        Role::ALL,
        Role::code,
    );
    // Co-chairs come in twos: only a third is warned of.
    let holders = ctx.current.iter().filter(|(_, _, r)| *r == role).count();
    let room = if role == Role::CoChair { 2 } else { 1 };
    if role != Role::Member && holders >= room {
        if let Some((id, name, _)) = ctx.current.iter().find(|(_, _, r)| *r == role) {
            warnings.push(FieldIssue::new(
                "role",
                format!(
                    "{name} (#{id}) is already {}; retire them if this person replaces them",
                    role.label()
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CheckedMember {
        name: form.name.split_whitespace().collect::<Vec<_>>().join(" "),
        post: form.post.trim().to_string(),
        agency,
        role,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: &[FieldIssue]) -> Vec<&str> {
        e.iter().map(|i| i.field.as_str()).collect()
    }

    fn agencies() -> Vec<(String, String)> {
        vec![
            ("POL".into(), "Police".into()),
            ("YOS".into(), "Youth Offending Service".into()),
        ]
    }

    #[test]
    fn section_5_4_member_needs_name_post_known_agency_and_role() {
        let ctx = MemberContext {
            agencies: agencies(),
            current: vec![(1, "Odile Marchbank".into(), Role::Chair)],
        };
        let e = check_member(
            &MemberForm {
                agency: "XX".into(),
                role: "boss".into(),
                ..Default::default()
            },
            &ctx,
        )
        .unwrap_err();
        assert_eq!(fields(&e), ["name", "post", "agency", "role"]);
        let c = check_member(
            &MemberForm {
                name: "Priya Denholm".into(),
                post: "Detective Inspector".into(),
                agency: "pol".into(),
                role: "chair".into(),
            },
            &ctx,
        )
        .unwrap();
        assert_eq!((c.agency.as_str(), c.role), ("POL", Role::Chair));
        assert_eq!(
            fields(&c.warnings),
            ["role"],
            "a second chair is worth saying"
        );
    }
}
