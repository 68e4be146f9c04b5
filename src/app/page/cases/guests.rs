//! Guests for one case on their case page (issue 21, gap C6): who is invited for this
//! case and where each stands, and the key that has the next one join. They leave when
//! the case is marked done (the store records the time).

use crate::app::keys::{key as KEY, Command as C};
use crate::app::text::one_line;
use crate::app::{App, Effect};
use crate::domain::clock::local;
use crate::store::meeting::GuestChange;

/// The case page's guest line ("Guests for this case: … invited · Alt-J joins"), or
/// `None` when nobody is invited for the current case.
pub(crate) fn line(app: &App) -> Option<String> {
    let case = app.current_case()?;
    let hhmm = |t| local(t).format("%H:%M").to_string();
    let each: Vec<String> = app
        .data
        .guests
        .iter()
        .filter(|g| g.discussion == case.discussion)
        .map(|g| {
            let at = match (g.joined_at, g.left_at) {
                (Some(j), Some(l)) => format!("joined {}, left {}", hhmm(j), hhmm(l)),
                (Some(j), None) => format!("joined {}", hhmm(j)),
                _ => "invited".to_string(),
            };
            format!("{} ({}): {at}", one_line(&g.name), one_line(&g.agency_name))
        })
        .collect();
    if each.is_empty() {
        return None;
    }
    let waiting = app
        .data
        .guests
        .iter()
        .any(|g| g.discussion == case.discussion && g.attendance.is_none());
    let key = if waiting {
        format!(" · {} joins", KEY(C::GuestJoins))
    } else {
        String::new()
    };
    Some(format!("Guests for this case: {}{key}", each.join("; ")))
}

/// The next guest invited for the current case, not yet joined, joins now.
pub(crate) fn join(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(case) = app.current_case() else {
        app.say(format!(
            "{} works on a case page: a guest joins at their case",
            KEY(C::GuestJoins)
        ));
        return;
    };
    let d = case.discussion;
    let next = app
        .data
        .guests
        .iter()
        .find(|g| g.discussion == d && g.attendance.is_none())
        .map(|g| (g.id, g.name.clone()));
    let Some((guest, name)) = next else {
        let any = app.data.guests.iter().any(|g| g.discussion == d);
        app.say(if any {
            "Every guest invited for this case has joined".to_string()
        } else {
            format!(
                "Nobody is invited for this case ({} on the attendance page invites a guest)",
                KEY(C::InviteGuest)
            )
        });
        return;
    };
    fx.push(Effect::Guest(GuestChange::Join {
        meeting: app.data.id,
        guest,
    }));
    app.say(format!(
        "{} joined for this case; they leave when it is marked done",
        one_line(&name)
    ));
}
