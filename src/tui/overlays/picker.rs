//! The picker overlay: choose one item of a list (the kind of a new case, the next state).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::ledger::Kind;
use crate::ledger::text::{pad, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::form::{Field, Form, Purpose, Spec, Target, case_fields};
use crate::tui::ui::{centered, lines, popup};

/// A list to choose one item from.
#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub items: Vec<(String, String)>,
    pub selected: usize,
    pub purpose: PickFor,
}

#[derive(Debug, Clone)]
pub enum PickFor {
    /// Next states common to the targets (keys, in the order shown).
    Transition {
        targets: Vec<Target>,
        states: Vec<String>,
    },
    /// The kind of a new case.
    Kind,
}

impl App {
    pub(crate) fn update_picker(&mut self, action: Action) {
        let Some(Overlay::Picker(p)) = &mut self.overlay else {
            return;
        };
        let n = p.items.len();
        match action {
            Action::Down => p.selected = (p.selected + 1).min(n.saturating_sub(1)),
            Action::Up => p.selected = p.selected.saturating_sub(1),
            Action::PageDown | Action::Last => p.selected = n.saturating_sub(1),
            Action::PageUp | Action::First => p.selected = 0,
            Action::Cancel => self.overlay = None,
            Action::Quit => self.quit = true,
            Action::Confirm => {
                let p = p.clone();
                self.overlay = None;
                self.picked(p);
            }
            _ => {}
        }
    }

    pub(crate) fn picked(&mut self, p: Picker) {
        match p.purpose {
            PickFor::Kind => {
                let Some(kind) = Kind::ALL.get(p.selected).copied() else {
                    return;
                };
                let fields = case_fields(kind, self.lang);
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
            PickFor::Transition { targets, states } => {
                let Some(to) = states.get(p.selected).cloned() else {
                    return;
                };
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
    }
}

pub(crate) fn draw_picker(frame: &mut Frame, area: Rect, app: &App, p: &Picker) {
    let t = &app.theme;
    let iw = p
        .items
        .iter()
        .map(|(l, h)| width(l) + width(h) + 4)
        .max()
        .unwrap_or(10);
    let w = (iw.max(width(&p.title) + 4) + 4).min(80) as u16;
    let h = (p.items.len() + 2) as u16;
    let r = centered(area, w, h);
    let inner = popup(frame, r, &p.title, t);
    if inner.height == 0 {
        return;
    }
    let vh = inner.height as usize;
    let off = if p.selected >= vh {
        p.selected + 1 - vh
    } else {
        0
    };
    let iw = inner.width as usize;
    let out: Vec<Line> = p
        .items
        .iter()
        .enumerate()
        .skip(off)
        .take(vh)
        .map(|(i, (label, hint))| {
            let sel = i == p.selected;
            let text = if hint.is_empty() {
                label.clone()
            } else {
                format!("{label}  · {hint}")
            };
            let l = Line::from(pad(&format!("{} {text}", if sel { "›" } else { " " }), iw));
            if sel { l.patch_style(t.selected()) } else { l }
        })
        .collect();
    lines(frame, inner, out);
}
