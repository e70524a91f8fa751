//! The import screen (`i`, or `:import FILE`): each table of the file with its detected kind,
//! each column with the field it fills and how sure that is (enter changes it with a picker),
//! the first rows as they will be read, then the problems of a dry run by row and column, or
//! what the import would do. Nothing is written until the officer imports; the column map can be
//! saved beside the file for next month's workbook.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::exchange::import::Options;
use crate::exchange::import::columns::{Mapping, norm};
use crate::exchange::import::read::Sheet;
use crate::exchange::import::survey::{SheetView, field_label, survey};
use crate::ledger::schema::{COMMON_FIELDS, Kind};
use crate::ledger::text::{pad, sanitize, truncate, width};
use crate::ledger::{Lang, text};
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::ui::{centered, lines, popup};

/// How many data rows the screen shows of each table.
pub const PREVIEW_ROWS: usize = 3;

/// What the last dry run or import said.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing written: every problem, one line each.
    Problems(Vec<String>),
    /// The summary of a dry run.
    Summary(String),
}

/// Choosing the field of one column.
#[derive(Debug, Clone)]
pub struct FieldPick {
    /// (field key, label) in the order shown.
    pub items: Vec<(String, String)>,
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub struct ImportScreen {
    pub path: PathBuf,
    /// The file's name, as reports name it.
    pub file: String,
    /// The map file read when the screen opened, if any.
    pub map_file: Option<PathBuf>,
    pub(crate) sheets: Vec<Sheet>,
    pub(crate) implied: Option<Kind>,
    /// The map as the officer has settled it (the file's map, then the fields picked here).
    pub map: Mapping,
    pub views: Vec<SheetView>,
    pub sheet: usize,
    pub column: usize,
    pub picking: Option<FieldPick>,
    pub outcome: Option<Outcome>,
}

impl ImportScreen {
    pub(crate) fn new(
        path: PathBuf,
        sheets: Vec<Sheet>,
        implied: Option<Kind>,
        map: Mapping,
        map_file: Option<PathBuf>,
    ) -> ImportScreen {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let mut s = ImportScreen {
            path,
            file,
            map_file,
            sheets,
            implied,
            map,
            views: Vec::new(),
            sheet: 0,
            column: 0,
            picking: None,
            outcome: None,
        };
        s.resurvey();
        s
    }

    /// The options an import from this screen runs with.
    pub fn options(&self, dry_run: bool) -> Options {
        Options {
            dry_run,
            map: Some(self.map.clone()),
            ..Options::default()
        }
    }

    pub(crate) fn resurvey(&mut self) {
        self.views = survey(
            &self.sheets,
            self.implied,
            &self.options(true),
            PREVIEW_ROWS,
        );
        self.sheet = self.sheet.min(self.views.len().saturating_sub(1));
        let n = self.current().map(|v| v.columns.len()).unwrap_or(0);
        self.column = self.column.min(n.saturating_sub(1));
    }

    pub fn current(&self) -> Option<&SheetView> {
        self.views.get(self.sheet)
    }

    /// The fields a column of the current table may fill, for the picker.
    fn field_items(&self, lang: Lang) -> Vec<(String, String)> {
        let kind = self.current().and_then(|v| v.kind);
        let mut keys: Vec<String> = vec!["ignore".into(), "title".into(), "progress".into()];
        keys.extend(
            COMMON_FIELDS
                .iter()
                .map(|(k, _, _)| *k)
                .filter(|k| !matches!(*k, "title" | "due" | "links"))
                .map(String::from),
        );
        if let Some(k) = kind {
            keys.extend(k.def().fields.iter().map(|f| f.key.clone()));
        }
        keys.into_iter()
            .map(|k| {
                let label = field_label(kind, if k == "ignore" { "-" } else { &k }, lang);
                (k, label)
            })
            .collect()
    }

    /// Set the selected column's field (a pick confirms it: it is in the map from now on).
    pub fn set_field(&mut self, key: &str) {
        let Some(c) = self.current().and_then(|v| v.columns.get(self.column)) else {
            return;
        };
        self.map.columns.insert(norm(&c.header), key.to_string());
        if let Some(kind) = self.current().and_then(|v| v.kind)
            && self.views.iter().all(|v| v.kind == Some(kind))
        {
            self.map.kind = Some(kind.key().to_string());
        }
        self.outcome = None;
        self.resurvey();
    }
}

impl App {
    pub(crate) fn update_import(&mut self, action: Action) {
        let Some(Overlay::Import(s)) = &mut self.overlay else {
            return;
        };
        if let Some(p) = &mut s.picking {
            let n = p.items.len();
            match action {
                Action::Down => p.selected = (p.selected + 1).min(n.saturating_sub(1)),
                Action::Up => p.selected = p.selected.saturating_sub(1),
                Action::PageDown | Action::Last => p.selected = n.saturating_sub(1),
                Action::PageUp | Action::First => p.selected = 0,
                Action::Confirm => {
                    let key = p.items.get(p.selected).map(|(k, _)| k.clone());
                    s.picking = None;
                    if let Some(k) = key {
                        s.set_field(&k);
                    }
                }
                Action::Cancel => s.picking = None,
                Action::Quit => self.quit = true,
                _ => {}
            }
            return;
        }
        let n = s.current().map(|v| v.columns.len()).unwrap_or(0);
        match action {
            Action::Down => s.column = (s.column + 1).min(n.saturating_sub(1)),
            Action::Up => s.column = s.column.saturating_sub(1),
            Action::PageDown | Action::Last => s.column = n.saturating_sub(1),
            Action::PageUp | Action::First => s.column = 0,
            Action::NextSheet | Action::PrevSheet => {
                let k = s.views.len().max(1);
                s.sheet = if action == Action::NextSheet {
                    (s.sheet + 1) % k
                } else {
                    (s.sheet + k - 1) % k
                };
                s.column = 0;
            }
            Action::Confirm => {
                let items = s.field_items(self.lang);
                let current = s
                    .current()
                    .and_then(|v| v.columns.get(s.column))
                    .and_then(|c| c.field.clone())
                    .map(|f| if f == "-" { "ignore".to_string() } else { f });
                let selected = current
                    .and_then(|f| items.iter().position(|(k, _)| *k == f))
                    .unwrap_or(0);
                if n > 0 {
                    s.picking = Some(FieldPick { items, selected });
                }
            }
            Action::DryRun => self.import_dry_run(),
            Action::RunImport => self.import_now(),
            Action::SaveMap => self.save_import_map(),
            Action::Cancel => self.overlay = None,
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Quit => self.quit = true,
            _ => {}
        }
    }
}

/// How sure a column's field is, as the screen shows it.
fn sureness(c: &crate::exchange::import::survey::ColumnView, lang: Lang) -> String {
    if c.field.is_none() {
        return lang.pick("✗ 未识别", "✗ unknown").to_string();
    }
    if c.mapped {
        return lang.pick("✓ 映射", "✓ mapped").to_string();
    }
    if !c.others.is_empty() {
        return lang.pick("? 多个可能", "? several").to_string();
    }
    if c.needs_confirming() {
        return format!("? {}% {}", c.confidence, lang.pick("待确认", "confirm"));
    }
    format!("{}%", c.confidence)
}

pub(crate) fn draw_import(frame: &mut Frame, area: Rect, app: &App, s: &ImportScreen) {
    let t = &app.theme;
    let lang = app.lang;
    // The whole screen but the hint line: cleared, so no wide character of the list below is
    // cut by the frame.
    let r = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    frame.render_widget(ratatui::widgets::Clear, r);
    let title = match lang {
        Lang::Zh => format!("导入 {}", sanitize(&s.file)),
        Lang::En => format!("Import {}", sanitize(&s.file)),
    };
    let inner = popup(frame, r, &title, t);
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    let w = inner.width as usize;
    let h = inner.height as usize;
    let mut out: Vec<Line> = Vec::new();
    let Some(v) = s.current() else {
        out.push(Line::from(
            lang.pick("文件里没有可读的表格", "the file holds no table to read"),
        ));
        lines(frame, inner, out);
        return;
    };
    // The tables of the file, the current one marked.
    let mut spans = Vec::new();
    for (i, sv) in s.views.iter().enumerate() {
        let kind = sv
            .kind
            .map(|k| k.label(lang).to_string())
            .unwrap_or_else(|| lang.pick("类型未知", "kind unknown").to_string());
        let name = sv.name.clone().unwrap_or_else(|| s.file.clone());
        let label = format!(" {} · {kind} ", sanitize(&name));
        spans.push(if i == s.sheet {
            Span::styled(label, t.tab_active())
        } else {
            Span::raw(label)
        });
        spans.push(Span::raw("│"));
    }
    out.push(Line::from(spans));
    let hw = (w / 3).clamp(8, 24);
    let fw = (w / 3).clamp(8, 26);
    let head = format!(
        "  {} {} {} {}",
        pad(lang.pick("列", "col"), 3),
        pad(lang.pick("表头", "header"), hw),
        pad(lang.pick("字段", "field"), fw),
        lang.pick("把握", "sure")
    );
    out.push(Line::from(truncate(&head, w)).patch_style(t.header()));
    // Rows below the columns: the preview and what the last run said.
    let outcome_lines: Vec<(String, bool)> = match &s.outcome {
        None => vec![(
            // The keys are in the hint bar below, from the keymap in use.
            lang.pick(
                "确定键改所选列的字段;先试导入看清全部问题,再导入;映射可保存供下月使用",
                "the confirm key changes the selected column's field; dry-run to see every problem, then import",
            )
            .to_string(),
            false,
        )],
        Some(Outcome::Summary(line)) => vec![(line.clone(), false)],
        Some(Outcome::Problems(ps)) => ps.iter().map(|p| (p.clone(), true)).collect(),
    };
    let preview_h = 1 + v.rows.len().min(PREVIEW_ROWS);
    let outcome_h = outcome_lines.len().clamp(1, 6);
    let cols_h = h
        .saturating_sub(2 + preview_h + 1 + outcome_h)
        .max(1)
        .min(v.columns.len().max(1));
    let off = if s.column >= cols_h {
        s.column + 1 - cols_h
    } else {
        0
    };
    for (i, c) in v.columns.iter().enumerate().skip(off).take(cols_h) {
        let field = match &c.field {
            Some(f) => format!("{} {f}", field_label(v.kind, f, lang)),
            None if !c.nearest.is_empty() => {
                format!("{} {}", lang.pick("近似:", "near:"), c.nearest.join(", "))
            }
            None => "—".to_string(),
        };
        let sel = i == s.column;
        let text = format!(
            "{} {} {} {} {}",
            if sel { "›" } else { " " },
            pad(&c.letter, 3),
            pad(&sanitize(&c.header), hw),
            pad(&field, fw),
            sureness(c, lang)
        );
        let mut l = Line::from(pad(&text, w));
        if c.needs_confirming() && !c.mapped {
            l = l.patch_style(t.soon());
        }
        if sel {
            l = l.patch_style(t.selected());
        }
        out.push(l);
    }
    out.push(
        Line::from(truncate(
            &match lang {
                Lang::Zh => format!("前几行(表头在第 {} 行):", v.header_row),
                Lang::En => format!("first rows (header on row {}):", v.header_row),
            },
            w,
        ))
        .patch_style(t.label()),
    );
    for (n, cells) in v.rows.iter().take(PREVIEW_ROWS) {
        let shown: Vec<String> = cells
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| text::sanitize(c).into_owned())
            .collect();
        out.push(Line::from(truncate(
            &format!("{n:>4} {}", shown.join(" │ ")),
            w,
        )));
    }
    while out.len() + outcome_h < h {
        out.push(Line::from(""));
    }
    let more = outcome_lines.len().saturating_sub(outcome_h);
    for (i, (text, bad)) in outcome_lines.iter().take(outcome_h).enumerate() {
        let text = if more > 0 && i + 1 == outcome_h {
            match lang {
                Lang::Zh => format!(
                    "…… 另有 {} 处问题(命令行 taizhang import 可列出全部)",
                    more + 1
                ),
                Lang::En => format!(
                    "… {} more problem(s) (taizhang import lists them all)",
                    more + 1
                ),
            }
        } else {
            text.clone()
        };
        let l = Line::from(truncate(&sanitize(&text), w));
        out.push(if *bad { l.patch_style(t.error()) } else { l });
    }
    lines(frame, inner, out);
    if let Some(p) = &s.picking {
        draw_field_pick(frame, area, app, p);
    }
}

fn draw_field_pick(frame: &mut Frame, area: Rect, app: &App, p: &FieldPick) {
    let t = &app.theme;
    let title = app.lang.pick("这一列填入", "This column fills");
    let iw = p
        .items
        .iter()
        .map(|(k, l)| width(k) + width(l) + 4)
        .max()
        .unwrap_or(10);
    let w = (iw.max(width(title) + 4) + 4).min(area.width as usize) as u16;
    let h = ((p.items.len() + 2) as u16).min(area.height.saturating_sub(2));
    let r = centered(area, w, h);
    let inner = popup(frame, r, title, t);
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
        .map(|(i, (key, label))| {
            let sel = i == p.selected;
            let l = Line::from(pad(
                &format!("{} {label}  · {key}", if sel { "›" } else { " " }),
                iw,
            ));
            if sel { l.patch_style(t.selected()) } else { l }
        })
        .collect();
    lines(frame, inner, out);
}
