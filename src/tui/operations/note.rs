//! Note: record a visit, call, coordination round or meeting on the targets.

use crate::ledger::NoteType;
use crate::tui::app::App;
use crate::tui::form::{Field, Form, Purpose, Spec};

impl App {
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
            Field::new(
                "date",
                l.pick("日期(默认今天)", "Date (default today)"),
                Spec::Date,
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
}
