//! The help overlay: every key of every screen, from the effective keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::ledger::text::{pad, truncate, width};
use crate::tui::action::{Action, Mode};
use crate::tui::app::{App, Overlay};
use crate::tui::ui::{centered, lines, popup};

impl App {
    pub(crate) fn update_help(&mut self, action: Action) {
        let (Some(Overlay::Help { scroll }) | Some(Overlay::Messages { scroll })) =
            &mut self.overlay
        else {
            return;
        };
        let page = self.page.max(1);
        match action {
            Action::Cancel | Action::Help | Action::Messages => self.overlay = None,
            Action::Down => *scroll += 1,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll += page,
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::First => *scroll = 0,
            Action::Last => *scroll = usize::MAX / 2,
            Action::Quit => self.quit = true,
            _ => {}
        }
    }
}

pub fn help_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out = Vec::new();
    for mode in Mode::ALL {
        let entries = app.keymap.help(mode);
        if entries.is_empty() {
            continue;
        }
        out.push(Line::from(Span::styled(
            format!("{} [{}]", mode.title(app.lang), mode.name()),
            t.header(),
        )));
        let kw = entries
            .iter()
            .map(|(_, k)| width(&k.join(", ")))
            .max()
            .unwrap_or(8)
            .min(20);
        for (a, keys) in entries {
            let keys = truncate(&keys.join(", "), kw);
            let desc = a.describe(app.lang);
            out.push(Line::from(vec![
                Span::styled(format!("  {}", pad(&keys, kw)), t.key()),
                Span::raw("  "),
                Span::raw(truncate(desc, w.saturating_sub(kw + 4))),
            ]));
        }
        out.push(Line::from(""));
    }
    out.push(Line::from(Span::styled(
        truncate(&keymap_source(app), w),
        t.label(),
    )));
    out
}

/// Where the effective keymap came from, and how to get a copy to change: a shipped keymap is
/// inside the program, not a file on the officer's machine.
fn keymap_source(app: &App) -> String {
    let lang = app.lang;
    let mut parts = app.keymap.source.split(" + ");
    let base = parts.next().unwrap_or("");
    let shipped = base
        .strip_prefix("keymaps/")
        .and_then(|n| n.strip_suffix(".toml"));
    let mut from = match shipped {
        Some(n) => format!("{}{n}", lang.pick("内置 ", "built-in ")),
        None => base.to_string(),
    };
    for over in parts {
        from.push_str(&format!(" + {over}"));
    }
    let name = shipped.unwrap_or("default");
    match lang {
        crate::ledger::Lang::Zh => format!(
            "按键表: {from};打印一份来改: taizhang keys --keymap {name} > ~/.config/taizhang/keymap.toml"
        ),
        crate::ledger::Lang::En => format!(
            "Keymap: {from}; to change it, print it: taizhang keys --keymap {name} > ~/.config/taizhang/keymap.toml"
        ),
    }
}

pub(crate) fn draw_help(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let r = centered(
        area,
        96,
        area.height.saturating_sub(2).max(area.height.min(3)),
    );
    let inner = popup(frame, r, app.lang.pick("按键帮助", "Keys"), &app.theme);
    if inner.height == 0 {
        return;
    }
    let all = help_lines(app, inner.width as usize);
    let scroll = scroll.min(all.len().saturating_sub(inner.height as usize));
    lines(frame, inner, all.into_iter().skip(scroll).collect());
}
