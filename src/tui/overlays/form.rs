//! The form overlay: typing, moving between fields, validating as typed, and submitting (the
//! operations turn a form into ledger requests: `operations`).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::ledger::Lang;
use crate::ledger::text::{pad, sanitize, truncate, width};
use crate::tui::action::{Action, Mode};
use crate::tui::app::{App, Overlay};
use crate::tui::cases::known_id;
use crate::tui::form::{Form, Purpose, WHEN, when_field};
use crate::tui::ui::{centered, lines, popup};

impl App {
    pub(crate) fn open_form(&mut self, mut form: Form) {
        let lang = self.lang;
        // Every change says when it happened; saving a view is not a change.
        if !matches!(form.purpose, Purpose::SaveView { .. }) && form.field(WHEN).is_none() {
            form.fields.push(when_field(lang));
        }
        // What was typed into the same form before Esc comes back.
        if let Some(draft) = self.draft.take() {
            if draft.purpose.draft_key() == form.purpose.draft_key() {
                for f in &mut form.fields {
                    if let Some(d) = draft.field(&f.key) {
                        f.input = d.input.clone();
                    }
                }
                self.info(lang.pick("已恢复上次未提交的内容", "what you typed last time is back"));
            } else {
                self.draft = Some(draft);
            }
        }
        let (rows, ledger, all) = (&self.rows, &self.ledger, self.all_loaded);
        form.validate_all(lang, &|id: &str| known_id(rows, ledger, all, id));
        self.overlay = Some(Overlay::Form(form));
    }

    pub(crate) fn update_form(&mut self, action: Action) {
        let lang = self.lang;
        let (rows, ledger, all) = (&self.rows, &self.ledger, self.all_loaded);
        let known = |id: &str| known_id(rows, ledger, all, id);
        let Some(Overlay::Form(form)) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Cancel => {
                let typed = form.fields.iter().any(|f| f.changed());
                if typed && !form.asked_cancel {
                    // Half a form is work: ask before throwing it away.
                    form.asked_cancel = true;
                    let esc = self
                        .keymap
                        .first_key(Mode::Form, &Action::Cancel)
                        .unwrap_or_default();
                    form.error = Some(match lang {
                        Lang::Zh => format!(
                            "有未提交的内容:再按 {esc} 关闭(内容留作草稿,再打开同一表单即恢复)"
                        ),
                        Lang::En => format!(
                            "not submitted: {esc} again closes (kept as a draft; reopen the same form to get it back)"
                        ),
                    });
                    return;
                }
                let form = self.overlay.take();
                if typed && let Some(Overlay::Form(f)) = form {
                    self.draft = Some(f);
                    self.info(lang.pick(
                        "已关闭,没有修改;所填内容留作草稿",
                        "closed; nothing changed; what you typed is kept as a draft",
                    ));
                } else {
                    self.info(lang.pick("已取消,没有修改", "cancelled; nothing changed"));
                }
            }
            Action::Quit => self.quit = true,
            Action::NextField | Action::PrevField => {
                let n = form.fields.len().max(1);
                let tried = form.tried;
                if let Some(f) = form.focused() {
                    f.complete_choice(lang);
                    f.validate(lang, tried, &known);
                }
                form.focus = if action == Action::NextField {
                    (form.focus + 1) % n
                } else {
                    (form.focus + n - 1) % n
                };
                form.asked_cancel = false;
            }
            Action::Confirm => {
                form.tried = true;
                form.asked_cancel = false;
                // A partly typed choice is completed; a name is not (it may be a new officer's).
                for f in form.fields.iter_mut().filter(|f| f.is_choice()) {
                    f.complete_choice(lang);
                }
                if !form.validate_all(lang, &known) {
                    form.focus_first_error();
                    form.error = Some(
                        lang.pick("请先改正标 ✗ 的字段", "correct the fields marked ✗ first")
                            .into(),
                    );
                    return;
                }
                let form = form.clone();
                self.submit(form);
            }
            a => {
                let Some(field) = form.focused() else { return };
                let choice = field.is_choice();
                match a {
                    Action::CursorLeft if choice => field.cycle(lang, false),
                    Action::CursorRight if choice => field.cycle(lang, true),
                    Action::Insert(text) if choice => field.type_into_choice(lang, &text),
                    a => {
                        crate::tui::overlays::edit_input(&mut field.input, &a);
                    }
                }
                // Validate as you type.
                let tried = form.tried;
                if let Some(f) = form.focused() {
                    f.validate(lang, tried, &known);
                }
                form.error = None;
                form.asked_cancel = false;
            }
        }
    }
}

pub(crate) fn draw_form(frame: &mut Frame, area: Rect, app: &App, f: &Form) {
    let t = &app.theme;
    let lang = app.lang;
    let w = area.width.min(if area.width >= 120 { 104 } else { 84 });
    let h = (f.fields.len() as u16 + 4).min(area.height);
    let r = centered(area, w, h);
    let inner = popup(frame, r, &f.title, t);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let iw = inner.width as usize;
    let mut out: Vec<Line> = Vec::new();
    let mut cursor: Option<Position> = None;
    // Subtitle, the fields (scrolled to the focus), and one line for what the focus needs.
    let sub_h = usize::from(inner.height >= 3);
    let foot_h = usize::from(inner.height >= 2);
    let fields_h = (inner.height as usize)
        .saturating_sub(sub_h + foot_h)
        .max(1);
    if sub_h == 1 {
        out.push(Line::from(Span::styled(
            truncate(&sanitize(&f.subtitle), iw),
            t.label(),
        )));
    }
    let lw = f
        .fields
        .iter()
        .map(|x| width(&x.label) + 1)
        .max()
        .unwrap_or(6)
        .min(iw / 3)
        .max(4);
    let room = iw.saturating_sub(lw + 3);
    let inw = (room * 2 / 3).max(room.saturating_sub(20)).max(6).min(room);
    let off = if f.focus >= fields_h {
        f.focus + 1 - fields_h
    } else {
        0
    };
    for (i, field) in f.fields.iter().enumerate().skip(off).take(fields_h) {
        let focused = i == f.focus;
        let label = format!("{}{}", field.label, if field.required { "*" } else { "" });
        let label_style = if focused { t.selected() } else { t.label() };
        let (shown, cur) = field.input.view_marked(inw);
        let shown = truncate(&sanitize(&shown), inw);
        let mut spans = vec![
            Span::styled(if focused { "›" } else { " " }, t.key()),
            Span::styled(pad(&label, lw), label_style),
            Span::raw(" "),
        ];
        let input_style = Style::new().add_modifier(Modifier::UNDERLINED);
        if shown.is_empty()
            && let Some(m) = &field.masked
        {
            let placeholder = match lang {
                Lang::Zh => format!("{m}(输入即替换)"),
                Lang::En => format!("{m} (type to replace)"),
            };
            spans.push(Span::styled(
                pad(&placeholder, inw),
                t.label().add_modifier(Modifier::UNDERLINED),
            ));
        } else {
            spans.push(Span::styled(pad(&shown, inw), input_style));
        }
        let rest = iw.saturating_sub(lw + 2 + inw + 1);
        if rest > 2 {
            let (mark, style) = match (&field.error, &field.preview, &field.warning) {
                (Some(e), _, _) => (format!(" ✗ {e}"), t.error()),
                (None, _, Some(w)) => (format!(" ⚠ {w}"), t.soon()),
                (None, Some(p), None) => (format!(" ✓ {p}"), t.ok()),
                _ => (String::new(), Style::new()),
            };
            spans.push(Span::styled(truncate(&sanitize(&mark), rest), style));
        }
        if focused {
            let y = inner.y + (sub_h + i - off) as u16;
            let x = inner.x + (1 + lw + 1 + cur) as u16;
            cursor = Some(Position {
                x: x.min(inner.x + inner.width.saturating_sub(1)),
                y,
            });
        }
        out.push(Line::from(spans));
    }
    while out.len() < sub_h + fields_h {
        out.push(Line::from(""));
    }
    if foot_h == 1 {
        let focus = f.fields.get(f.focus);
        let (text, style) = if let Some(e) = &f.error {
            (format!("✗ {e}"), t.error())
        } else if let Some(e) = focus.and_then(|x| x.error.as_ref()) {
            (
                format!("✗ {}: {e}", focus.map(|x| x.label.as_str()).unwrap_or("")),
                t.error(),
            )
        } else if let Some(x) = focus.filter(|x| x.is_choice()) {
            let choices = x.matching_choices(lang);
            let text = match lang {
                Lang::Zh => format!("←/→ 或输入筛选: {}", choices.join(" | ")),
                Lang::En => format!("←/→ or type to narrow: {}", choices.join(" | ")),
            };
            (text, t.label())
        } else if let Some(x) = focus.filter(|x| !x.options.is_empty()) {
            let next = app
                .keymap
                .first_key(Mode::Form, &Action::NextField)
                .unwrap_or_default();
            let names = x.matching_choices(lang);
            // While a known name's start is typed, the names it may become; else the warning.
            let text = match (x.warning.as_ref().filter(|_| names.is_empty()), lang) {
                (Some(w), _) => format!("⚠ {w}"),
                (None, Lang::Zh) => format!("{next} 补全: {}", names.join(" | ")),
                (None, Lang::En) => format!("{next} completes: {}", names.join(" | ")),
            };
            (text, t.label())
        } else if let Some(h) = focus.and_then(|x| x.hint.as_ref()) {
            (h.clone(), t.label())
        } else {
            let ok = app
                .keymap
                .first_key(Mode::Form, &Action::Confirm)
                .unwrap_or_default();
            let next = app
                .keymap
                .first_key(Mode::Form, &Action::NextField)
                .unwrap_or_default();
            let cancel = app
                .keymap
                .first_key(Mode::Form, &Action::Cancel)
                .unwrap_or_default();
            (
                match lang {
                    Lang::Zh => format!("{ok} 提交  {next} 下一栏  {cancel} 取消"),
                    Lang::En => format!("{ok} submit  {next} next field  {cancel} cancel"),
                },
                t.label(),
            )
        };
        out.push(Line::from(Span::styled(
            truncate(&sanitize(&text), iw),
            style,
        )));
    }
    lines(frame, inner, out);
    // Where the focus is among the fields, and whether more lie above or below, on the frame.
    let below = f.fields.len().saturating_sub(off + fields_h);
    if (off > 0 || below > 0) && r.height >= 3 && r.width > 8 {
        let arrows = format!(
            "{}{}",
            if off > 0 { "↑" } else { "" },
            if below > 0 { "↓" } else { "" }
        );
        let long = match lang {
            Lang::Zh if below > 0 => format!(
                " 第{}/{}栏 {arrows}下面还有{below}栏 ",
                f.focus + 1,
                f.fields.len()
            ),
            Lang::Zh => format!(" 第{}/{}栏 {arrows} ", f.focus + 1, f.fields.len()),
            Lang::En if below > 0 => format!(
                " field {}/{} {arrows}{below} more below ",
                f.focus + 1,
                f.fields.len()
            ),
            Lang::En => format!(" field {}/{} {arrows} ", f.focus + 1, f.fields.len()),
        };
        let room = r.width.saturating_sub(4) as usize;
        let text = if width(&long) <= room {
            long
        } else {
            truncate(
                &format!(" {}/{} {arrows} ", f.focus + 1, f.fields.len()),
                room,
            )
        };
        let at = Rect {
            x: r.x + 2,
            y: r.y + r.height - 1,
            width: width(&text) as u16,
            height: 1,
        };
        frame.render_widget(
            ratatui::widgets::Paragraph::new(Span::styled(text, t.label())),
            at,
        );
    }
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}
