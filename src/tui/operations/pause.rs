//! Pause: the deadline clock of one case, with a reason.

use crate::ledger::{Command, Request};
use crate::tui::app::App;
use crate::tui::form::{Field, Form, Purpose, Spec, Target};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_pause(&mut self) {
        let Some(t) = self.single_target() else {
            return;
        };
        let fields = vec![
            Field::new(
                "reason",
                self.lang
                    .pick("理由(如等待法院)", "Reason (e.g. waiting for the court)"),
                Spec::Text,
            )
            .required(),
        ];
        let mut form = Form::new(
            self.lang.pick("暂停计时", "Pause the clock").into(),
            Purpose::Pause(t.clone()),
            fields,
        );
        form.subtitle = self.due_subtitle(&t.id);
        self.open_form(form);
    }

    /// The requests of a submitted pause form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn pause_requests(
        &mut self,
        form: &Form,
        t: &Target,
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let cmd = Command::Pause {
            id: t.id.clone(),
            reason: form.value("reason"),
        };
        Some((
            vec![Request {
                command: cmd,
                expect_rev: Some(t.rev),
                on: None,
                past: false,
            }],
            format!("{} {}", t.id, l.pick("已暂停计时", "clock paused")),
        ))
    }
}
