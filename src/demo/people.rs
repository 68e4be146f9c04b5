//! The people in the demo: the panel's members (one per standing role), and the
//! invented names and ages of those referred.

use super::names::{FIRST_NAMES, STAFF_FIRST, STAFF_SURNAMES, SURNAMES};
use super::{Gen, InventedMember};
use crate::domain::types::Role;
use crate::store::write::NewMember;
use crate::store::Result;

impl Gen<'_> {
    pub(super) fn add_members(&mut self) -> Result<()> {
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
            self.members.push(InventedMember {
                id,
                name,
                post: r.post.clone(),
                agency,
                role,
            });
        }
        Ok(())
    }

    pub(super) fn person_name(&mut self) -> String {
        self.name_counter += 1;
        let f = self.rng.pick(FIRST_NAMES).to_string();
        let s = self.rng.pick(SURNAMES).to_string();
        format!("{f} {s}")
    }

    pub(super) fn random_age(&mut self) -> i64 {
        let roll = self.rng.range(0, 99);
        if roll < 60 {
            self.rng.range(12, 17)
        } else if roll < 97 {
            self.rng.range(18, 24)
        } else {
            self.rng.range(25, 27)
        }
    }
}
