//! Drawing: reads the app's state and draws it, changing nothing (where the list starts and how
//! far the detail scrolls are worked out beforehand by `App::fit`, with the measures here). The
//! tabs, the list and the detail are drawn here; the bottom lines in `status`, the first run in
//! `welcome`, each overlay in its own file under `overlays/`. Every string from the ledger is sanitised and
//! cut by display width, so Chinese text lines up and a hostile title cannot drive the terminal.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::{App, Overlay, Row};
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
    let a = areas(area, app.zoom, app.shown.len(), app.split);
    draw_tabs(frame, a.tabs, app);
    if app.total() == 0 {
        super::welcome::draw_welcome(frame, a.main, app);
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
    super::status::draw_status(frame, a.status, app);
    super::status::draw_hint(frame, a.hint, app);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => {
            super::overlays::help::draw_help(frame, area, app, *scroll)
        }
        Some(Overlay::Messages { scroll }) => {
            super::overlays::messages::draw_messages(frame, area, app, *scroll)
        }
        Some(Overlay::Picker(p)) => super::overlays::picker::draw_picker(frame, area, app, p),
        Some(Overlay::Form(f)) => super::overlays::form::draw_form(frame, area, app, f),
        Some(Overlay::Confirm(c)) => super::overlays::confirm::draw_confirm(frame, area, app, c),
        Some(Overlay::Import(s)) => super::overlays::import::draw_import(frame, area, app, s),
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
    let (start, end) = tab_window(&labels, app.view, area.width as usize);
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::styled("‹", t.key()));
    }
    for (i, l) in labels.iter().enumerate().take(end).skip(start) {
        let style = if i == app.view {
            t.tab_active()
        } else {
            Style::new()
        };
        spans.push(Span::styled(l.clone(), style));
        spans.push(Span::raw("│"));
    }
    if end < labels.len() {
        spans.push(Span::styled("›", t.key()));
    }
    line(frame, area, Line::from(spans));
}

/// Which tabs fit in `w` columns, whole, with the current one among them: `start..end`. A `‹`
/// before and a `›` after (a column each) say that more tabs lie beyond; a label is never cut.
pub(crate) fn tab_window(labels: &[String], current: usize, w: usize) -> (usize, usize) {
    let lw = |i: usize| width(&labels[i]) + 1;
    let n = labels.len();
    if n == 0 {
        return (0, 0);
    }
    let current = current.min(n - 1);
    let fits = |start: usize, end: usize| {
        let markers = usize::from(start > 0) + usize::from(end < n);
        (start..end).map(lw).sum::<usize>() + markers <= w
    };
    let mut start = 0;
    while start < current && !fits(start, current + 1) {
        start += 1;
    }
    let mut end = current + 1;
    while end < n && fits(start, end + 1) {
        end += 1;
    }
    (start, end)
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
fn columns(w: u16, lang: Lang, due_widths: (usize, usize)) -> (Vec<(Col, usize)>, bool) {
    let w = w as usize;
    let wide = w >= 110;
    // The due column is as wide as its widest value (a three-digit overdue count included).
    let due_w = if wide {
        due_widths.0.max(20)
    } else {
        due_widths.1.max(8)
    };
    let mut cols: Vec<(Col, usize)> = vec![
        (Col::Mark, 1),
        (Col::Id, 12),
        (Col::Kind, lang.pick("8", "10").parse().unwrap_or(8)),
        (Col::Title, 0),
        (Col::Party, 0),
        (Col::State, if wide { 14 } else { 10 }),
        (Col::Assignee, 8),
        (Col::Due, due_w),
        (Col::Priority, lang.pick("4", "6").parse().unwrap_or(4)),
    ];
    let fixed = |cols: &[(Col, usize)]| {
        cols.iter().map(|c| c.1).sum::<usize>() + cols.len().saturating_sub(1)
    };
    // Who holds a case matters more than its priority (which the due column's ⚠ and the
    // sort already bring forward): the priority goes before the assignee.
    for drop in [
        Col::Kind,
        Col::Priority,
        Col::Assignee,
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
        Some(d) if d.is_duty() && d.days_left(app.today) <= 3 => t.soon(),
        _ => Style::new(),
    }
}

/// The widths of the widest due cells among `rows` (the full cell of a wide list, the short one),
/// so the due column can be sized for them.
pub(crate) fn due_widths<'a>(
    rows: impl Iterator<Item = &'a Row>,
    today: chrono::NaiveDate,
    lang: Lang,
) -> (usize, usize) {
    let mut widest = (0, 0);
    let mut last: Option<&crate::ledger::deadline::Due> = None;
    for r in rows {
        let due = r.due.as_ref();
        // Rows are mostly in due order: a due like the last one's has the same cell.
        if due.is_some() && due == last {
            continue;
        }
        widest.0 = widest.0.max(width(&due_cell(due, today, lang)));
        widest.1 = widest.1.max(width(&due_short(due, today, lang)));
        last = due;
    }
    widest
}

/// The short due cell, shortened further (`⚠148`) when even that does not fit, so the ⚠ of an
/// overdue case is never the part cut off.
fn due_narrow(row: &Row, today: chrono::NaiveDate, lang: Lang, w: usize) -> String {
    let s = due_short(row.due.as_ref(), today, lang);
    if width(&s) <= w {
        return s;
    }
    match &row.due {
        Some(d) if d.overdue(today) => format!("⚠{}", -d.days_left(today)),
        Some(d) if d.is_duty() && !d.paused => d.days_left(today).to_string(),
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
    let (cols, wide) = columns(area.width, lang, app.due_widths);
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
                        due_narrow(row, app.today, lang, w)
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
pub(crate) fn wrap(s: &str, w: usize) -> Vec<String> {
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
    // What the officer acts on comes first: the deadline, its statute and where the case can go
    // next; then the case's fields; then the history.
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
    let labels = distinct_labels(c.kind, &fields, lang);
    for ((_, value), label) in fields.iter().zip(&labels) {
        if value.is_empty() {
            continue;
        }
        labelled(&mut out, label, &sanitize(value), lw, w, t, Style::new());
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
            let text = sanitize(&crate::ledger::present::event_text(e, c.kind, lang)).into_owned();
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

/// The labels of a case's fields with none given twice: a kind's own field named like a common
/// one (a labour dispute's 类型 beside the kind's, a hazard company's 责任人 beside the
/// assignee) is named with its kind in front (劳资纠纷类型, 安全隐患责任人).
pub(crate) fn distinct_labels(
    kind: crate::ledger::Kind,
    fields: &[(String, String)],
    lang: Lang,
) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    fields
        .iter()
        .map(|(label, _)| {
            let twice = seen.contains(&label.as_str());
            seen.push(label);
            if !twice {
                label.clone()
            } else {
                match lang {
                    Lang::Zh => format!("{}{label}", kind.label(lang)),
                    Lang::En => format!("{label} ({})", kind.label(lang)),
                }
            }
        })
        .collect()
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
    let total = all.len();
    let max_scroll = total.saturating_sub(inner.height as usize);
    let scroll = app.detail_scroll.min(max_scroll);
    lines(frame, inner, all.into_iter().skip(scroll).collect());
    // Where the pane is in the case, on its top border, when it does not all fit.
    if max_scroll > 0 && !beside && area.width > 20 {
        let last = (scroll + inner.height as usize).min(total);
        let more = if last < total { " ↓" } else { "" };
        let key = app
            .keymap
            .first_key(
                super::action::Mode::Normal,
                &super::action::Action::DetailDown,
            )
            .unwrap_or_default();
        let pos = match app.lang {
            Lang::Zh => format!(" {}-{last}/{total}行{more} {key} ", scroll + 1),
            Lang::En => format!(" {}-{last}/{total}{more} {key} ", scroll + 1),
        };
        let pw = width(&pos) as u16;
        if pw + 10 < area.width {
            let at = Rect {
                x: area.x + area.width - pw - 1,
                y: area.y,
                width: pw,
                height: 1,
            };
            clear_under(frame, at);
            frame.render_widget(
                Paragraph::new(Span::styled(pos, app.theme.label())),
                Rect {
                    x: area.x + area.width - pw - 1,
                    y: area.y,
                    width: pw,
                    height: 1,
                },
            );
        }
    }
}

// ---- first run -------------------------------------------------------------------------------

// ---- status and hints ------------------------------------------------------------------------

// ---- overlays --------------------------------------------------------------------------------

/// Clear the cells under a popup, and the wide character whose second half its left edge
/// would cover (left there, the terminal would draw the character over the popup's border).
pub(super) fn clear_under(frame: &mut Frame, r: Rect) {
    frame.render_widget(Clear, r);
    if r.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in r.y..r.y + r.height {
        if let Some(cell) = buf.cell_mut((r.x - 1, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

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
    clear_under(frame, r);
    let title = truncate(&sanitize(title), r.width.saturating_sub(4) as usize);
    let block = Block::bordered().title(Span::styled(format!(" {title} "), t.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    inner
}
