//! Drawing: reads the app's state and draws it; changes nothing but the list's scroll position
//! (render state, like ratatui's TableState). Every string from the ledger is sanitised and
//! cut by display width, so Chinese text lines up and a hostile title cannot drive the terminal.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::action::{Action, Mode};
use super::app::{App, MessageKind, Overlay, Row};
use super::layout::areas;
use super::theme::Theme;
use crate::ledger::present::{due_cell, due_short, field_lines};
use crate::ledger::text::{pad, pad_left, sanitize, truncate, width};
use crate::ledger::{Lang, Priority};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let a = areas(area, app.zoom, app.shown.len());
    draw_tabs(frame, a.tabs, app);
    if app.total() == 0 {
        draw_welcome(frame, a.main, app);
    } else if let Some(d) = &app.dashboard {
        if a.main.width > 0 && a.main.height > 0 {
            super::dashboard::render(frame, a.main, d, app.lang);
        }
    } else {
        draw_list(frame, a.list, app);
        draw_detail(
            frame,
            a.detail,
            app,
            a.list.width > 0 && a.detail.x > a.list.x,
        );
    }
    draw_status(frame, a.status, app);
    draw_hint(frame, a.hint, app);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => {
            super::overlays::help::draw_help(frame, area, app, *scroll)
        }
        Some(Overlay::Picker(p)) => super::overlays::picker::draw_picker(frame, area, app, p),
        Some(Overlay::Form(f)) => super::overlays::form::draw_form(frame, area, app, f),
        Some(Overlay::Confirm(c)) => super::overlays::confirm::draw_confirm(frame, area, app, c),
        Some(Overlay::Command(_)) | None => {}
    }
}

pub(crate) fn line(frame: &mut Frame, area: Rect, l: Line) {
    if area.width > 0 && area.height > 0 {
        frame.render_widget(Paragraph::new(l), area);
    }
}

pub(crate) fn lines(frame: &mut Frame, area: Rect, ls: Vec<Line>) {
    if area.width > 0 && area.height > 0 {
        frame.render_widget(Paragraph::new(ls), area);
    }
}

// ---- tabs ------------------------------------------------------------------------------------

fn draw_tabs(frame: &mut Frame, area: Rect, app: &App) {
    if area.height == 0 {
        return;
    }
    let t = &app.theme;
    let labels: Vec<String> = app
        .views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let n = app.counts.get(i).copied().unwrap_or(0);
            format!(" {} {n} ", sanitize(&v.name))
        })
        .collect();
    // Start far enough to the right that the current tab fits.
    let w = area.width as usize;
    let mut start = 0;
    while start < app.view
        && labels[start..=app.view]
            .iter()
            .map(|l| width(l) + 1)
            .sum::<usize>()
            > w
    {
        start += 1;
    }
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::raw("‹"));
    }
    for (i, l) in labels.iter().enumerate().skip(start) {
        let style = if i == app.view {
            t.tab_active()
        } else {
            Style::new()
        };
        spans.push(Span::styled(l.clone(), style));
        spans.push(Span::raw("│"));
    }
    line(frame, area, Line::from(spans));
}

// ---- list ------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Mark,
    Id,
    Kind,
    Title,
    Party,
    State,
    Assignee,
    Due,
    Priority,
}

/// The columns that fit in `w`, with their widths; the least needed go first as space runs out.
fn columns(w: u16, lang: Lang) -> (Vec<(Col, usize)>, bool) {
    let w = w as usize;
    let wide = w >= 110;
    let mut cols: Vec<(Col, usize)> = vec![
        (Col::Mark, 1),
        (Col::Id, 12),
        (Col::Kind, lang.pick("8", "10").parse().unwrap_or(8)),
        (Col::Title, 0),
        (Col::Party, 0),
        (Col::State, if wide { 14 } else { 10 }),
        (Col::Assignee, 8),
        (Col::Due, if wide { 20 } else { 8 }),
        (Col::Priority, lang.pick("4", "6").parse().unwrap_or(4)),
    ];
    let fixed = |cols: &[(Col, usize)]| {
        cols.iter().map(|c| c.1).sum::<usize>() + cols.len().saturating_sub(1)
    };
    for drop in [
        Col::Kind,
        Col::Assignee,
        Col::Priority,
        Col::Party,
        Col::State,
    ] {
        let has_party = cols.iter().any(|c| c.0 == Col::Party);
        let need = if has_party { 30 } else { 12 };
        if w.saturating_sub(fixed(&cols)) >= need {
            break;
        }
        cols.retain(|c| c.0 != drop);
    }
    // Very narrow: the id and how the deadline stands are what matter.
    if w.saturating_sub(fixed(&cols)) < 6 {
        cols.retain(|c| c.0 != Col::Title);
        let over = fixed(&cols).saturating_sub(w);
        if let Some(due) = cols.iter_mut().find(|c| c.0 == Col::Due) {
            due.1 = due.1.saturating_sub(over);
        }
    }
    let flex = w.saturating_sub(fixed(&cols));
    let has_party = cols.iter().any(|c| c.0 == Col::Party);
    let party = if has_party { (flex * 2 / 5).min(24) } else { 0 };
    for c in &mut cols {
        match c.0 {
            Col::Party => c.1 = party,
            Col::Title => c.1 = flex - party,
            _ => {}
        }
    }
    (cols, wide)
}

fn header_text(c: Col, lang: Lang) -> &'static str {
    match c {
        Col::Mark => "",
        Col::Id => lang.pick("编号", "ID"),
        Col::Kind => lang.pick("类型", "Kind"),
        Col::Title => lang.pick("标题", "Title"),
        Col::Party => lang.pick("当事方", "Party"),
        Col::State => lang.pick("状态", "State"),
        Col::Assignee => lang.pick("责任人", "Assignee"),
        Col::Due => lang.pick("期限", "Due"),
        Col::Priority => lang.pick("优先", "Pri"),
    }
}

/// The due cell's style: overdue stands out (and says ⚠), close deadlines are marked too.
fn due_style(t: &Theme, row: &Row, app: &App) -> Style {
    match &row.due {
        Some(d) if d.paused => t.paused(),
        Some(d) if d.overdue(app.today) => t.overdue(),
        Some(d) if d.days_left(app.today) <= 3 => t.soon(),
        _ => Style::new(),
    }
}

/// The short due cell, shortened further (`⚠148`) when even that does not fit, so the ⚠ of an
/// overdue case is never the part cut off.
fn due_narrow(row: &Row, today: chrono::NaiveDate, w: usize) -> String {
    let s = due_short(row.due.as_ref(), today);
    if width(&s) <= w {
        return s;
    }
    match &row.due {
        Some(d) if !d.paused && d.days_left(today) < 0 => format!("⚠{}", -d.days_left(today)),
        Some(d) if !d.paused => d.days_left(today).to_string(),
        _ => s,
    }
}

/// Who the case concerns: the party, or else the kind's own field naming them (the company of
/// a hazard, the employer of a labour dispute, the household head, the owner, the petitioners).
fn party_of(c: &crate::ledger::Case) -> String {
    if !c.party.trim().is_empty() {
        return c.party.clone();
    }
    for key in [
        "company",
        "employer",
        "household_head",
        "owner",
        "petitioners",
    ] {
        match c.fields.get(key) {
            Some(crate::ledger::Value::Text(t)) if !t.is_empty() => return t.clone(),
            Some(crate::ledger::Value::List(l)) if !l.is_empty() => return l.join("、"),
            _ => {}
        }
    }
    String::new()
}

/// The rows of cases the list shows in `area` (below its header), if the list is drawn there.
pub(crate) fn list_body_height(area: Rect) -> Option<usize> {
    if area.height == 0 || area.width == 0 {
        return None;
    }
    Some(area.height as usize - usize::from(area.height >= 3))
}

/// The first row of the list on screen for `body_h` rows: the selection kept on screen, the
/// window moved as little as possible from where it was.
pub(crate) fn list_offset(app: &App, body_h: usize) -> usize {
    let n = app.shown.len();
    let mut off = app.list_offset;
    if app.selected < off {
        off = app.selected;
    } else if app.selected >= off + body_h {
        off = app.selected + 1 - body_h;
    }
    off.min(n.saturating_sub(body_h))
}

fn draw_list(frame: &mut Frame, area: Rect, app: &App) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let t = &app.theme;
    let lang = app.lang;
    let (cols, wide) = columns(area.width, lang);
    let with_header = area.height >= 3;
    let body_h = area.height as usize - usize::from(with_header);
    // `App::fit` placed the window; this only reads it (and gives the same answer again).
    let off = list_offset(app, body_h);
    let n = app.shown.len();
    let mut out: Vec<Line> = Vec::new();
    if with_header {
        let spans: Vec<Span> = cols
            .iter()
            .enumerate()
            .map(|(i, (c, w))| {
                let sep = if i + 1 < cols.len() { " " } else { "" };
                Span::styled(
                    format!("{}{sep}", pad(header_text(*c, lang), *w)),
                    t.header(),
                )
            })
            .collect();
        out.push(Line::from(spans));
    }
    if n == 0 {
        out.push(Line::from(Span::styled(
            truncate(
                lang.pick(
                    "(没有符合的事项:换个视图标签或清除筛选)",
                    "(no cases here: try another view tab or clear the filter)",
                ),
                area.width as usize,
            ),
            t.label(),
        )));
    }
    for (pos, idx) in app.shown.iter().enumerate().skip(off).take(body_h) {
        let row = &app.rows[*idx];
        let c = &row.case;
        let selected = pos == app.selected;
        let marked = app.marks.contains(&c.id);
        let open = c.is_open();
        let mut spans = Vec::new();
        for (i, (col, w)) in cols.iter().enumerate() {
            let w = *w;
            let (text, style) = match col {
                Col::Mark => (
                    if marked {
                        "*".to_string()
                    } else {
                        " ".to_string()
                    },
                    if marked { t.marked() } else { Style::new() },
                ),
                Col::Id => (c.id.clone(), Style::new()),
                Col::Kind => (c.kind.label(lang).to_string(), Style::new()),
                Col::Title => (sanitize(&c.title).into_owned(), Style::new()),
                Col::Party => (sanitize(&party_of(c)).into_owned(), Style::new()),
                Col::State => (
                    c.state_label(lang).to_string(),
                    if open { Style::new() } else { t.closed() },
                ),
                Col::Assignee => (
                    sanitize(c.assignee.as_deref().unwrap_or("—")).into_owned(),
                    Style::new(),
                ),
                Col::Due => (
                    if wide {
                        due_cell(row.due.as_ref(), app.today, lang)
                    } else {
                        due_narrow(row, app.today, w)
                    },
                    due_style(t, row, app),
                ),
                Col::Priority => (
                    c.priority.label(lang).to_string(),
                    match c.priority {
                        Priority::Urgent => t.urgent(),
                        Priority::High => t.high(),
                        _ => Style::new(),
                    },
                ),
            };
            let cell = if *col == Col::Due && !wide {
                pad_left(&text, w)
            } else {
                pad(&text, w)
            };
            let style = if open || *col == Col::State {
                style
            } else {
                style.patch(t.closed())
            };
            spans.push(Span::styled(cell, style));
            if i + 1 < cols.len() {
                spans.push(Span::raw(" "));
            }
        }
        let mut l = Line::from(spans);
        if selected {
            l = l.patch_style(t.selected());
        }
        out.push(l);
    }
    lines(frame, area, out);
}

// ---- detail ----------------------------------------------------------------------------------

/// Cut `s` into pieces of at most `w` columns (never splitting a character).
fn wrap(s: &str, w: usize) -> Vec<String> {
    if w == 0 {
        return vec![String::new()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cw = 0;
    for ch in s.chars() {
        let chw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if cw + chw > w && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cw = 0;
        }
        cur.push(ch);
        cw += chw;
    }
    out.push(cur);
    out
}

/// "label  value", the value wrapped under itself.
fn labelled(
    out: &mut Vec<Line<'static>>,
    label: &str,
    value: &str,
    lw: usize,
    w: usize,
    t: &Theme,
    vstyle: Style,
) {
    let vw = w.saturating_sub(lw + 2).max(1);
    for (i, piece) in wrap(value, vw).into_iter().enumerate() {
        let head = if i == 0 {
            pad(label, lw)
        } else {
            " ".repeat(lw)
        };
        out.push(Line::from(vec![
            Span::styled(head, t.label()),
            Span::raw("  "),
            Span::styled(piece, vstyle),
        ]));
    }
}

pub fn detail_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let lang = app.lang;
    let Some(row) = app.selected_row() else {
        return vec![Line::from(Span::styled(
            lang.pick("(没有选中的事项)", "(no case selected)"),
            t.label(),
        ))];
    };
    let c = &row.case;
    let mut out: Vec<Line<'static>> = Vec::new();
    let fields = field_lines(c, lang, false);
    let lw = fields
        .iter()
        .map(|(l, _)| width(l))
        .max()
        .unwrap_or(4)
        .clamp(4, 14);
    for (label, value) in &fields {
        if value.is_empty() {
            continue;
        }
        labelled(&mut out, label, &sanitize(value), lw, w, t, Style::new());
    }
    let due_label = lang.pick("期限", "Due");
    match &row.due {
        Some(d) => {
            let style = if d.overdue(app.today) {
                t.overdue()
            } else {
                Style::new()
            };
            labelled(
                &mut out,
                due_label,
                &due_cell(Some(d), app.today, lang),
                lw,
                w,
                t,
                style,
            );
            if !d.basis.is_empty() {
                labelled(
                    &mut out,
                    lang.pick("依据", "Basis"),
                    &sanitize(&d.basis),
                    lw,
                    w,
                    t,
                    Style::new(),
                );
            }
        }
        None => labelled(&mut out, due_label, "—", lw, w, t, Style::new()),
    }
    let def = c.kind.def();
    let next: Vec<String> = def
        .next_states(&c.state)
        .iter()
        .map(|s| s.label(lang).to_string())
        .collect();
    if !next.is_empty() {
        labelled(
            &mut out,
            lang.pick("可转入", "Next"),
            &next.join(" / "),
            lw,
            w,
            t,
            Style::new(),
        );
    }
    out.push(Line::from(Span::styled(
        truncate(&format!("── {} ──", lang.pick("历史", "History")), w),
        t.header(),
    )));
    if let Some((id, _, events)) = &app.history
        && *id == c.id
    {
        for e in events {
            let when =
                e.at.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
            let head = format!("{when} {}", pad(&sanitize(&e.actor), 8));
            let hw = width(&head) + 1;
            let text = sanitize(&e.change.describe(c.kind, lang)).into_owned();
            if w >= hw + 12 {
                for (i, piece) in wrap(&text, w - hw).into_iter().enumerate() {
                    let h = if i == 0 {
                        head.clone()
                    } else {
                        " ".repeat(hw - 1)
                    };
                    out.push(Line::from(vec![
                        Span::styled(h, t.label()),
                        Span::raw(" "),
                        Span::raw(piece),
                    ]));
                }
            } else {
                out.push(Line::from(Span::styled(truncate(&head, w), t.label())));
                for piece in wrap(&text, w.max(1)) {
                    out.push(Line::from(piece));
                }
            }
        }
    }
    out
}

/// The detail pane's frame: a border toward the list, the selected case as its title.
fn detail_block(app: &App, area: Rect, beside: bool) -> Block<'static> {
    let mut block = Block::new().borders(if beside { Borders::LEFT } else { Borders::TOP });
    if let Some(c) = app.selected_case() {
        let title = truncate(
            &format!(" {} {} ", c.id, sanitize(&c.title)),
            area.width.saturating_sub(2) as usize,
        );
        block = block.title(Span::styled(title, app.theme.title()));
    }
    block
}

/// How far the detail pane in `area` can scroll, if it is drawn there.
pub(crate) fn detail_max_scroll(app: &App, area: Rect, beside: bool) -> Option<usize> {
    if area.height == 0 || area.width == 0 {
        return None;
    }
    let inner = detail_block(app, area, beside).inner(area);
    if inner.width == 0 || inner.height == 0 {
        return None;
    }
    let all = detail_lines(app, inner.width as usize);
    Some(all.len().saturating_sub(inner.height as usize))
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, beside: bool) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let block = detail_block(app, area, beside);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let all = detail_lines(app, inner.width as usize);
    let max_scroll = all.len().saturating_sub(inner.height as usize);
    let scroll = app.detail_scroll.min(max_scroll);
    lines(frame, inner, all.into_iter().skip(scroll).collect());
}

// ---- first run -------------------------------------------------------------------------------

fn draw_welcome(frame: &mut Frame, area: Rect, app: &App) {
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

// ---- status and hints ------------------------------------------------------------------------

fn draw_status(frame: &mut Frame, area: Rect, app: &App) {
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
        info.push(format!("/{}", sanitize(app.query_text())));
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
        other => other.name(),
    }
}

fn draw_hint(frame: &mut Frame, area: Rect, app: &App) {
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
    for a in hints {
        let Some(k) = app.keymap.first_key(mode, a) else {
            continue;
        };
        let label = hint_label(a, app.lang);
        let piece_w = width(&k) + 1 + width(label) + 2;
        if used + piece_w > w {
            break;
        }
        spans.push(Span::styled(k, t.key()));
        spans.push(Span::raw(format!(" {label}  ")));
        used += piece_w;
    }
    line(frame, area, Line::from(spans));
}

// ---- overlays --------------------------------------------------------------------------------

pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub(super) fn popup(frame: &mut Frame, r: Rect, title: &str, t: &Theme) -> Rect {
    frame.render_widget(Clear, r);
    let title = truncate(&sanitize(title), r.width.saturating_sub(4) as usize);
    let block = Block::bordered().title(Span::styled(format!(" {title} "), t.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    inner
}
