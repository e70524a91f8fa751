//! Note: record a visit, call, coordination round or meeting on the targets.

use crate::ledger::NoteType;
use crate::tui::app::App;

use super::{opt, per};
use crate::ledger::{Command, Request};
use crate::tui::form::{Field, Form, Purpose, Spec, Target};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_note(&mut self) {
        let targets = self.targets();
        if targets.is_empty() {
            return self.nothing_selected();
        }
        let l = self.lang;
        let fields = vec![
            Field::new("type", l.pick("类型", "Type"), Spec::NoteType)
                .required()
                .with(NoteType::Visit.label(l)),
            Field::new("text", l.pick("内容", "What was done"), Spec::Text).required(),
            Field::new(
                "people",
                l.pick("在场人数(人次)", "People present"),
                Spec::Count,
            ),
        ];
        let mut form = Form::new(
            l.pick("记录工作", "Record work").into(),
            Purpose::Note(targets.clone()),
            fields,
        );
        form.subtitle = self.describe_targets(&targets);
        self.open_form(form);
    }

    /// The requests of a submitted note form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn note_requests(
        &mut self,
        form: &Form,
        targets: &[Target],
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let Ok(note_type) = NoteType::parse(&form.value("type")) else {
            return None;
        };
        let people = opt(form, "people").and_then(|p| p.parse().ok());
        let text = form.value("text");
        // Marked cases share one note: a meeting about three disputes is one round, its people
        // counted once. The day it took place is the form's "when".
        let reqs = if targets.len() > 1 {
            vec![Request::from(Command::SharedNote {
                ids: targets.iter().map(|t| t.id.clone()).collect(),
                note_type,
                text,
                people,
                date: None,
            })]
        } else {
            per(targets, &|id| Command::Note {
                id: id.to_string(),
                note_type,
                text: text.clone(),
                people,
                date: None,
            })
        };
        Some((
            reqs,
            format!(
                "{} {}",
                self.describe_targets(targets),
                l.pick("已记录", "noted")
            ),
        ))
    }
}
