//! Link: one case to another.

use crate::ledger::{Command, Request};
use crate::tui::app::App;
use crate::tui::form::{Field, Form, Purpose, Spec, Target};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_link(&mut self) {
        let Some(t) = self.single_target() else {
            return;
        };
        let fields = vec![
            Field::new(
                "other",
                self.lang.pick("关联到(编号)", "Link to (id)"),
                Spec::CaseId,
            )
            .required(),
        ];
        let mut form = Form::new(
            self.lang.pick("关联事项", "Link cases").into(),
            Purpose::Link(t.clone()),
            fields,
        );
        form.subtitle = self.describe_targets(std::slice::from_ref(&t));
        self.open_form(form);
    }

    /// The requests of a submitted link form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn link_requests(
        &mut self,
        form: &Form,
        t: &Target,
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let cmd = Command::Link {
            id: t.id.clone(),
            other: form.value("other"),
        };
        Some((
            vec![Request {
                command: cmd,
                expect_rev: Some(t.rev),
                on: None,
                past: false,
            }],
            format!("{} {}", t.id, l.pick("已关联", "linked")),
        ))
    }
}
