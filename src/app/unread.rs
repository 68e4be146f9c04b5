//! A read that failed: the referral list F7 reads when it opens, or the meeting read
//! back after a save. Nothing was being saved, so it is never said as a failed save
//! (which would promise to save again what is already in the record): it is said as
//! what could not be read, with the key that reads it again — the key of the screen
//! it belongs to, pressed on any screen.

use super::keys::{key as KEY, Command as C};
use super::*;

/// What could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// The referrals screen's rows (`Effect::LoadReferrals`).
    Referrals,
    /// The meeting, read back after a save (`tui::apply`) or on a retry.
    Meeting,
}

impl Unread {
    /// The key that reads it again.
    pub fn retry_key(self) -> String {
        KEY(match self {
            Unread::Referrals => C::ScreenIntake,
            Unread::Meeting => C::ScreenMeeting,
        })
    }

    /// What could not be read, in words.
    fn what(self) -> &'static str {
        match self {
            Unread::Referrals => "The referral list could not be read",
            Unread::Meeting => "The meeting could not be read back after saving",
        }
    }

    /// After the key: what stands meanwhile.
    fn meanwhile(self) -> &'static str {
        match self {
            Unread::Referrals => "",
            Unread::Meeting => " (what you saved is saved; the screen may be behind)",
        }
    }

    /// The line a page shows in place of what it could not read.
    pub fn line(self) -> String {
        format!(
            "{}: {} reads it again{}",
            self.what(),
            self.retry_key(),
            self.meanwhile()
        )
    }
}

/// A read failed: say what and which key tries again; the page shows the same line
/// in place of what it could not read.
pub fn failed(app: &mut App, what: Unread, error: &str) {
    app.unread = Some(what);
    let error = crate::domain::clean::one_line(error);
    app.warn(format!(
        "{} ({error}): {} reads it again{}",
        what.what(),
        what.retry_key(),
        what.meanwhile()
    ));
}

/// `what` was read: the warning about it no longer stands.
pub fn read(app: &mut App, what: Unread) {
    if app.unread == Some(what) {
        app.unread = None;
        if app
            .message
            .as_ref()
            .is_some_and(|(m, _)| m.starts_with(what.what()))
        {
            app.message = None;
        }
    }
}

/// A screen's key was pressed: the meeting is read again if its read failed (the
/// referral list is read again by its screen opening, [`load_referrals`]).
pub fn retry(app: &mut App, fx: &mut Vec<Effect>) {
    if app.unread == Some(Unread::Meeting) {
        fx.push(Effect::Reload);
    }
}

/// The room as it stands after a write that changed it, as a message for the app: a
/// read that fails is said as a read (the room is part of the meeting, which its
/// screen's key reads again), never as a failed save, which would write again what
/// is already in the record.
pub fn room_read(read: crate::store::Result<crate::store::room_holder::RoomState>) -> Msg {
    match read {
        Ok(room) => Msg::Room(room),
        Err(e) => Msg::ReadFailed {
            what: Unread::Meeting,
            error: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_room_that_cannot_be_read_after_a_write_is_a_failed_read_not_a_failed_save() {
        let err = crate::store::StoreError::Rule("no such table: meeting".into());
        match room_read(Err(err)) {
            Msg::ReadFailed { what, error } => {
                assert_eq!(what, Unread::Meeting);
                assert!(error.contains("no such table"), "{error}");
            }
            _ => panic!("not a failed read"),
        }
    }
}
