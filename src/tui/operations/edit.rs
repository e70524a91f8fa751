//! Edit: a case's fields, prefilled (personal data masked, never prefilled).

use crate::tui::app::App;
use crate::tui::form::{Form, Purpose, Spec, Target, WHEN, case_fields};

use crate::ledger::{Command, Request};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_edit(&mut self) {
        let Some(case) = self.selected_case().cloned() else {
            return self.nothing_selected();
        };
        let mut fields = case_fields(case.kind, self.lang);
        fields.retain(|f| f.key != "assignee");
        for f in &mut fields {
            let current = match f.key.as_str() {
                "title" => case.title.clone(),
                "party" => case.party.clone(),
                "location" => case.location.clone(),
                "priority" => case.priority.label(self.lang).to_string(),
                "tags" => case.tags.join(" "),
                "opened" => case.opened.to_string(),
                "description" => case.description.clone(),
                key => match (&f.spec, case.fields.get(key)) {
                    // Personal data is not shown in the form: typing replaces it.
                    (Spec::Typed(d), Some(v)) if d.pii => {
                        f.masked = Some(crate::ledger::model::mask(&v.raw()));
                        String::new()
                    }
                    (Spec::Typed(d), Some(v))
                        if d.ty == crate::ledger::schema::FieldType::Enum
                            || d.ty == crate::ledger::schema::FieldType::Bool =>
                    {
                        v.display(d, self.lang)
                    }
                    (_, Some(v)) => v.raw(),
                    (_, None) => String::new(),
                },
            };
            *f = f.clone().with(&current);
        }
        let t = Target {
            id: case.id.clone(),
            rev: case.rev,
        };
        let mut form = Form::new(
            self.lang.pick("编辑", "Edit").into(),
            Purpose::Edit(t.clone()),
            fields,
        );
        form.subtitle = self.describe_targets(&[t]);
        self.open_form(form);
    }

    /// The requests of a submitted edit form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn edit_requests(
        &mut self,
        form: &Form,
        t: &Target,
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let fields: Vec<(String, String)> = form
            .fields
            .iter()
            .filter(|f| f.key != WHEN)
            .filter(|f| f.changed() && !(f.masked.is_some() && f.text().is_empty()))
            .map(|f| (f.key.clone(), f.ledger_text()))
            .collect();
        if fields.is_empty() {
            self.overlay = None;
            self.info(l.pick("没有修改", "nothing changed"));
            return None;
        }
        Some((
            vec![Request {
                command: Command::Edit {
                    id: t.id.clone(),
                    fields,
                },
                expect_rev: Some(t.rev),
                on: None,
                past: false,
            }],
            format!("{} {}", t.id, l.pick("已修改", "edited")),
        ))
    }
}
