//! The dashboard view: this year's assessment rates (two lines under the header), open items by
//! kind and state (bar chart), the year's targets (gauges), opened and closed per week
//! (sparklines), overdue items by assignee (bar chart). The figures
//! come from `ledger::report::Dashboard`; this file only draws them.
//!
//! Readable at 80×24 and in 16 colours: every figure is written out as text beside its bar or
//! gauge, and overdue counts carry a ⚠, so nothing is told by colour alone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Gauge, Paragraph, Sparkline};

use crate::ledger::Lang;
use crate::ledger::report::{Dashboard, MEASURES, RATE_NAMES, Unit, percent_text};
use crate::ledger::schema::Kind;
use crate::ledger::text::{pad, truncate, width};
use crate::ledger::units;

/// Short kind names for bar labels.
fn kind_short(k: Kind, lang: Lang) -> &'static str {
    match (k, lang) {
        (Kind::Petition, Lang::Zh) => "信访",
        (Kind::Labour, Lang::Zh) => "劳资",
        (Kind::Land, Lang::Zh) => "征地",
        (Kind::Hazard, Lang::Zh) => "隐患",
        (Kind::Demolition, Lang::Zh) => "违建",
        (Kind::Petition, Lang::En) => "Petition",
        (Kind::Labour, Lang::En) => "Labour",
        (Kind::Land, Lang::En) => "Land",
        (Kind::Hazard, Lang::En) => "Hazard",
        (Kind::Demolition, Lang::En) => "Demolition",
    }
}

pub fn render(frame: &mut Frame, area: Rect, d: &Dashboard, lang: Lang) {
    let [head, rates, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header(d, lang)), head);
    frame.render_widget(Paragraph::new(rate_lines(d, lang, rates.width)), rates);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
    open_by_state(frame, left, d, lang);
    // Each target takes two rows (its figures, then its gauge) while there is room.
    let target_rows = (d.targets.len().clamp(1, 4) * 2) as u16 + 2;
    let [targets, weeks, overdue] = Layout::vertical([
        Constraint::Length(target_rows),
        Constraint::Length(6),
        Constraint::Min(3),
    ])
    .areas(right);
    target_gauges(frame, targets, d, lang);
    weekly(frame, weeks, d, lang);
    overdue_by_assignee(frame, overdue, d, lang);
}

fn header(d: &Dashboard, lang: Lang) -> Line<'static> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let warn = if d.overdue > 0 {
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(
            format!("{} {}", lang.pick("台账概况", "Dashboard"), d.today),
            bold,
        ),
        Span::raw(format!(" · {} {}", lang.pick("在办", "open"), d.open)),
        Span::styled(
            format!(" · ⚠{} {}", lang.pick("逾期", "overdue"), d.overdue),
            warn,
        ),
        Span::raw(format!(
            " · {} {}",
            lang.pick("7日内到期", "due in 7 days"),
            d.due_soon
        )),
    ])
}

/// This year's assessment rates on two lines (petitions; hazards and labour): the full names
/// when they fit, else the short ones, "—"/"n/a" where there was nothing to measure. English
/// names are longer: the on-time rates share their words.
fn rate_lines(d: &Dashboard, lang: Lang, cols: u16) -> Vec<Line<'static>> {
    let r = &d.rates;
    let t = |x: crate::ledger::report::Rate| x.text(lang);
    let texts: [String; 2] = match lang {
        Lang::Zh => {
            let group = |kinds: &[Kind], short: bool| {
                kinds
                    .iter()
                    .map(|k| {
                        let parts: Vec<String> = RATE_NAMES
                            .iter()
                            .filter(|n| n.kind == *k)
                            .map(|n| {
                                let name = if short { n.short_zh } else { n.zh };
                                format!("{name}{}", t(r.get(n.key)))
                            })
                            .collect();
                        format!("{} {}", kind_short(*k, lang), parts.join(" · "))
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
            };
            let fit = |kinds: &[Kind]| {
                let full = group(kinds, false);
                if width(&full) <= usize::from(cols) {
                    full
                } else {
                    group(kinds, true)
                }
            };
            [fit(&[Kind::Petition]), fit(&[Kind::Hazard, Kind::Labour])]
        }
        Lang::En => [
            format!(
                "Petition on time: accepted {}, answered {} · satisfied {} · repeat {}",
                t(r.timely_acceptance),
                t(r.answered_on_time),
                t(r.satisfaction),
                t(r.repeat)
            ),
            format!(
                "Hazard rectified {} · on time {}  Labour recovered {}",
                t(r.rectification),
                t(r.rectified_on_time),
                t(r.recovery)
            ),
        ],
    };
    texts
        .iter()
        .map(|s| Line::from(truncate(s, usize::from(cols))))
        .collect()
}

/// One bar per state of each kind with open items; when the pane is short, a kind's smaller
/// states are folded into "其他/other" so every kind stays visible.
fn open_by_state(frame: &mut Frame, area: Rect, d: &Dashboard, lang: Lang) {
    let block = Block::bordered()
        .title(lang.pick(" 在办事项(按类型·状态) ", " Open items by kind and state "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let kinds: Vec<_> = d.kinds.iter().filter(|k| k.open > 0).collect();
    if kinds.is_empty() {
        frame.render_widget(
            Paragraph::new(lang.pick("没有在办事项", "Nothing open")),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height);
    let gaps = kinds.len().saturating_sub(1);
    // Rows per kind: one each, a second where it has more states, then one at a time to the kind
    // with the most states still hidden.
    let mut alloc = vec![1usize; kinds.len()];
    let mut budget = rows.saturating_sub(gaps + kinds.len());
    for (i, k) in kinds.iter().enumerate() {
        if budget > 0 && k.states.len() > 1 {
            alloc[i] += 1;
            budget -= 1;
        }
    }
    while budget > 0 {
        let Some((i, _)) = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (i, k.states.len().saturating_sub(alloc[i])))
            .filter(|(_, hidden)| *hidden > 0)
            .max_by_key(|(i, hidden)| (*hidden, std::cmp::Reverse(*i)))
        else {
            break;
        };
        alloc[i] += 1;
        budget -= 1;
    }
    let kw = kinds
        .iter()
        .map(|k| width(kind_short(k.kind, lang)))
        .max()
        .unwrap_or(0)
        + 1;
    let sw = if lang == Lang::Zh { 12 } else { 13 };
    let mut groups = Vec::new();
    for (k, &per) in kinds.iter().zip(&alloc) {
        let def = k.kind.def();
        let mut states: Vec<(String, u64)> = k.states.clone();
        if states.len() > per {
            // Keep the biggest states, in workflow order, and fold the rest.
            let mut by_size = states.clone();
            by_size.sort_by_key(|s| std::cmp::Reverse(s.1));
            let keep: Vec<String> = by_size
                .iter()
                .take(per.saturating_sub(1))
                .map(|s| s.0.clone())
                .collect();
            let rest: u64 = states
                .iter()
                .filter(|s| !keep.contains(&s.0))
                .map(|s| s.1)
                .sum();
            states.retain(|s| keep.contains(&s.0));
            states.push((String::new(), rest));
        }
        let bars: Vec<Bar> = states
            .iter()
            .enumerate()
            .map(|(i, (state, n))| {
                let name = if state.is_empty() && i == 0 {
                    lang.pick("全部", "all").to_string()
                } else if state.is_empty() {
                    lang.pick("其他", "other").to_string()
                } else {
                    def.state(state)
                        .map(|s| s.label(lang).to_string())
                        .unwrap_or_else(|| state.clone())
                };
                let kind = if i == 0 { kind_short(k.kind, lang) } else { "" };
                let label = format!("{}{}", pad(kind, kw), truncate(&name, sw));
                Bar::default()
                    .value(*n)
                    .label(Line::from(label))
                    .text_value(n.to_string())
            })
            .collect();
        groups.push(BarGroup::default().bars(&bars));
    }
    let mut chart = BarChart::default()
        .direction(ratatui::layout::Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .group_gap(1)
        .bar_style(Style::new().fg(Color::Cyan))
        .value_style(Style::new().fg(Color::Black).bg(Color::Cyan));
    for g in groups {
        chart = chart.data(g);
    }
    frame.render_widget(chart, inner);
}

fn target_value(unit: Unit, v: rust_decimal::Decimal) -> String {
    match unit {
        Unit::Count(_) => v.normalize().to_string(),
        Unit::SquareMetres => units::m2(v),
        Unit::Mu => v.normalize().to_string(),
        Unit::Yuan => units::money(v),
    }
}

fn target_gauges(frame: &mut Frame, area: Rect, d: &Dashboard, lang: Lang) {
    let year = chrono::Datelike::year(&d.today);
    let block = Block::bordered().title(match lang {
        Lang::Zh => format!(" {year}年度目标(确保/力争) "),
        Lang::En => format!(" Targets {year} (guaranteed/stretch) "),
    });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if d.targets.is_empty() {
        frame.render_widget(
            Paragraph::new(lang.pick(
                "未设定目标(taizhang target set)",
                "No targets (taizhang target set)",
            )),
            inner,
        );
        return;
    }
    let two_rows = usize::from(inner.height) >= d.targets.len() * 2;
    let per = if two_rows { 2 } else { 1 };
    for (i, t) in d
        .targets
        .iter()
        .take(usize::from(inner.height) / per)
        .enumerate()
    {
        let mut row = Rect {
            y: inner.y + (i * per) as u16,
            height: 1,
            ..inner
        };
        let m = MEASURES
            .iter()
            .find(|m| m.kind == t.kind && m.key == t.measure);
        let name = m.map_or(t.measure.as_str(), |m| lang.pick(m.short_zh, m.short_en));
        let unit = m.map_or(Unit::Count(""), |m| m.unit);
        let pct = t.guaranteed_pct.map(percent_text).unwrap_or_default();
        let stretch_pct = t
            .stretch_pct
            .map(|p| format!(" · {}{}", lang.pick("力争", "stretch "), percent_text(p)))
            .unwrap_or_default();
        let figures = format!(
            "{name} {}/{}",
            target_value(unit, t.actual),
            target_value(unit, t.guaranteed)
        );
        let with_stretch = t
            .stretch
            .map(|s| {
                format!(
                    "{figures} ({}{})",
                    lang.pick("力争", "stretch "),
                    target_value(unit, s)
                )
            })
            .unwrap_or_default();
        // The stretch figure is shown when it fits; its percentage is on the gauge either way.
        let figures = if !with_stretch.is_empty() && width(&with_stretch) <= usize::from(row.width)
        {
            with_stretch
        } else {
            figures
        };
        let label = if two_rows {
            frame.render_widget(
                Paragraph::new(truncate(&figures, usize::from(row.width))),
                row,
            );
            row.y += 1;
            format!("{pct}{stretch_pct}")
        } else {
            format!("{name} {pct}{stretch_pct}")
        };
        let ratio = if t.guaranteed.is_zero() {
            0.0
        } else {
            // For drawing only: the figures themselves stay exact decimals in the label.
            let r = t.actual / t.guaranteed;
            f64::try_from(r).unwrap_or(0.0).clamp(0.0, 1.0)
        };
        let met = t.actual >= t.guaranteed;
        let gauge = Gauge::default()
            .ratio(ratio)
            .use_unicode(true)
            .label(Span::raw(truncate(&label, usize::from(row.width))))
            .gauge_style(
                Style::new()
                    .fg(if met { Color::Green } else { Color::Yellow })
                    .bg(Color::Reset),
            );
        frame.render_widget(gauge, row);
    }
}

fn weekly(frame: &mut Frame, area: Rect, d: &Dashboard, lang: Lang) {
    let inner_w = area.width.saturating_sub(2);
    let lw: u16 = 10;
    let n = usize::from(inner_w.saturating_sub(lw)).min(d.weeks.len());
    let shown = &d.weeks[d.weeks.len() - n..];
    let block = Block::bordered().title(match lang {
        Lang::Zh => format!(" 每周新增/办结(近{n}周) "),
        Lang::En => format!(" Opened/closed per week ({n} wk) "),
    });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let opened: Vec<u64> = shown.iter().map(|w| w.opened).collect();
    let closed: Vec<u64> = shown.iter().map(|w| w.closed).collect();
    let max = opened
        .iter()
        .chain(&closed)
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(inner.height / 2), Constraint::Min(0)]).areas(inner);
    for (rect, name, data, color) in [
        (top, lang.pick("新增", "opened"), opened, Color::Yellow),
        (bottom, lang.pick("办结", "closed"), closed, Color::Green),
    ] {
        let [l, r] = Layout::horizontal([Constraint::Length(lw), Constraint::Min(0)]).areas(rect);
        let total: u64 = data.iter().sum();
        frame.render_widget(Paragraph::new(format!("{name} {total}")), l);
        frame.render_widget(
            Sparkline::default()
                .data(&data)
                .max(max)
                .style(Style::new().fg(color)),
            r,
        );
    }
}

fn overdue_by_assignee(frame: &mut Frame, area: Rect, d: &Dashboard, lang: Lang) {
    let block = Block::bordered().title(lang.pick(" ⚠逾期(按责任人) ", " ⚠Overdue by assignee "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if d.overdue_by_assignee.is_empty() {
        frame.render_widget(
            Paragraph::new(lang.pick("没有逾期事项", "Nothing overdue")),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height);
    let list = &d.overdue_by_assignee;
    // When there are more officers than rows, the last row sums the rest.
    let (shown, rest): (Vec<_>, u64) = if list.len() > rows && rows > 0 {
        (
            list[..rows - 1].to_vec(),
            list[rows - 1..].iter().map(|x| x.1).sum(),
        )
    } else {
        (list.clone(), 0)
    };
    let mut bars: Vec<Bar> = shown
        .iter()
        .map(|(who, n)| {
            let name = who.as_deref().map_or_else(
                || lang.pick("未分配", "unassigned").to_string(),
                |w| truncate(w, 10),
            );
            Bar::default()
                .value(*n)
                .label(Line::from(name))
                .text_value(n.to_string())
        })
        .collect();
    if rest > 0 {
        bars.push(
            Bar::default()
                .value(rest)
                .label(Line::from(lang.pick("其他", "others")))
                .text_value(rest.to_string()),
        );
    }
    let chart = BarChart::default()
        .direction(ratatui::layout::Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Style::new().fg(Color::Red))
        .value_style(Style::new().fg(Color::White).bg(Color::Red))
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, inner);
}
