//! The intelligence page's form: the agencies an item takes on the left, the selected
//! agency's note on the right (MAGPan's items 4-5; any panel's agency-notes item).

use crate::app::form::{Bind, Field, Form, Kind};
use crate::domain::agenda::AgendaKind;
use crate::store::meeting::MeetingData;

/// Items 4-5: the agencies on the left, the selected agency's note on the right.
pub(super) fn intel_form(data: &MeetingData, kind: AgendaKind, selected: usize) -> Form {
    use crate::domain::agenda::{intelligence_items, takes_agency_note};
    let items = &data.panel.agenda;
    let agencies: Vec<&crate::store::meeting::Agency> = data
        .agencies
        .iter()
        .filter(|a| takes_agency_note(items, kind, a.police))
        .collect();
    let rows: Vec<String> = agencies
        .iter()
        .map(|a| {
            let has = data
                .intelligence
                .iter()
                .any(|i| i.agency == a.id && !i.body.trim().is_empty());
            format!("{} {}", if has { "✓" } else { " " }, a.code)
        })
        .collect();
    let sel = selected.min(rows.len().saturating_sub(1));
    let mut list = Field::list("Agency", Bind::IntelAgencies, rows);
    if let Kind::List { selected, .. } = &mut list.kind {
        *selected = sel;
    }
    let mut fields = vec![list];
    if let Some(a) = agencies.get(sel) {
        let body = data
            .intelligence
            .iter()
            .find(|i| i.agency == a.id)
            .map(|i| i.body.clone())
            .unwrap_or_default();
        fields.push(Field::text(
            &if intelligence_items(items) {
                format!("Intelligence from {}", a.name)
            } else {
                format!("From {}", a.name)
            },
            Bind::Intel {
                agency: a.id,
                police: a.police,
            },
            &body,
            true,
        ));
    }
    let mut form = Form::new(fields);
    if form.fields.len() > 1 {
        form.focus = 1;
    }
    form
}
