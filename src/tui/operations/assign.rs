//! Assign: give the targets to an officer (`-` for none).

use super::per;
use crate::ledger::{Command, Request};
use crate::tui::app::App;
use crate::tui::form::{Field, Form, Purpose, Spec, Target};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_assign(&mut self) {
        let targets = self.targets();
        if targets.is_empty() {
            return self.nothing_selected();
        }
        let current = match &targets[..] {
            [one] => self
                .row_by_id(&one.id)
                .and_then(|r| r.case.assignee.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let officers = self.officers();
        let fields = vec![
            Field::new(
                "assignee",
                self.lang
                    .pick("责任人(账号,- 为取消)", "Officer (account, - for none)"),
                Spec::User,
            )
            .required()
            .with(&current)
            .options(officers),
        ];
        let mut form = Form::new(
            self.lang.pick("指定责任人", "Assign").into(),
            Purpose::Assign(targets.clone()),
            fields,
        );
        form.subtitle = self.describe_targets(&targets);
        self.open_form(form);
    }

    /// The requests of a submitted assign form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn assign_requests(
        &mut self,
        form: &Form,
        targets: &[Target],
    ) -> Option<(Vec<Request>, String)> {
        let user = Some(form.value("assignee")).filter(|u| !u.is_empty() && u != "-");
        let reqs = per(targets, &|id| Command::Assign {
            id: id.to_string(),
            user: user.clone(),
        });
        Some((
            reqs,
            format!(
                "{} → {}",
                self.describe_targets(targets),
                user.clone().unwrap_or_else(|| "—".into())
            ),
        ))
    }
}
