//! The picker overlay: choose one item of a list (the kind of a new case, the next state).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::ledger::Kind;
use crate::ledger::text::{pad, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::form::Target;
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

    /// What was picked opens its operation's form.
    pub(crate) fn picked(&mut self, p: Picker) {
        match p.purpose {
            PickFor::Kind => {
                if let Some(kind) = Kind::ALL.get(p.selected).copied() {
                    self.open_create_form(kind);
                }
            }
            PickFor::Transition { targets, states } => {
                if let Some(to) = states.get(p.selected).cloned() {
                    self.open_move_form(targets, to);
                }
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
