//! The first run: an empty ledger, and how to start (the demo with one key, or the first case).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::action::{Action, Mode};
use super::app::App;
use super::ui::{lines, wrap};
use crate::ledger::Lang;
use crate::ledger::text::sanitize;

pub(crate) fn draw_welcome(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let lang = app.lang;
    let w = area.width as usize;
    let key = |a: Action| app.keymap.first_key(Mode::Normal, &a);
    let mut text: Vec<(String, Style)> = vec![
        (lang.pick("台账 taizhang", "taizhang (台账)").into(), t.title()),
        (
            lang.pick(
                "园区工作台账:信访、劳资纠纷、征地补偿、安全隐患、违建拆除,按法定期限跟踪每件事到办结。",
                "A casework ledger for industrial-park offices: petitions, labour disputes, land holdouts, safety hazards and illegal structures, each followed to its close against its statutory deadline.",
            )
            .into(),
            Style::new(),
        ),
        (String::new(), Style::new()),
        (lang.pick("台账还是空的。", "The ledger is empty.").into(), Style::new().add_modifier(Modifier::BOLD)),
    ];
    if let Some(k) = key(Action::Create) {
        text.push((
            match lang {
                Lang::Zh => format!("  按 {k} 登记第一件事项(或在终端运行 taizhang add petition --title \"…\")"),
                Lang::En => format!("  Press {k} to register the first case (or run: taizhang add petition --title \"…\")"),
            },
            Style::new(),
        ));
    }
    if let Some(k) = key(Action::LoadDemo) {
        text.push((
            match lang {
                Lang::Zh => format!("  按 {k} 载入演示台账,先看看用起来是什么样子"),
                Lang::En => format!("  Press {k} to load the demo ledger and see how it works"),
            },
            t.key(),
        ));
    }
    if let (Some(h), Some(q)) = (key(Action::Help), key(Action::Quit)) {
        text.push((
            match lang {
                Lang::Zh => format!("  按 {h} 查看全部按键,按 {q} 退出"),
                Lang::En => format!("  Press {h} for every key, {q} to quit"),
            },
            Style::new(),
        ));
    }
    text.push((String::new(), Style::new()));
    text.push((
        format!(
            "{} {}",
            lang.pick("台账文件:", "Ledger file:"),
            sanitize(&app.ledger_label)
        ),
        t.label(),
    ));
    let mut out = Vec::new();
    for (s, style) in text {
        for piece in wrap(&s, w.saturating_sub(2).max(1)) {
            out.push(Line::from(Span::styled(format!(" {piece}"), style)));
        }
    }
    let top = area.height.saturating_sub(out.len() as u16) / 3;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    lines(frame, inner, out);
}
