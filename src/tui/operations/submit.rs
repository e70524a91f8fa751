//! A submitted form becomes ledger requests, run after a confirmation when they touch several
//! cases; the form stays open, with fresh revisions, when the ledger refuses.

use crate::ledger::{Command, Lang, NoteType, Request};
use crate::tui::app::App;
use crate::tui::app::Overlay;
use crate::tui::cases::Row;
use crate::tui::form::{Form, Purpose, Target};
use crate::tui::overlays::confirm::{Confirm, Then};

impl App {
    /// Turn a validated form into ledger commands and run them (after a confirmation when they
    /// touch several cases). The form stays open if the ledger refuses, so nothing typed is lost.
    pub(crate) fn submit(&mut self, form: Form) {
        let l = self.lang;
        let v = |k: &str| form.value(k);
        let opt = |k: &str| Some(form.value(k)).filter(|s| !s.is_empty());
        let per = |targets: &[Target], make: &dyn Fn(&str) -> Command| -> Vec<Request> {
            targets
                .iter()
                .map(|t| Request {
                    command: make(&t.id),
                    expect_rev: Some(t.rev),
                })
                .collect()
        };
        let (reqs, done): (Vec<Request>, String) = match &form.purpose {
            Purpose::SaveView { query } => {
                let name = v("name");
                self.save_view(name, query.clone());
                return;
            }
            Purpose::Create(kind) => {
                let fields: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .filter(|f| f.key != "title" && !f.text().is_empty())
                    // The priority starts filled in: send it only when the officer changed it.
                    .filter(|f| f.key != "priority" || f.changed())
                    .map(|f| (f.key.clone(), f.text().to_string()))
                    .collect();
                let cmd = Command::Create {
                    kind: *kind,
                    title: v("title"),
                    fields,
                    source: None,
                };
                (
                    vec![Request {
                        command: cmd,
                        expect_rev: None,
                    }],
                    l.pick("已登记", "registered").into(),
                )
            }
            Purpose::Edit(t) => {
                let fields: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .filter(|f| f.changed() && !(f.masked.is_some() && f.text().is_empty()))
                    .map(|f| (f.key.clone(), f.text().to_string()))
                    .collect();
                if fields.is_empty() {
                    self.overlay = None;
                    self.info(l.pick("没有修改", "nothing changed"));
                    return;
                }
                (
                    vec![Request {
                        command: Command::Edit {
                            id: t.id.clone(),
                            fields,
                        },
                        expect_rev: Some(t.rev),
                    }],
                    format!("{} {}", t.id, l.pick("已修改", "edited")),
                )
            }
            Purpose::Move { targets, to } => {
                let note = opt("note");
                let fields: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .filter(|f| f.key != "note" && !f.text().is_empty())
                    .map(|f| (f.key.clone(), f.text().to_string()))
                    .collect();
                let reqs = per(targets, &|id| Command::Move {
                    id: id.to_string(),
                    to: to.clone(),
                    note: note.clone(),
                    fields: fields.clone(),
                });
                let to_label = self
                    .row_by_id(&targets[0].id)
                    .and_then(|r| r.case.kind.def().state(to).map(|s| s.label(l).to_string()))
                    .unwrap_or_else(|| to.clone());
                (
                    reqs,
                    format!("{} → {to_label}", self.describe_targets(targets)),
                )
            }
            Purpose::Note(targets) => {
                let Ok(note_type) = NoteType::parse(&v("type")) else {
                    return;
                };
                let people = opt("people").and_then(|p| p.parse().ok());
                let date = opt("date").and_then(|d| crate::ledger::units::parse_date(&d).ok());
                let text = v("text");
                let reqs = per(targets, &|id| Command::Note {
                    id: id.to_string(),
                    note_type,
                    text: text.clone(),
                    people,
                    date,
                });
                (
                    reqs,
                    format!(
                        "{} {}",
                        self.describe_targets(targets),
                        l.pick("已记录", "noted")
                    ),
                )
            }
            Purpose::Assign(targets) => {
                let user = Some(v("assignee")).filter(|u| !u.is_empty() && u != "-");
                let reqs = per(targets, &|id| Command::Assign {
                    id: id.to_string(),
                    user: user.clone(),
                });
                (
                    reqs,
                    format!(
                        "{} → {}",
                        self.describe_targets(targets),
                        user.clone().unwrap_or_else(|| "—".into())
                    ),
                )
            }
            Purpose::Tag(targets) => {
                let mut add = Vec::new();
                let mut remove = Vec::new();
                for t in crate::ledger::model::split_list(&v("tags").replace(' ', ",")) {
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
                (
                    reqs,
                    format!(
                        "{} {}",
                        self.describe_targets(targets),
                        l.pick("标签已更新", "tags changed")
                    ),
                )
            }
            Purpose::Extend(t) => {
                let days = v("days").parse().unwrap_or(0);
                let cmd = Command::Extend {
                    id: t.id.clone(),
                    days,
                    reason: v("reason"),
                };
                (
                    vec![Request {
                        command: cmd,
                        expect_rev: Some(t.rev),
                    }],
                    format!("{} {}", t.id, l.pick("已延期", "extended")),
                )
            }
            Purpose::Pause(t) => {
                let cmd = Command::Pause {
                    id: t.id.clone(),
                    reason: v("reason"),
                };
                (
                    vec![Request {
                        command: cmd,
                        expect_rev: Some(t.rev),
                    }],
                    format!("{} {}", t.id, l.pick("已暂停计时", "clock paused")),
                )
            }
            Purpose::Link(t) => {
                let cmd = Command::Link {
                    id: t.id.clone(),
                    other: v("other"),
                };
                (
                    vec![Request {
                        command: cmd,
                        expect_rev: Some(t.rev),
                    }],
                    format!("{} {}", t.id, l.pick("已关联", "linked")),
                )
            }
        };
        if reqs.len() > 1 {
            // Anything that affects many items is confirmed first.
            let question = match l {
                Lang::Zh => format!("对 {} 件事项执行:{}?", reqs.len(), form.title),
                Lang::En => format!("{} for {} cases?", form.title, reqs.len()),
            };
            let detail = reqs
                .iter()
                .filter_map(|r| r.command.target())
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
            let fresh = |t: &mut Target, rows: &[Row]| {
                if let Some(r) = rows.iter().find(|r| r.case.id == t.id) {
                    t.rev = r.case.rev;
                }
            };
            match &mut f.purpose {
                Purpose::Edit(t) | Purpose::Extend(t) | Purpose::Pause(t) | Purpose::Link(t) => {
                    fresh(t, &self.rows)
                }
                Purpose::Move { targets, .. }
                | Purpose::Note(targets)
                | Purpose::Assign(targets)
                | Purpose::Tag(targets) => {
                    for t in targets {
                        fresh(t, &self.rows);
                    }
                }
                Purpose::Create(_) | Purpose::SaveView { .. } => {}
            }
        }
    }
}
