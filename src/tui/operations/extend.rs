//! Extend: the running deadline of one case, by days, with a reason.

use crate::ledger::{Command, Request};
use crate::tui::app::App;
use crate::tui::form::{Field, Form, Purpose, Spec, Target};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_extend(&mut self) {
        let Some(t) = self.single_target() else {
            return;
        };
        let fields = vec![
            Field::new("days", self.lang.pick("延长天数", "Days"), Spec::Days).required(),
            Field::new("reason", self.lang.pick("理由", "Reason"), Spec::Text).required(),
        ];
        let mut form = Form::new(
            self.lang.pick("延长期限", "Extend the deadline").into(),
            Purpose::Extend(t.clone()),
            fields,
        );
        form.subtitle = self.due_subtitle(&t.id);
        self.open_form(form);
    }

    /// The requests of a submitted extend form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn extend_requests(
        &mut self,
        form: &Form,
        t: &Target,
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let days = form.value("days").parse().unwrap_or(0);
        let cmd = Command::Extend {
            id: t.id.clone(),
            days,
            reason: form.value("reason"),
        };
        Some((
            vec![Request {
                command: cmd,
                expect_rev: Some(t.rev),
                on: None,
            }],
            format!("{} {}", t.id, l.pick("已延期", "extended")),
        ))
    }
}
