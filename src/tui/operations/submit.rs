//! A submitted form becomes ledger requests, run after a confirmation when they touch several
//! cases; the form stays open, with fresh revisions, when the ledger refuses.

use crate::ledger::{Command, Lang};
use crate::tui::app::App;
use crate::tui::app::Overlay;
use crate::tui::form::{Form, Purpose};
use crate::tui::overlays::confirm::{Confirm, Then};

impl App {
    /// Turn a validated form into ledger commands and run them (after a confirmation when they
    /// touch several cases). The form stays open if the ledger refuses, so nothing typed is lost.
    pub(crate) fn submit(&mut self, form: Form) {
        let l = self.lang;
        let asked = match &form.purpose {
            Purpose::SaveView { query } => {
                let name = form.value("name");
                self.save_view(name, query.clone());
                return;
            }
            Purpose::Create(kind) => self.create_requests(&form, kind),
            Purpose::Edit(t) => self.edit_requests(&form, t),
            Purpose::Move { targets, to } => self.move_requests(&form, targets, to),
            Purpose::Note(targets) => self.note_requests(&form, targets),
            Purpose::Assign(targets) => self.assign_requests(&form, targets),
            Purpose::Tag(targets) => self.tag_requests(&form, targets),
            Purpose::Extend(t) => self.extend_requests(&form, t),
            Purpose::Pause(t) => self.pause_requests(&form, t),
            Purpose::Link(t) => self.link_requests(&form, t),
        };
        // None: nothing to run, and the officer was told why.
        let Some((mut reqs, done)) = asked else {
            return;
        };
        let on = form.on();
        for r in &mut reqs {
            r.on = on;
        }
        // The cases the requests touch (a shared note touches several in one request).
        let cases: Vec<&str> = reqs
            .iter()
            .flat_map(|r| match &r.command {
                Command::SharedNote { ids, .. } => ids.iter().map(String::as_str).collect(),
                c => c.target().into_iter().collect::<Vec<_>>(),
            })
            .collect();
        if cases.len() > 1 {
            // Anything that affects many items is confirmed first.
            let question = match l {
                Lang::Zh => format!("对 {} 件事项执行:{}?", cases.len(), form.title),
                Lang::En => format!("{} for {} cases?", form.title, cases.len()),
            };
            let detail = cases
                .iter()
                .map(|id| {
                    let title = self
                        .row_by_id(id)
                        .map(|r| r.case.title.clone())
                        .unwrap_or_default();
                    format!("{id} {}", crate::ledger::text::sanitize(&title))
                })
                .collect();
            self.overlay = Some(Overlay::Confirm(Confirm {
                question,
                detail,
                then: Then::Run { reqs, done },
            }));
            return;
        }
        let ok = self.run(reqs, done);
        if ok {
            self.overlay = None;
        } else if let Some(Overlay::Form(f)) = &mut self.overlay {
            // Keep the form and what was typed; say why, and take the fresh revisions so that a
            // second Enter is a decision made with the latest state on screen.
            f.error = self.message.as_ref().map(|m| m.text.clone());
            for t in f.purpose.targets_mut() {
                if let Some(r) = self.rows.iter().find(|r| r.case.id == t.id) {
                    t.rev = r.case.rev;
                }
            }
        }
    }
}
