//! Move: the next states the targets share, offered in a picker; then the transition's form.

use crate::ledger::Lang;
use crate::tui::app::App;
use crate::tui::app::Overlay;
use crate::tui::overlays::picker::{PickFor, Picker};

use super::{opt, per};
use crate::ledger::{Command, Request};
use crate::tui::form::{Field, Form, Purpose, Spec, Target, WHEN};

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_move(&mut self) {
        let targets = self.targets();
        if targets.is_empty() {
            return self.nothing_selected();
        }
        // Only states every target may move to are offered.
        let mut common: Option<Vec<String>> = None;
        for t in &targets {
            let Some(r) = self.row_by_id(&t.id) else {
                continue;
            };
            let next: Vec<String> = r
                .case
                .kind
                .def()
                .next_states(&r.case.state)
                .iter()
                .map(|s| s.key.clone())
                .collect();
            common = Some(match common {
                None => next,
                Some(c) => c.into_iter().filter(|s| next.contains(s)).collect(),
            });
        }
        let states = common.unwrap_or_default();
        if states.is_empty() {
            self.error(match &targets[..] {
                [one] => match self.lang {
                    Lang::Zh => format!("{} 已办结,没有可转入的状态", one.id),
                    Lang::En => format!("{} is closed: there is no next state", one.id),
                },
                _ => self
                    .lang
                    .pick(
                        "已标记的事项没有共同的下一状态;请分别处理",
                        "the marked cases have no next state in common; move them one by one",
                    )
                    .into(),
            });
            return;
        }
        let first = self.row_by_id(&targets[0].id).map(|r| r.case.clone());
        let Some(case) = first else { return };
        let def = case.kind.def();
        let items = states
            .iter()
            .map(|s| {
                let label = def
                    .state(s)
                    .map(|st| st.label(self.lang).to_string())
                    .unwrap_or_else(|| s.clone());
                let needs = def.transition(&case.state, s).map(|t| {
                    let mut n = Vec::new();
                    if t.note {
                        n.push(self.lang.pick("需写说明", "needs a note").to_string());
                    }
                    for f in &t.requires {
                        n.push(
                            def.field(f)
                                .map(|d| d.label(self.lang).to_string())
                                .unwrap_or_else(|| f.clone()),
                        );
                    }
                    n.join(", ")
                });
                (format!("{label} ({s})"), needs.unwrap_or_default())
            })
            .collect();
        self.overlay = Some(Overlay::Picker(Picker {
            title: format!(
                "{} — {}",
                self.lang.pick("转入", "Move to"),
                self.describe_targets(&targets)
            ),
            items,
            selected: 0,
            purpose: PickFor::Transition { targets, states },
        }));
    }

    /// The requests of a submitted move form, and what to say when they are done (None: nothing
    /// to run, and the officer was told why).
    pub(crate) fn move_requests(
        &mut self,
        form: &Form,
        targets: &[Target],
        to: &str,
    ) -> Option<(Vec<Request>, String)> {
        let l = self.lang;
        let note = opt(form, "note");
        let fields: Vec<(String, String)> = form
            .fields
            .iter()
            .filter(|f| f.key != "note" && f.key != WHEN && !f.text().is_empty())
            .map(|f| (f.key.clone(), f.text().to_string()))
            .collect();
        let reqs = per(targets, &|id| Command::Move {
            id: id.to_string(),
            to: to.to_string(),
            note: note.clone(),
            fields: fields.clone(),
            urgent: None,
        });
        let to_label = self
            .row_by_id(&targets[0].id)
            .and_then(|r| r.case.kind.def().state(to).map(|s| s.label(l).to_string()))
            .unwrap_or_else(|| to.to_string());
        Some((
            reqs,
            format!("{} → {to_label}", self.describe_targets(targets)),
        ))
    }

    /// The form of a move of `targets` to `to` (picked in the picker): a note, required when the
    /// transition asks for one, and the fields the transition needs.
    pub(crate) fn open_move_form(&mut self, targets: Vec<Target>, to: String) {
        let Some(first) = self.row_by_id(&targets[0].id).map(|r| r.case.clone()) else {
            return;
        };
        let def = first.kind.def();
        let tr = def.transition(&first.state, &to);
        let mut fields = vec![{
            let f = Field::new("note", self.lang.pick("说明", "Note"), Spec::Text);
            if tr.is_some_and(|t| t.note) {
                f.required()
            } else {
                f
            }
        }];
        for key in tr.map(|t| t.requires.clone()).unwrap_or_default() {
            if let Some(d) = def.field(&key) {
                let current = if targets.len() == 1 {
                    first.fields.get(&key).map(|v| v.raw()).unwrap_or_default()
                } else {
                    String::new()
                };
                fields.push(
                    Field::new(&key, d.label(self.lang), Spec::Typed(d))
                        .required()
                        .with(&current),
                );
            }
        }
        let to_label = def
            .state(&to)
            .map(|s| s.label(self.lang).to_string())
            .unwrap_or_else(|| to.clone());
        let mut form = Form::new(
            format!("{} {to_label}", self.lang.pick("转入", "Move to")),
            Purpose::Move {
                targets: targets.clone(),
                to,
            },
            fields,
        );
        form.subtitle = self.describe_targets(&targets);
        self.open_form(form);
    }
}
