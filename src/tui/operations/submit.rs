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
            // Name what will be done, the person an assignment gives the cases to included.
            let what = match &form.purpose {
                Purpose::Assign(_) => match form.value("assignee").as_str() {
                    "" | "-" => format!("{} → {}", form.title, l.pick("(无)", "(nobody)")),
                    who => format!("{} → {who}", form.title),
                },
                _ => form.title.clone(),
            };
            let question = match l {
                Lang::Zh => format!("对 {} 件事项执行:{what}?", cases.len()),
                Lang::En => format!("{what} for {} cases?", cases.len()),
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
        let seen: Vec<(String, u64)> = match &self.overlay {
            Some(Overlay::Form(f)) => f
                .purpose
                .clone()
                .targets_mut()
                .iter()
                .map(|t| (t.id.clone(), t.rev))
                .collect(),
            _ => Vec::new(),
        };
        let ok = self.run(reqs, done);
        if ok {
            self.overlay = None;
            return;
        }
        // Keep the form and what was typed; say why, and take the fresh revisions (read from
        // the ledger by id: the case may have left the view) so that a second Enter is a
        // decision made with the latest state on screen.
        let mut why = self
            .message
            .as_ref()
            .map(|m| m.text.trim_start_matches('✗').trim_start().to_string());
        let mut fresh = Vec::new();
        for (id, had) in &seen {
            let Ok(case) = self.ledger.get(id) else {
                continue;
            };
            if case.rev != *had {
                let theirs = self.changes_since(&case, *had);
                if !theirs.is_empty() {
                    why = Some(match l {
                        Lang::Zh => format!("{id} 已被他人修改:{theirs} — 请核对后再提交"),
                        Lang::En => {
                            format!(
                                "{id} was changed meanwhile: {theirs} — check, then submit again"
                            )
                        }
                    });
                }
            }
            fresh.push((id.clone(), case.rev));
        }
        // Keep the case the form is for on screen, even when the change took it out of the view.
        if let [(id, _)] = &seen[..] {
            let id = id.clone();
            self.reveal(&id);
        }
        if let Some(Overlay::Form(f)) = &mut self.overlay {
            f.error = why;
            for t in f.purpose.targets_mut() {
                if let Some((_, rev)) = fresh.iter().find(|(id, _)| *id == t.id) {
                    t.rev = *rev;
                }
            }
        }
    }

    /// What others changed on `case` after revision `had`, in one line ("li: 受理 → 办理中").
    pub(crate) fn changes_since(&self, case: &crate::ledger::Case, had: u64) -> String {
        let Ok(events) = self.ledger.history(&case.id) else {
            return String::new();
        };
        events
            .iter()
            .filter(|e| e.seq > had)
            .map(|e| {
                format!(
                    "{}: {}",
                    crate::ledger::text::sanitize(&e.actor),
                    crate::ledger::text::sanitize(&e.change.describe(case.kind, self.lang))
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}
