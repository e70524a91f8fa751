//! The two bottom lines: the status (messages, the filter or `:` line being typed, the ledger)
//! and the hint bar, built from the effective keymap.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::action::{Action, Mode};
use super::app::{App, MessageKind, Overlay};
use super::ui::line;
use crate::ledger::Lang;
use crate::ledger::text::{pad, sanitize, width};

pub(crate) fn draw_status(frame: &mut Frame, area: Rect, app: &App) {
    if area.height == 0 {
        return;
    }
    let t = &app.theme;
    let lang = app.lang;
    let w = area.width as usize;
    let mut info = vec![
        sanitize(&app.ledger_label).into_owned(),
        sanitize(&app.user).into_owned(),
        format!("{}/{}", app.shown.len(), app.total()),
    ];
    if !app.query_text().trim().is_empty() {
        // The filter applies within the tab: say both.
        let view = app
            .views
            .get(app.view)
            .filter(|v| !v.query.trim().is_empty());
        info.push(match view {
            Some(v) => format!("{} ∩ /{}", sanitize(&v.name), sanitize(app.query_text())),
            None => format!("/{}", sanitize(app.query_text())),
        });
    }
    info.push(format!(
        "{}{}",
        lang.pick("排序:", "sort:"),
        app.sort.label(lang)
    ));
    if !app.marks.is_empty() {
        info.push(format!("*{}", app.marks.len()));
    }
    if !app.pending.is_empty() {
        info.push(format!("{}…", super::keymap::seq_text(&app.pending)));
    }
    let info = format!(" {} ", info.join(" │ "));
    // A filter being typed that does not parse: say where.
    let message = match (&app.filter_edit, &app.filter_error, &app.message) {
        (Some(_), Some((col, msg)), _) => Some((
            match lang {
                Lang::Zh => format!("✗ 第{col}列: {msg}"),
                Lang::En => format!("✗ col {col}: {msg}"),
            },
            MessageKind::Error,
        )),
        (_, _, Some(m)) => Some((m.text.clone(), m.kind.clone())),
        _ => None,
    };
    let mut spans = Vec::new();
    match message {
        Some((text, kind)) => {
            let text = sanitize(&text).into_owned();
            let mw = width(&text).min(w.saturating_sub(12.min(w)).max(w * 2 / 3));
            let iw = w.saturating_sub(mw + 1);
            spans.push(Span::styled(pad(&info, iw), t.status()));
            spans.push(Span::styled(" ", t.status()));
            let style = match kind {
                MessageKind::Error => t.error(),
                MessageKind::Info => t.ok(),
            };
            spans.push(Span::styled(pad(&text, mw), t.status().patch(style)));
        }
        None => spans.push(Span::styled(pad(&info, w), t.status())),
    }
    line(frame, area, Line::from(spans));
}

/// A short word for the hint bar.
fn hint_label(a: &Action, lang: Lang) -> &'static str {
    match a {
        Action::Down => lang.pick("下", "down"),
        Action::Up => lang.pick("上", "up"),
        Action::Filter => lang.pick("筛选", "filter"),
        Action::NextView => lang.pick("视图", "view"),
        Action::Move => lang.pick("转移", "move"),
        Action::Note => lang.pick("记录", "note"),
        Action::Create => lang.pick("新建", "new"),
        Action::ToggleMark => lang.pick("标记", "mark"),
        Action::Command => lang.pick("命令", "command"),
        Action::Undo => lang.pick("撤销", "undo"),
        Action::Help => lang.pick("帮助", "help"),
        Action::Quit => lang.pick("退出", "quit"),
        Action::Confirm => lang.pick("确定", "ok"),
        Action::Cancel => lang.pick("取消", "cancel"),
        Action::ClearLine => lang.pick("清空", "clear"),
        Action::LoadDemo => lang.pick("演示台账", "demo ledger"),
        Action::NextField => lang.pick("下一栏", "next field"),
        Action::PrevField => lang.pick("上一栏", "prev field"),
        Action::Messages => lang.pick("消息", "messages"),
        Action::Split => lang.pick("分栏", "split"),
        Action::NextSheet => lang.pick("下一张表", "next table"),
        Action::DryRun => lang.pick("试导入", "dry run"),
        Action::RunImport => lang.pick("导入", "import"),
        Action::SaveMap => lang.pick("保存映射", "save map"),
        other => other.name(),
    }
}

pub(crate) fn draw_hint(frame: &mut Frame, area: Rect, app: &App) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let t = &app.theme;
    let w = area.width as usize;
    // The filter and the command line are typed on this line.
    let typing = match (&app.overlay, &app.filter_edit) {
        (Some(Overlay::Command(input)), _) => Some((":", input, None)),
        (None, Some(_)) => Some(("/", &app.filter, app.filter_error.as_ref().map(|e| e.0))),
        _ => None,
    };
    if let Some((prompt, input, err_col)) = typing {
        let (shown, cur) = input.view(w.saturating_sub(2));
        // Pasted text may hold bidirectional overrides: shown escaped, like the ledger's text.
        let shown = sanitize(&shown).into_owned();
        let mut spans = vec![Span::styled(prompt, t.key())];
        // Underline the character a query error points at (when the whole query is in view).
        match err_col {
            Some(col)
                if col >= 1
                    && col <= shown.chars().count()
                    && input.width() <= w.saturating_sub(2) =>
            {
                let before: String = shown.chars().take(col - 1).collect();
                let at: String = shown.chars().skip(col - 1).take(1).collect();
                let after: String = shown.chars().skip(col).collect();
                spans.push(Span::raw(before));
                spans.push(Span::styled(
                    at,
                    t.error()
                        .add_modifier(Modifier::UNDERLINED | Modifier::REVERSED),
                ));
                spans.push(Span::raw(after));
            }
            _ => spans.push(Span::raw(shown)),
        }
        line(frame, area, Line::from(spans));
        frame.set_cursor_position(Position {
            x: area.x + 1 + cur as u16,
            y: area.y,
        });
        return;
    }
    let mode = app.mode();
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    // On an empty ledger only what can be done there.
    let empty: &[Action] = &[
        Action::Create,
        Action::LoadDemo,
        Action::Command,
        Action::Help,
        Action::Quit,
    ];
    let hints = if mode == Mode::Normal && app.total() == 0 {
        empty
    } else {
        mode.hints()
    };
    // Help and quit always show, at the end; the others as many as fit before them.
    let piece = |a: &Action| {
        app.keymap.first_key(mode, a).map(|k| {
            let label = hint_label(a, app.lang);
            let w = width(&k) + 1 + width(label) + 2;
            (k, label, w)
        })
    };
    let always = |a: &&Action| matches!(a, Action::Help | Action::Quit);
    let kept: usize = hints
        .iter()
        .filter(always)
        .filter_map(piece)
        .map(|(_, _, w)| w)
        .sum();
    let push = |spans: &mut Vec<Span>, (k, label, _): (String, &str, usize)| {
        spans.push(Span::styled(k, t.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    };
    for a in hints.iter().filter(|a| !always(a)) {
        let Some(p) = piece(a) else { continue };
        if used + p.2 + kept > w {
            break;
        }
        used += p.2;
        push(&mut spans, p);
    }
    for a in hints.iter().filter(always) {
        if let Some(p) = piece(a)
            && used + p.2 <= w + 2
        {
            used += p.2;
            push(&mut spans, p);
        }
    }
    line(frame, area, Line::from(spans));
}
