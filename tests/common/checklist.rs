//! The chair's checklist answered through the store, for tests that complete a case
//! of a panel with a `[[checklist]]` (CAMP, MAPPA) without driving the case page: the
//! store refuses to mark such a case done until it is answered (issue 21).

use roundtable::domain::paperwork::AnswerType;
use roundtable::store::case_record::RecordChange;
use roundtable::store::{DiscussionId, MeetingId, Store};

/// Answer every question of the panel's checklist for `discussion` at `meeting`: yes
/// to a yes/no question, the first option of a choice, a line of text otherwise.
pub fn answer_all(store: &Store, meeting: MeetingId, discussion: DiscussionId) {
    let pw = store.load_meeting(meeting).unwrap().panel.paperwork;
    for q in &pw.checklist {
        let answer = match q.answer {
            AnswerType::YesNo => "yes".to_string(),
            AnswerType::Choice => q.options[0].clone(),
            AnswerType::Text => "Considered and recorded.".to_string(),
        };
        store
            .record_change(&RecordChange::Answer {
                discussion,
                key: q.key.clone(),
                answer,
                note: String::new(),
            })
            .unwrap();
    }
}
