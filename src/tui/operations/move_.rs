//! Move: the next states the targets share, offered in a picker; then the transition's form.

use crate::ledger::Lang;
use crate::tui::app::App;
use crate::tui::app::Overlay;
use crate::tui::overlays::picker::{PickFor, Picker};

impl App {
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
}
