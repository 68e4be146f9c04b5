//! Time used against a time box (issue 22, MAVE MV13: "1. Individual children or
//! adults where there is a system block ... – 45 min", 001 "What is the structure for
//! a MAVE Panel meeting?"; "It will run for three hours", 001 "Frequency"). The boxes
//! come from the panel file: an item's `time_box_minutes` (and `case_time_box_minutes`)
//! on `[[agenda]]`, the meeting's `duration_minutes` on `[meeting_pattern]`. An overrun
//! is said in words ("OVER by 3:10"), never by colour alone. Every clock on the
//! meeting screen and the room's screen is written here.

/// Elapsed time: `m:ss` under an hour, `h:mm:ss` from an hour (three hours read
/// 3:00:00).
pub fn elapsed(secs: i64) -> String {
    let s = secs.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Seconds past a box of `minutes` after `used` seconds; `None` within it or with no box.
pub fn over_by(used: i64, minutes: Option<u32>) -> Option<i64> {
    let past = used - i64::from(minutes?) * 60;
    (past > 0).then_some(past)
}

/// The words of an overrun: "OVER by 3:10".
pub fn over_words(past: i64) -> String {
    format!("OVER by {}", elapsed(past))
}

/// Time used against the box, for a heading: "12:04 of 45:00", past it
/// "48:10 of 45:00 · OVER by 3:10"; without a box the time used alone.
pub fn against(used: i64, minutes: Option<u32>) -> String {
    let Some(m) = minutes else {
        return elapsed(used);
    };
    let mut out = format!("{} of {}", elapsed(used), elapsed(i64::from(m) * 60));
    if let Some(past) = over_by(used, minutes) {
        out.push_str(" · ");
        out.push_str(&over_words(past));
    }
    out
}

/// The same, short, for the status line: "12:04/45:00", past it "48:10/45:00 OVER".
pub fn compact(used: i64, minutes: Option<u32>) -> String {
    match minutes {
        None => elapsed(used),
        Some(m) => {
            let over = if over_by(used, minutes).is_some() {
                " OVER"
            } else {
                ""
            };
            format!("{}/{}{over}", elapsed(used), elapsed(i64::from(m) * 60))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_kept_to_the_second_and_an_overrun_said_in_words() {
        let box45 = Some(45);
        assert_eq!(against(45 * 60, box45), "45:00 of 45:00");
        assert_eq!(over_by(45 * 60, box45), None);
        assert_eq!(against(45 * 60 + 1, box45), "45:01 of 45:00 · OVER by 0:01");
        assert_eq!(against(724, box45), "12:04 of 45:00");
        assert_eq!(
            against(3 * 3600 + 190, Some(180)),
            "3:03:10 of 3:00:00 · OVER by 3:10"
        );
        assert_eq!(compact(3 * 3600 + 190, Some(180)), "3:03:10/3:00:00 OVER");
        assert_eq!(compact(59, Some(45)), "0:59/45:00");
        assert_eq!(compact(59, None), "0:59");
        assert_eq!(against(-5, None), "0:00");
    }
}
