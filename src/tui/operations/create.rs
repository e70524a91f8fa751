//! Create: the kind in a picker, then the kind's form; the new case is shown.

use crate::ledger::{Command, Kind, Request};
use crate::tui::app::{App, Overlay};
use crate::tui::form::{Form, Purpose, WHEN, case_fields};
use crate::tui::overlays::picker::{PickFor, Picker};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_create(&mut self) {
        self.overlay = Some(Overlay::Picker(Picker {
            title: self
                .lang
                .pick("登记哪类事项?", "Register which kind of case?")
                .into(),
            items: Kind::ALL
                .iter()
                .map(|k| (k.label(self.lang).to_string(), k.def().code.clone()))
                .collect(),
            selected: 0,
            purpose: PickFor::Kind,
        }));
    }

    /// The requests of a submitted create form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn create_requests(
        &mut self,
        form: &Form,
        kind: &Kind,
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let fields: Vec<(String, String)> = form
            .fields
            .iter()
            .filter(|f| f.key != "title" && f.key != WHEN && !f.text().is_empty())
            .filter(|f| !(f.key == "assignee" && f.text() == "-"))
            // The priority starts filled in: send it only when the officer changed it.
            .filter(|f| f.key != "priority" || f.changed())
            .map(|f| (f.key.clone(), f.ledger_text()))
            .collect();
        let cmd = Command::Create {
            kind: *kind,
            title: form.value("title"),
            fields,
            source: None,
        };
        Some((
            vec![Request {
                command: cmd,
                expect_rev: None,
                on: None,
                past: false,
            }],
            l.pick("已登记", "registered").into(),
        ))
    }

    /// The form of a new case of `kind` (picked in the picker).
    pub(crate) fn open_create_form(&mut self, kind: Kind) {
        let mut fields = case_fields(kind, self.lang);
        // New cases are the registering officer's unless said otherwise (`-` for nobody;
        // `assign_new_to_me = false` in config.toml turns this off).
        let officers = self.officers();
        if let Some(f) = fields.iter_mut().find(|f| f.key == "assignee") {
            let mut with = f.clone().options(officers);
            if self.assign_new_to_me {
                with = with.with(&self.user);
            }
            *f = with;
        }
        let mut form = Form::new(
            format!(
                "{} — {}",
                self.lang.pick("登记新事项", "New case"),
                kind.label(self.lang)
            ),
            Purpose::Create(kind),
            fields,
        );
        form.subtitle = self
            .lang
            .pick(
                "标 * 的必填;选项字段用 ←/→ 选择",
                "* required; choose options with ←/→",
            )
            .into();
        self.open_form(form);
    }
}
