//! The message log: every message of the session, whole (the status line cuts a long one),
//! newest at the bottom. Opened with its key or `:messages`; scrolled and closed with the help
//! overlay's keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::ledger::text::sanitize;
use crate::tui::app::{App, MessageKind, Overlay};
use crate::tui::ui::{centered, lines, popup, wrap};

impl App {
    /// Open the log scrolled to its newest message.
    pub(crate) fn open_messages(&mut self) {
        self.overlay = Some(Overlay::Messages {
            scroll: usize::MAX / 2,
        });
    }
}

/// The log's lines at width `w`, each message wrapped whole.
pub fn message_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    if app.messages.is_empty() {
        return vec![Line::from(Span::styled(
            app.lang
                .pick("(本次会话还没有消息)", "(no messages in this session yet)"),
            t.label(),
        ))];
    }
    let mut out = Vec::new();
    for m in &app.messages {
        let style = match m.kind {
            MessageKind::Error => t.error(),
            MessageKind::Info => t.ok(),
        };
        for piece in wrap(&sanitize(&m.text), w.max(1)) {
            out.push(Line::from(Span::styled(piece, style)));
        }
    }
    out
}

pub(crate) fn draw_messages(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let r = centered(
        area,
        96,
        area.height.saturating_sub(2).max(area.height.min(3)),
    );
    let inner = popup(frame, r, app.lang.pick("消息记录", "Messages"), &app.theme);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let all = message_lines(app, inner.width as usize);
    let scroll = scroll.min(all.len().saturating_sub(inner.height as usize));
    lines(frame, inner, all.into_iter().skip(scroll).collect());
}
