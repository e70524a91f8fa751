//! The confirm overlay: a question before something that affects many items or cannot be
//! taken back.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::ledger::Lang;
use crate::ledger::Request;
use crate::ledger::text::{truncate, width};
use crate::tui::action::{Action, Mode};
use crate::tui::app::{App, Overlay};
use crate::tui::ui::{centered, lines, popup};

/// A question before something that affects many items or cannot be taken back.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub question: String,
    pub detail: Vec<String>,
    pub then: Then,
}

#[derive(Debug, Clone)]
pub enum Then {
    Run { reqs: Vec<Request>, done: String },
    LoadDemo,
    DeleteView(usize),
}

impl App {
    pub(crate) fn update_confirm(&mut self, action: Action) {
        match action {
            Action::Confirm => {
                let Some(Overlay::Confirm(c)) = self.overlay.take() else {
                    return;
                };
                match c.then {
                    Then::Run { reqs, done } => {
                        if self.run(reqs, done) {
                            self.marks.clear();
                        }
                    }
                    Then::LoadDemo => self.load_demo(),
                    Then::DeleteView(i) => self.delete_view(i),
                }
            }
            Action::Cancel => {
                self.overlay = None;
                self.info(
                    self.lang
                        .pick("已取消,没有修改", "cancelled; nothing changed"),
                );
            }
            Action::Quit => self.quit = true,
            _ => {}
        }
    }
}

pub(crate) fn draw_confirm(frame: &mut Frame, area: Rect, app: &App, c: &Confirm) {
    let t = &app.theme;
    let yes = app
        .keymap
        .first_key(Mode::Confirm, &Action::Confirm)
        .unwrap_or_default();
    let no = app
        .keymap
        .first_key(Mode::Confirm, &Action::Cancel)
        .unwrap_or_default();
    let keys = match app.lang {
        Lang::Zh => format!("{yes} 确定    {no} 取消"),
        Lang::En => format!("{yes} yes    {no} no"),
    };
    let shown = c.detail.len().min(8);
    let mut body: Vec<String> = vec![c.question.clone()];
    body.extend(c.detail.iter().take(shown).map(|d| format!("  {d}")));
    if c.detail.len() > shown {
        body.push(format!("  … +{}", c.detail.len() - shown));
    }
    let w = (body
        .iter()
        .map(|s| width(s))
        .max()
        .unwrap_or(20)
        .max(width(&keys))
        + 4)
    .min(90) as u16;
    let h = (body.len() + 4) as u16;
    let r = centered(area, w, h);
    let inner = popup(frame, r, app.lang.pick("确认", "Confirm"), t);
    let iw = inner.width as usize;
    let mut out: Vec<Line> = body
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = if i == 0 {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            Line::from(Span::styled(truncate(s, iw), style))
        })
        .collect();
    out.push(Line::from(""));
    out.push(Line::from(Span::styled(truncate(&keys, iw), t.key())));
    lines(frame, inner, out);
}
