//! Tag: add (+tag) or remove (-tag) tags on the targets.

use super::per;
use crate::ledger::{Command, Request};
use crate::tui::app::App;
use crate::tui::form::{Field, Form, Purpose, Spec, Target};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_tag(&mut self) {
        let targets = self.targets();
        if targets.is_empty() {
            return self.nothing_selected();
        }
        let fields = vec![
            Field::new(
                "tags",
                self.lang.pick("标签(+加 -去)", "Tags (+add -remove)"),
                Spec::TagChanges,
            )
            .required(),
        ];
        let mut form = Form::new(
            self.lang.pick("标签", "Tags").into(),
            Purpose::Tag(targets.clone()),
            fields,
        );
        form.subtitle = self.describe_targets(&targets);
        self.open_form(form);
    }

    /// The requests of a submitted tag form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn tag_requests(
        &mut self,
        form: &Form,
        targets: &[Target],
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let mut add = Vec::new();
        let mut remove = Vec::new();
        for t in crate::ledger::model::split_list(&form.value("tags").replace(' ', ",")) {
            match t.strip_prefix('-') {
                Some(r) => remove.push(r.to_string()),
                None => add.push(t.strip_prefix('+').unwrap_or(&t).to_string()),
            }
        }
        let reqs = per(targets, &|id| Command::Tag {
            id: id.to_string(),
            add: add.clone(),
            remove: remove.clone(),
        });
        Some((
            reqs,
            format!(
                "{} {}",
                self.describe_targets(targets),
                l.pick("标签已更新", "tags changed")
            ),
        ))
    }
}
