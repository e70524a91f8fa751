//! Importing existing ledgers: Excel workbooks, CSV files (UTF-8 or GBK) and the lossless JSON
//! Lines format. All or nothing: every row is checked first — against the same create, edit and
//! move steps the write path runs — and if any row is bad nothing is written and every problem is
//! reported with its sheet, row, column, value, why and how to fix it. Otherwise one transaction
//! writes everything through the ledger's one write path. Each imported case remembers where it
//! came from (the file's 编号 column, else file, sheet and row), so importing again updates what
//! changed instead of duplicating it.

mod cells;
pub mod columns;
pub mod jsonl;
mod layout;
mod plan;
pub mod read;
pub mod survey;

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use encoding_rs::Encoding;

use crate::ledger::api::Ledger;
use crate::ledger::clock::today;
use crate::ledger::command::Command;
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::i18n::Lang;
use crate::ledger::model::NoteType;
use crate::ledger::request::Request;
use crate::ledger::schema::Kind;
use crate::ledger::store::SOURCE_PREFIX;
use columns::{Mapping, kind_from_name};
use read::{Cell, Sheet};

pub use cells::import_date;
use layout::layout;
use plan::{Action, Ctx, plan_row};

/// How to read the file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The kind of every row that does not say otherwise (`--kind`).
    pub kind: Option<Kind>,
    /// Only this worksheet (`--sheet`).
    pub sheet: Option<String>,
    /// Check everything and report, but write nothing.
    pub dry_run: bool,
    pub map: Option<Mapping>,
    pub encoding: Option<&'static Encoding>,
    /// Skip columns no field matches instead of refusing the file.
    pub ignore_unknown: bool,
}

/// One thing wrong with the file, where the user will find it, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub sheet: Option<String>,
    pub row: Option<usize>,
    /// Column letter and header, e.g. `E (登记日期)`.
    pub column: Option<String>,
    pub value: Option<String>,
    pub why: String,
    pub fix: String,
}

impl Problem {
    /// One line of the report.
    pub fn line(&self, file: &str, lang: Lang) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.sheet {
            parts.push(match lang {
                Lang::Zh => format!("工作表 {s}"),
                Lang::En => format!("sheet {s}"),
            });
        }
        if let Some(r) = self.row {
            parts.push(match lang {
                Lang::Zh => format!("第 {r} 行"),
                Lang::En => format!("row {r}"),
            });
        }
        if let Some(c) = &self.column {
            parts.push(match lang {
                Lang::Zh => match c.split_once(" (") {
                    Some((letter, header)) => format!(
                        "{letter} 列({})",
                        header.strip_suffix(')').unwrap_or(header)
                    ),
                    None => format!("{c} 列"),
                },
                Lang::En => format!("column {c}"),
            });
        }
        if let Some(v) = &self.value {
            let v: String = if v.chars().count() > 40 {
                format!("{}…", v.chars().take(40).collect::<String>())
            } else {
                v.clone()
            };
            parts.push(match lang {
                Lang::Zh => format!("值 {v:?}"),
                Lang::En => format!("value {v:?}"),
            });
        }
        let sep = lang.pick(",", ", ");
        let fix = lang.pick("改正", "fix");
        format!(
            "{file}: {}: {} — {fix}: {}",
            parts.join(sep),
            self.why,
            self.fix
        )
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows passed over: totals (合计) and the like.
    pub skipped: usize,
    pub dry_run: bool,
    /// Things the user should know that did not stop the import.
    pub notes: Vec<String>,
}

impl Summary {
    pub fn line(&self, file: &str, lang: Lang) -> String {
        let mut s = match (lang, self.dry_run) {
            (Lang::Zh, false) => format!(
                "已导入 {file}:新增 {} 件,更新 {} 件,未变 {} 件",
                self.new, self.updated, self.unchanged
            ),
            (Lang::Zh, true) => format!(
                "试导入 {file}(未写入):将新增 {} 件,更新 {} 件,未变 {} 件",
                self.new, self.updated, self.unchanged
            ),
            (Lang::En, false) => format!(
                "imported {file}: {} new, {} updated, {} unchanged",
                self.new, self.updated, self.unchanged
            ),
            (Lang::En, true) => format!(
                "dry run of {file} (nothing written): {} new, {} updated, {} unchanged",
                self.new, self.updated, self.unchanged
            ),
        };
        if self.skipped > 0 {
            s.push_str(&match lang {
                Lang::Zh => format!(",跳过合计行 {} 行", self.skipped),
                Lang::En => format!(", {} total row(s) skipped", self.skipped),
            });
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    Done(Summary),
    /// Nothing was written: every problem found.
    Rejected(Vec<Problem>),
}

/// Progress of a long import, drawn by the command line (the ledger draws nothing).
pub trait Progress {
    fn start(&mut self, _what: &str, _total: u64) {}
    fn inc(&mut self, _n: u64) {}
    fn finish(&mut self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

/// Import `path` (.xlsx/.xls/.ods, .csv, .jsonl) into `ledger`.
pub fn import(
    ledger: &Ledger,
    path: &Path,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Report> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    if !path.is_file() {
        return Err(LedgerError::Io(format!(
            "{} is not a file: give the path of a .xlsx, .csv or .jsonl file",
            path.display()
        )));
    }
    if matches!(ext.as_str(), "jsonl" | "ndjson") {
        return jsonl::import(ledger, path, opts.dry_run, progress);
    }
    let (sheets, implied) = read_sheets(path, opts)?;
    import_sheets(ledger, &file, &sheets, implied, opts, progress)
}

/// The tables of a workbook or CSV file, and the kind a CSV file's name implies.
pub fn read_sheets(path: &Path, opts: &Options) -> Result<(Vec<Sheet>, Option<Kind>)> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    if !path.is_file() {
        return Err(LedgerError::Io(format!(
            "{} is not a file: give the path of a .xlsx, .csv or .jsonl file",
            path.display()
        )));
    }
    Ok(match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            (read::read_workbook(path, opts.sheet.as_deref())?, None)
        }
        "csv" | "txt" => {
            if opts.sheet.is_some() {
                return Err(LedgerError::BadValue {
                    what: "--sheet".into(),
                    value: opts.sheet.clone().unwrap_or_default(),
                    hint: "a CSV file has no sheets; leave --sheet out".into(),
                });
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (read::read_csv(path, opts.encoding)?, kind_from_name(&stem))
        }
        _ => {
            return Err(LedgerError::BadValue {
                what: "file type".into(),
                value: file,
                hint: "import a .xlsx workbook, a .csv file or a .jsonl export".into(),
            });
        }
    })
}

/// The kind of a sheet's rows when something other than a 类型 column fixes it: --kind, the
/// mapping file, the sheet's name, the CSV file's name.
pub fn sheet_kind(sheet: &Sheet, implied: Option<Kind>, opts: &Options) -> Option<Kind> {
    let map_kind = opts
        .map
        .as_ref()
        .and_then(|m| m.kind.as_deref())
        .and_then(Kind::parse);
    let fixed = opts
        .kind
        .or(map_kind)
        .or_else(|| sheet.name.as_deref().and_then(kind_from_name))
        .or(implied);
    if fixed.is_some() {
        return fixed;
    }
    // No name says it and no 类型 column gives it row by row: the kind whose fields the headers
    // name (户主姓名, 地块号, 僵持原因 are land compensation).
    let kind_column = sheet.headers.iter().enumerate().any(|(i, h)| {
        let upper = sheet.groups.get(i).and_then(|g| g.as_deref());
        columns::resolve_column(upper, h, None, opts.map.as_ref())
            .is_some_and(|r| r.target == columns::Target::Kind && r.confidence == columns::EXACT)
    });
    if kind_column {
        None
    } else {
        survey::kind_by_columns(sheet)
    }
}

/// A totals row, passed over: a cell saying 合计/总计/小计, or a row whose only text is in its
/// first filled cell and says 合计 (合  计, 合计:), 共计 or 累计.
pub(crate) fn is_totals(row: &read::Row) -> bool {
    const WORDS: [&str; 5] = ["合计", "总计", "小计", "共计", "累计"];
    let squeezed = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    if row
        .cells
        .iter()
        .any(|c| matches!(c, Cell::Text(t) if WORDS.contains(&squeezed(t).as_str())))
    {
        return true;
    }
    let texts: Vec<(usize, &str)> = row
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Cell::Text(t) if !t.trim().is_empty() => Some((i, t.as_str())),
            _ => None,
        })
        .collect();
    let first = row.cells.iter().position(|c| !c.is_empty());
    match texts.as_slice() {
        [(i, t)] if Some(*i) == first => {
            let t = squeezed(t);
            WORDS.iter().any(|w| t.starts_with(w))
        }
        _ => false,
    }
}

/// The progress notes of one row (办理情况 …), each on its own date.
fn push_notes(
    reqs: &mut Vec<Request>,
    dates: &mut Vec<NaiveDate>,
    id: &str,
    notes: Vec<(NaiveDate, String)>,
) {
    for (date, text) in notes {
        reqs.push(
            Command::Note {
                id: id.to_string(),
                note_type: NoteType::Other,
                text,
                people: None,
                date: Some(date),
            }
            .into(),
        );
        dates.push(date);
    }
}

/// A column and what it holds for each kind (index = position in Kind::ALL).
fn import_sheets(
    ledger: &Ledger,
    file: &str,
    sheets: &[Sheet],
    implied: Option<Kind>,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Report> {
    let rule_set = ledger.rule_set()?;
    let mut cx = Ctx {
        file,
        rule_set: &rule_set,
        ledger,
        today: today(),
        now: Utc::now(),
        sources: ledger.source_map()?,
        keys_seen: HashMap::new(),
    };
    let total: usize = sheets.iter().map(|s| s.rows.len()).sum();
    progress.start("checking", total as u64);
    let mut problems = Vec::new();
    let mut actions = Vec::with_capacity(total);
    let mut summary = Summary {
        dry_run: opts.dry_run,
        ..Summary::default()
    };
    for sheet in sheets {
        summary.notes.extend(sheet.notes.iter().cloned());
        let fixed = sheet_kind(sheet, implied, opts);
        let Some(mut l) = layout(sheet, fixed, opts, &mut problems) else {
            progress.inc(sheet.rows.len() as u64);
            continue;
        };
        for row in &sheet.rows {
            progress.inc(1);
            if is_totals(row) {
                summary.skipped += 1;
                continue;
            }
            match plan_row(&mut cx, sheet, &mut l, row, &mut summary.notes) {
                Ok(a) => actions.push(a),
                Err(mut p) => problems.append(&mut p),
            }
        }
    }
    progress.finish();
    if !problems.is_empty() {
        return Ok(Report::Rejected(problems));
    }
    let mut reqs: Vec<Request> = Vec::new();
    let mut dates: Vec<NaiveDate> = Vec::new();
    for a in actions {
        match a {
            Action::Unchanged => summary.unchanged += 1,
            Action::Create {
                kind,
                title,
                fields,
                source,
                opened,
                moves,
                notes,
            } => {
                summary.new += 1;
                let target = format!("{SOURCE_PREFIX}{source}");
                reqs.push(
                    Command::Create {
                        kind,
                        title,
                        fields,
                        source: Some(source),
                    }
                    .into(),
                );
                dates.push(opened);
                for (to, d, note) in moves {
                    reqs.push(
                        Command::Move {
                            id: target.clone(),
                            note: Some(note),
                            to,
                            fields: vec![],
                            urgent: None,
                        }
                        .into(),
                    );
                    dates.push(d);
                }
                push_notes(&mut reqs, &mut dates, &target, notes);
            }
            Action::Update {
                id,
                edit,
                assign,
                moves,
                notes,
            } => {
                summary.updated += 1;
                if !edit.is_empty() {
                    reqs.push(
                        Command::Edit {
                            id: id.clone(),
                            fields: edit,
                        }
                        .into(),
                    );
                    dates.push(cx.today);
                }
                if let Some(user) = assign {
                    reqs.push(
                        Command::Assign {
                            id: id.clone(),
                            user: Some(user),
                        }
                        .into(),
                    );
                    dates.push(cx.today);
                }
                for (to, d, note) in moves {
                    reqs.push(
                        Command::Move {
                            id: id.clone(),
                            note: Some(note),
                            to,
                            fields: vec![],
                            urgent: None,
                        }
                        .into(),
                    );
                    dates.push(d);
                }
                push_notes(&mut reqs, &mut dates, &id, notes);
            }
        }
    }
    if opts.dry_run || reqs.is_empty() {
        return Ok(Report::Done(summary));
    }
    // The file records stages its cases already reached, as the plan checked them.
    for r in &mut reqs {
        r.past = true;
    }
    let now = cx.now;
    progress.start("writing", reqs.len() as u64);
    ledger.execute_batch_with(reqs, |i| {
        progress.inc(1);
        (now, dates.get(i).copied().unwrap_or(cx.today))
    })?;
    progress.finish();
    Ok(Report::Done(summary))
}
