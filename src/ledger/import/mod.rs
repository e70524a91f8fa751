//! Importing existing ledgers: Excel workbooks, CSV files (UTF-8 or GBK) and the lossless JSON
//! Lines format. All or nothing: every row is checked first — against the same create, edit and
//! move steps the write path runs — and if any row is bad nothing is written and every problem is
//! reported with its sheet, row, column, value, why and how to fix it. Otherwise one transaction
//! writes everything through the ledger's one write path. Each imported case remembers where it
//! came from (the file's 编号 column, else file, sheet and row), so importing again updates what
//! changed instead of duplicating it.

pub mod columns;
pub mod jsonl;
pub mod read;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;

use chrono::{NaiveDate, Utc};
use encoding_rs::Encoding;

use super::command::{self, Command, Context};
use super::error::{LedgerError, Result};
use super::i18n::Lang;
use super::model::Case;
use super::schema::{FieldType, Kind, KindDef};
use super::store::{Ledger, Request, SOURCE_PREFIX, today};
use super::units;
use columns::{Mapping, Resolved, Target, kind_from_name, resolve};
use read::{Cell, Row, Sheet, number_text};

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
    let (sheets, implied) = match ext.as_str() {
        "jsonl" | "ndjson" => return jsonl::import(ledger, path, opts.dry_run, progress),
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
            (
                vec![read::read_csv(path, opts.encoding)?],
                kind_from_name(&stem),
            )
        }
        _ => {
            return Err(LedgerError::BadValue {
                what: "file type".into(),
                value: file,
                hint: "import a .xlsx workbook, a .csv file or a .jsonl export".into(),
            });
        }
    };
    import_sheets(ledger, &file, &sheets, implied, opts, progress)
}

/// A column and what it holds for each kind (index = position in Kind::ALL).
struct Column {
    index: usize,
    letter: String,
    header: String,
    any: Option<Resolved>,
    by_kind: [Option<Resolved>; 5],
}

impl Column {
    fn label(&self) -> String {
        format!("{} ({})", self.letter, self.header)
    }

    fn for_kind(&self, kind: Kind) -> Option<&Resolved> {
        self.by_kind[kind_index(kind)].as_ref()
    }
}

fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

struct Layout {
    columns: Vec<Column>,
    /// The sheet's kind, if the name, --kind or the mapping file fixes it.
    fixed: Option<Kind>,
    kind_col: Option<usize>,
    /// Kinds whose columns clash (two columns fill one field): their rows are not read.
    clashing: HashSet<Kind>,
}

fn header_problem(sheet: &Sheet, col: Option<&Column>, why: String, fix: String) -> Problem {
    Problem {
        sheet: sheet.name.clone(),
        row: Some(sheet.header_row),
        column: col.map(Column::label),
        value: col.map(|c| c.header.clone()),
        why,
        fix,
    }
}

fn layout(
    sheet: &Sheet,
    fixed: Option<Kind>,
    opts: &Options,
    problems: &mut Vec<Problem>,
) -> Option<Layout> {
    let map = opts.map.as_ref();
    let mut columns = Vec::new();
    for (i, h) in sheet.headers.iter().enumerate() {
        let letter = sheet
            .letters
            .get(i)
            .cloned()
            .unwrap_or_else(|| read::column_letter(i));
        let mut col = Column {
            index: i,
            letter,
            header: h.clone(),
            any: resolve(h, None, map),
            by_kind: Kind::ALL.map(|k| resolve(h, Some(k), map)),
        };
        if h.trim().is_empty() {
            if sheet.rows.iter().any(|r| !r.cell(i).is_empty()) && !opts.ignore_unknown {
                problems.push(Problem {
                    sheet: sheet.name.clone(),
                    row: Some(sheet.header_row),
                    column: Some(col.letter.clone()),
                    value: None,
                    why: "the column has values but no header".into(),
                    fix: "give it a header (see `taizhang keys`), delete the column, or pass --ignore-unknown".into(),
                });
            }
            continue;
        }
        let known = match fixed {
            Some(k) => col.for_kind(k).is_some(),
            None => col.any.is_some() || col.by_kind.iter().any(Option::is_some),
        };
        if !known {
            // Reported (unless the user said to skip such columns), then passed over, so the
            // rows are still checked and the report lists everything at once.
            let ignore = Some(Resolved {
                target: Target::Ignore,
                unit: None,
            });
            col.any = ignore.clone();
            col.by_kind = Kind::ALL.map(|_| ignore.clone());
            if !opts.ignore_unknown {
                let whose = fixed
                    .map(|k| format!(" of {}", k.label(Lang::Zh)))
                    .unwrap_or_default();
                problems.push(header_problem(
                    sheet,
                    Some(&col),
                    format!("no field{whose} has this header"),
                    format!(
                        "rename it to a field's key or label (`taizhang keys{}`), map it in a --map file ([columns] \"{}\" = \"field_key\"), or pass --ignore-unknown",
                        fixed.map(|k| format!(" {}", k.key())).unwrap_or_default(),
                        col.header
                    ),
                ));
            }
        }
        columns.push(col);
    }
    // Problems from here on leave the rows unreadable (no title, no kind, clashing columns).
    let before = problems.len();
    let target_of = |c: &Column| match fixed {
        Some(k) => c.for_kind(k).map(|r| r.target.clone()),
        None => c.any.as_ref().map(|r| r.target.clone()),
    };
    let kind_col = columns
        .iter()
        .position(|c| target_of(c) == Some(Target::Kind));
    if !columns.iter().any(|c| target_of(c) == Some(Target::Title)) {
        problems.push(header_problem(
            sheet,
            None,
            "no title column".into(),
            "add a 标题 (title) column saying what each case is, or map one with --map ([columns] \"事项\" = \"title\")".into(),
        ));
    }
    if fixed.is_none() && kind_col.is_none() {
        problems.push(header_problem(
            sheet,
            None,
            "the kind of the cases is not known".into(),
            "name the sheet or file after the kind (信访, 劳资纠纷, 征地补偿, 安全隐患, 违建拆除), add a 类型 column, or pass --kind".into(),
        ));
    }
    let mut l = Layout {
        columns,
        fixed,
        kind_col,
        clashing: HashSet::new(),
    };
    if let Some(k) = fixed {
        check_clashes(sheet, &mut l, k, problems);
    }
    (problems.len() == before).then_some(l)
}

/// Two columns filling the same field for `kind` (only the description may take several).
fn check_clashes(sheet: &Sheet, l: &mut Layout, kind: Kind, problems: &mut Vec<Problem>) -> bool {
    let mut seen: HashMap<String, &Column> = HashMap::new();
    let mut ok = true;
    for (pos, c) in l.columns.iter().enumerate() {
        if Some(pos) == l.kind_col {
            continue;
        }
        let Some(r) = c.for_kind(kind) else { continue };
        if matches!(
            r.target,
            Target::Ignore | Target::Computed | Target::Common("description")
        ) {
            continue;
        }
        let key = r.target.key().to_string();
        if let Some(first) = seen.get(&key) {
            problems.push(header_problem(
                sheet,
                Some(c),
                format!(
                    "column {} already fills {key} of {}",
                    first.label(),
                    kind.label(Lang::Zh)
                ),
                "rename or delete one of the two columns, or map one to \"ignore\" with --map"
                    .into(),
            ));
            ok = false;
        } else {
            seen.insert(key, c);
        }
    }
    if !ok {
        l.clashing.insert(kind);
    }
    ok
}

/// What one row becomes.
enum Action {
    Create {
        kind: Kind,
        title: String,
        fields: Vec<(String, String)>,
        source: String,
        opened: NaiveDate,
        moves: Vec<(String, NaiveDate, String)>,
    },
    Update {
        id: String,
        edit: Vec<(String, String)>,
        assign: Option<String>,
        moves: Vec<(String, NaiveDate, String)>,
    },
    Unchanged,
}

struct Ctx<'a> {
    file: &'a str,
    rule_set: &'a str,
    ledger: &'a Ledger,
    today: NaiveDate,
    now: chrono::DateTime<Utc>,
    sources: HashMap<String, String>,
    keys_seen: HashMap<String, String>,
}

fn import_sheets(
    ledger: &Ledger,
    file: &str,
    sheets: &[Sheet],
    implied: Option<Kind>,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Report> {
    let map_kind = opts
        .map
        .as_ref()
        .and_then(|m| m.kind.as_deref())
        .and_then(Kind::parse);
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
        let fixed = opts
            .kind
            .or(map_kind)
            .or_else(|| sheet.name.as_deref().and_then(kind_from_name))
            .or(implied);
        let Some(mut l) = layout(sheet, fixed, opts, &mut problems) else {
            progress.inc(sheet.rows.len() as u64);
            continue;
        };
        for row in &sheet.rows {
            progress.inc(1);
            if row
                .cells
                .iter()
                .any(|c| matches!(c, Cell::Text(t) if matches!(t.trim(), "合计" | "总计" | "小计")))
            {
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
                        }
                        .into(),
                    );
                    dates.push(d);
                }
            }
            Action::Update {
                id,
                edit,
                assign,
                moves,
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
                        }
                        .into(),
                    );
                    dates.push(d);
                }
            }
        }
    }
    if opts.dry_run || reqs.is_empty() {
        return Ok(Report::Done(summary));
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

/// A date as offices write it, or an Excel serial number (days since 1899-12-30).
pub fn import_date(cell: &Cell) -> std::result::Result<NaiveDate, (String, String)> {
    let hint = "write it as 2026-05-23, 2026/5/23, 2026.5.23 or 2026年5月23日 (or format the cell as a date) with a real day of the month";
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) => excel_serial(*n).ok_or_else(|| ("not a date".into(), hint.into())),
        Cell::Text(t) => {
            let t = t.trim();
            // 2026-05-23 00:00:00 and 2026/5/23 9:30 as some systems export them.
            let day = t.split([' ', 'T']).next().unwrap_or(t);
            if day.len() == 8 && day.chars().all(|c| c.is_ascii_digit()) {
                let (y, m, d) = (&day[..4], &day[4..6], &day[6..]);
                if let Ok(d) = units::parse_date(&format!("{y}-{m}-{d}")) {
                    return Ok(d);
                }
            }
            units::parse_date(day).map_err(|_| ("not a real date".into(), hint.into()))
        }
        _ => Err(("not a date".into(), hint.into())),
    }
}

fn excel_serial(n: f64) -> Option<NaiveDate> {
    // Excel counts 1900-02-29, which never was; serials from 61 on are one day ahead of a plain count.
    if !(61.0..2_958_466.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_signed(chrono::Duration::days(n.floor() as i64))
}

/// The text a field receives from a cell, converted by the field's type and the header's unit.
fn cell_text(
    cell: &Cell,
    ty: Option<FieldType>,
    unit: Option<&str>,
) -> std::result::Result<String, (String, String)> {
    if let Cell::Error(e) = cell {
        return Err((
            format!("the cell holds the Excel error {e}"),
            "fix the formula or type the value in".into(),
        ));
    }
    let with_unit = |s: String| match unit {
        Some(u)
            if ty.is_some_and(FieldType::is_decimal)
                && s.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '，' | ' ' | '-')) =>
        {
            format!("{s}{u}")
        }
        _ => s,
    };
    Ok(match (cell, ty) {
        (_, Some(FieldType::Date)) => import_date(cell)?.to_string(),
        (Cell::Number(n), Some(FieldType::Int)) => {
            if n.fract() != 0.0 {
                return Err((
                    "not a whole number".into(),
                    "write a whole number such as 150".into(),
                ));
            }
            number_text(*n)
        }
        (Cell::Number(n), _) => with_unit(number_text(*n)),
        (Cell::Bool(b), _) => if *b { "yes" } else { "no" }.to_string(),
        (Cell::Date(d), _) => d.to_string(),
        (Cell::Text(s), _) => {
            let s = s.trim();
            // `'=…` is how exports keep text from running as a formula: the quote is not data.
            let s = match s.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                _ => s,
            };
            with_unit(s.to_string())
        }
        (Cell::Empty | Cell::Error(_), _) => String::new(),
    })
}

fn explain(e: &LedgerError) -> (String, String) {
    match e {
        LedgerError::BadValue { what, hint, .. } => {
            // Name the field as the sheet does: 诉求金额(元) (amount_claimed).
            let label = Kind::ALL
                .iter()
                .find_map(|k| k.def().field(what))
                .map(|f| format!("{} ({what})", f.zh))
                .or_else(|| {
                    super::schema::common_label(what, Lang::Zh).map(|l| format!("{l} ({what})"))
                })
                .unwrap_or_else(|| what.clone());
            (format!("invalid {label}"), hint.clone())
        }
        LedgerError::UnknownField { kind, known, .. } => (
            format!("not a field of {kind}"),
            format!("use one of {known}"),
        ),
        LedgerError::Transition {
            from, to, allowed, ..
        } => (
            format!("{from} cannot move to {to}"),
            format!("allowed next states are {allowed}"),
        ),
        LedgerError::Requirement(s) => (
            s.clone(),
            "fill the missing cells, or import the case in an earlier state and move it later"
                .into(),
        ),
        e => (e.to_string(), "correct the cell".into()),
    }
}

fn field_type(kind: Kind, t: &Target) -> Option<FieldType> {
    match t {
        Target::Field(k) => kind.def().field(k).map(|f| f.ty),
        Target::Common("opened") | Target::Closed => Some(FieldType::Date),
        _ => None,
    }
}

fn label_of(def: &KindDef, key: &str) -> String {
    def.field(key)
        .map(|f| format!("{} ({key})", f.zh))
        .unwrap_or_else(|| key.to_string())
}

/// The states to pass through from the case's state to `to`, each allowed by the workflow and
/// with the fields it requires present. Err: why not, and how to fix it.
fn path_to(
    def: &KindDef,
    case: &Case,
    to: &str,
) -> std::result::Result<Vec<String>, (String, String)> {
    let bfs = |strict: bool| -> Option<Vec<String>> {
        let mut prev: HashMap<String, String> = HashMap::new();
        let mut queue = VecDeque::from([case.state.clone()]);
        let mut seen = HashSet::from([case.state.clone()]);
        while let Some(s) = queue.pop_front() {
            if s == to {
                let mut path = vec![s.clone()];
                let mut cur = s;
                while let Some(p) = prev.get(&cur) {
                    path.push(p.clone());
                    cur = p.clone();
                }
                path.pop();
                path.reverse();
                return Some(path);
            }
            for t in def.transitions.iter().filter(|t| t.from.contains(&s)) {
                if strict && !t.requires.iter().all(|r| case.fields.contains_key(r)) {
                    continue;
                }
                if seen.insert(t.to.clone()) {
                    prev.insert(t.to.clone(), s.clone());
                    queue.push_back(t.to.clone());
                }
            }
        }
        None
    };
    if let Some(p) = bfs(true) {
        return Ok(p);
    }
    let label = def
        .state(to)
        .map(|s| format!("{} ({to})", s.zh))
        .unwrap_or_else(|| to.to_string());
    match bfs(false) {
        Some(p) => {
            let mut missing: Vec<String> = Vec::new();
            let mut from = case.state.clone();
            for s in &p {
                if let Some(t) = def.transition(&from, s) {
                    for r in &t.requires {
                        let l = label_of(def, r);
                        if !case.fields.contains_key(r) && !missing.contains(&l) {
                            missing.push(l);
                        }
                    }
                }
                from = s.clone();
            }
            Err((
                format!("a case in state {label} needs {}", missing.join(", ")),
                format!(
                    "fill the {} column(s), or import the case in an earlier state and move it later",
                    missing.join(", ")
                ),
            ))
        }
        None => Err((
            format!("{label} cannot be reached from {}", case.state),
            "import the case in an earlier state".into(),
        )),
    }
}

/// A state by key or label, also as ledgers write them with or without 已 (已受理, 办结 for 已办结).
fn state_by_name<'a>(def: &'a KindDef, text: &str) -> Option<&'a super::schema::StateDef> {
    let t = text.trim();
    def.state_by_name(t)
        .or_else(|| t.strip_prefix('已').and_then(|s| def.state_by_name(s)))
        .or_else(|| def.state_by_name(&format!("已{t}")))
}

/// A row's kind from its 类型 cell: a kind, or a labour subtype (欠薪, 工伤 …) that implies one.
fn kind_of_cell(text: &str) -> Option<(Kind, Option<String>)> {
    if let Some(k) = Kind::parse(text) {
        return Some((k, None));
    }
    let sub = Kind::Labour.def().field("subtype")?.choice(text)?;
    Some((Kind::Labour, Some(sub.key.clone())))
}

fn plan_row(
    cx: &mut Ctx,
    sheet: &Sheet,
    l: &mut Layout,
    row: &Row,
    notes: &mut Vec<String>,
) -> std::result::Result<Action, Vec<Problem>> {
    let mut problems = Vec::new();
    let at = |col: Option<&Column>, value: Option<String>, why: String, fix: String| Problem {
        sheet: sheet.name.clone(),
        row: Some(row.number),
        column: col.map(Column::label),
        value,
        why,
        fix,
    };
    // The row's kind.
    let mut implied_fields: Vec<(String, String)> = Vec::new();
    let kind = match l.kind_col.map(|i| &l.columns[i]) {
        Some(kc) if !row.cell(kc.index).is_empty() => {
            let text = row.cell(kc.index).shown();
            match kind_of_cell(&text) {
                Some((k, sub)) if l.fixed.is_none_or(|f| f == k) => {
                    if let Some(s) = sub {
                        implied_fields.push(("subtype".into(), s));
                    }
                    k
                }
                Some((k, _)) => {
                    let f = l.fixed.unwrap_or(k);
                    return Err(vec![at(
                        Some(kc),
                        Some(text),
                        format!(
                            "a {} row in a sheet of {}",
                            k.label(Lang::Zh),
                            f.label(Lang::Zh)
                        ),
                        "move the row to its own sheet, or correct the 类型 cell".into(),
                    )]);
                }
                None => {
                    return Err(vec![at(
                        Some(kc),
                        Some(text),
                        "unknown kind".into(),
                        "use 信访, 劳资纠纷, 征地补偿, 安全隐患 or 违建拆除 (or petition, labour, land, hazard, demolition)".into(),
                    )]);
                }
            }
        }
        kc => match l.fixed {
            Some(k) => k,
            None => {
                return Err(vec![at(
                    kc,
                    None,
                    "the kind is missing".into(),
                    "fill the 类型 cell (信访, 劳资纠纷, 征地补偿, 安全隐患 or 违建拆除)".into(),
                )]);
            }
        },
    };
    if l.fixed.is_none() && !l.clashing.contains(&kind) {
        let mut p = Vec::new();
        if !check_clashes(sheet, l, kind, &mut p) {
            return Err(p);
        }
    }
    if l.clashing.contains(&kind) {
        return Err(Vec::new());
    }
    let def = kind.def();
    // Read every cell the kind uses.
    let mut key: Option<String> = None;
    let mut title: Option<(String, &Column)> = None;
    let mut state: Option<(String, &Column)> = None;
    let mut closed: Option<(NaiveDate, &Column)> = None;
    let mut opened: Option<NaiveDate> = None;
    let mut fields: Vec<(String, String, &Column)> = Vec::new();
    let mut description: Vec<String> = Vec::new();
    let mut desc_col: Option<&Column> = None;
    for (pos, c) in l.columns.iter().enumerate() {
        if Some(pos) == l.kind_col {
            continue;
        }
        let cell = row.cell(c.index);
        if cell.is_empty() {
            continue;
        }
        let Some(r) = c.for_kind(kind) else {
            problems.push(at(
                Some(c),
                Some(cell.shown()),
                format!("{} has no such field", def.zh),
                format!(
                    "leave the cell empty in {} rows, or map the column with --map",
                    def.zh
                ),
            ));
            continue;
        };
        let text = match cell_text(cell, field_type(kind, &r.target), r.unit) {
            Ok(t) => t,
            Err((why, fix)) => {
                problems.push(at(Some(c), Some(cell.shown()), why, fix));
                continue;
            }
        };
        match &r.target {
            Target::Ignore | Target::Computed | Target::Kind => {}
            Target::Key => key = Some(text),
            Target::Title => title = Some((text, c)),
            Target::State => state = Some((text, c)),
            Target::Closed => match units::parse_date(&text) {
                Ok(d) => closed = Some((d, c)),
                Err(e) => {
                    let (why, fix) = explain(&e);
                    problems.push(at(Some(c), Some(cell.shown()), why, fix));
                }
            },
            Target::Common("description") => {
                description.push(text);
                desc_col.get_or_insert(c);
            }
            Target::Common(k) => {
                if *k == "opened" {
                    opened = units::parse_date(&text).ok();
                }
                fields.push(((*k).to_string(), text, c));
            }
            Target::Field(k) => fields.push((k.clone(), text, c)),
        }
    }
    if let Some(c) = desc_col {
        fields.push(("description".into(), description.join("\n"), c));
    }
    let title_col = l
        .columns
        .iter()
        .find(|c| c.for_kind(kind).is_some_and(|r| r.target == Target::Title));
    let title = match title.clone() {
        Some((t, _)) => t,
        None => {
            problems.push(at(
                title_col,
                None,
                "the title is missing".into(),
                "write a few words saying what the case is in the 标题 cell".into(),
            ));
            // The rest of the row is still checked, so every problem is reported at once.
            "?".to_string()
        }
    };
    // Where the row came from: the office's own 编号 if it has one, else file, sheet and row.
    let source = match &key {
        Some(k) => format!("{}:{}", kind.key(), k.trim()),
        None => match &sheet.name {
            Some(s) => format!("{}#{s}!{}", cx.file, row.number),
            None => format!("{}#{}", cx.file, row.number),
        },
    };
    let here = format!(
        "{}{}",
        sheet
            .name
            .as_ref()
            .map(|s| format!("{s}!"))
            .unwrap_or_default(),
        row.number
    );
    if let Some(first) = cx.keys_seen.insert(source.clone(), here.clone()) {
        let key_col = l
            .columns
            .iter()
            .find(|c| c.for_kind(kind).is_some_and(|r| r.target == Target::Key));
        problems.push(at(
            key_col,
            key.clone(),
            format!("the same 编号 is already on row {first}"),
            "give each case its own 编号, or delete the duplicate row".into(),
        ));
        return Err(problems);
    }
    // A case imported before (or one this ledger exported: its 编号 is the case id).
    let existing_id = cx.sources.get(&source).cloned().or_else(|| {
        key.as_ref()
            .map(|k| k.trim().to_uppercase())
            .filter(|k| k.starts_with(&format!("{}-", def.code)))
    });
    let existing = match existing_id {
        Some(id) => match cx.ledger.get(&id) {
            Ok(c) => Some(c),
            Err(LedgerError::NotFound(_)) => None,
            Err(e) => {
                return Err(vec![at(
                    None,
                    None,
                    e.to_string(),
                    "run `taizhang check`".into(),
                )]);
            }
        },
        None => None,
    };
    fields.splice(
        0..0,
        implied_fields
            .into_iter()
            .map(|(k, v)| (k, v, title_col.unwrap_or(&l.columns[0]))),
    );
    let base_day = opened.unwrap_or(cx.today);
    let calendar = cx.ledger.calendar();
    let ctx = |today| Context {
        today,
        rule_set: cx.rule_set,
        calendar,
    };
    let target_state = match &state {
        Some((text, c)) => match state_by_name(def, text) {
            Some(s) => Some((s.key.clone(), *c)),
            None => {
                problems.push(at(
                    Some(c),
                    Some(text.clone()),
                    format!("{} has no such state", def.zh),
                    format!(
                        "use one of {}",
                        def.states
                            .iter()
                            .map(|s| format!("{} ({})", s.zh, s.key))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                None
            }
        },
        None => None,
    };

    if let Some(mut case) = existing {
        if case.kind != kind {
            problems.push(at(
                None,
                key.clone(),
                format!(
                    "{} is a {}, not a {}",
                    case.id,
                    case.kind.label(Lang::Zh),
                    def.zh
                ),
                "correct the 类型 or the 编号".into(),
            ));
            return Err(problems);
        }
        let cid = case.id.clone();
        let mut edit = Vec::new();
        let mut assign = None;
        if let Ok(Some(_)) = command::set_field(&mut case, "title", &title) {
            edit.push(("title".to_string(), title.clone()));
        }
        for (k, v, c) in &fields {
            if k == "assignee" {
                if case.assignee.as_deref() != Some(v.as_str()) {
                    match command::apply(
                        &mut case,
                        &Command::Assign {
                            id: cid.clone(),
                            user: Some(v.clone()),
                        },
                        &ctx(cx.today),
                    ) {
                        Ok(_) => assign = Some(v.clone()),
                        Err(e) => {
                            let (why, fix) = explain(&e);
                            problems.push(at(Some(c), Some(row.cell(c.index).shown()), why, fix));
                        }
                    }
                }
                continue;
            }
            // An exported table has phone and ID numbers masked: reading it back must not
            // replace the real number with its mask.
            if def.field(k).is_some_and(|f| f.pii)
                && case
                    .fields
                    .get(k)
                    .is_some_and(|old| super::model::mask(&old.raw()) == *v)
            {
                continue;
            }
            match command::set_field(&mut case, k, v) {
                Ok(Some(_)) => edit.push((k.clone(), v.clone())),
                Ok(None) => {}
                Err(e) => {
                    let (why, fix) = explain(&e);
                    problems.push(at(Some(c), Some(row.cell(c.index).shown()), why, fix));
                }
            }
        }
        let mut moves = Vec::new();
        if let Some((to, c)) = target_state.filter(|(to, _)| *to != case.state) {
            match path_to(def, &case, &to) {
                Ok(path) => {
                    for s in path {
                        match command::apply(&mut case, &Command::Move { id: cid.clone(), to: s.clone(), note: Some(format!("imported as {to}")), fields: vec![] }, &ctx(cx.today)) {
                            Ok(_) => moves.push((s, cx.today, format!("imported as {to}"))),
                            Err(e) => {
                                let (why, fix) = explain(&e);
                                problems.push(at(Some(c), Some(to.clone()), why, fix));
                                break;
                            }
                        }
                    }
                }
                Err(_) => notes.push(format!(
                    "{here}: {} is already {} in the ledger; the file's state {to} was left as it is",
                    case.id, case.state
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if edit.is_empty() && assign.is_none() && moves.is_empty() {
            return Ok(Action::Unchanged);
        }
        return Ok(Action::Update {
            id: case.id.clone(),
            edit,
            assign,
            moves,
        });
    }

    // A new case: check it exactly as the write path will build it.
    let (mut case, _) = match command::create(
        "NEW".into(),
        kind,
        &title,
        &[],
        Some(source.clone()),
        &ctx(base_day),
        cx.now,
    ) {
        Ok(c) => c,
        Err(e) => {
            let (why, fix) = explain(&e);
            problems.push(at(title_col, Some(title.clone()), why, fix));
            return Err(problems);
        }
    };
    let cid = case.id.clone();
    for (k, v, c) in &fields {
        let r = if k == "assignee" {
            command::apply(
                &mut case,
                &Command::Assign {
                    id: cid.clone(),
                    user: Some(v.clone()),
                },
                &ctx(base_day),
            )
            .map(|_| ())
        } else {
            command::set_field(&mut case, k, v).map(|_| ())
        };
        if let Err(e) = r {
            let (why, fix) = explain(&e);
            problems.push(at(Some(c), Some(row.cell(c.index).shown()), why, fix));
        }
    }
    let mut moves = Vec::new();
    let cell_problems = !problems.is_empty();
    if let Some((to, c)) = &target_state
        && *to != case.state
    {
        match path_to(def, &case, to) {
            Ok(path) => {
                let last = path.len().saturating_sub(1);
                for (i, s) in path.into_iter().enumerate() {
                    let day = match closed {
                        Some((d, _)) if i == last && def.is_terminal(&s) => d,
                        _ => base_day,
                    };
                    match command::apply(
                        &mut case,
                        &Command::Move {
                            id: cid.clone(),
                            to: s.clone(),
                            note: Some(format!("imported as {to}")),
                            fields: vec![],
                        },
                        &ctx(day),
                    ) {
                        Ok(_) => moves.push((s, day, format!("imported as {to}"))),
                        Err(e) => {
                            // A bad cell above may be the cause; report the move only on its own.
                            if !cell_problems {
                                let (why, fix) = explain(&e);
                                problems.push(at(
                                    Some(c),
                                    state.as_ref().map(|s| s.0.clone()),
                                    why,
                                    fix,
                                ));
                            }
                            break;
                        }
                    }
                }
            }
            Err((why, fix)) => {
                problems.push(at(Some(c), state.as_ref().map(|s| s.0.clone()), why, fix))
            }
        }
    }
    if let Some((d, c)) = closed {
        if !def.is_terminal(&case.state) && problems.is_empty() {
            problems.push(at(
                Some(c),
                Some(d.to_string()),
                format!(
                    "a closing date, but the case is {} ({}), not closed",
                    def.state(&case.state).map(|s| s.zh.as_str()).unwrap_or(""),
                    case.state
                ),
                "clear the cell, or set the 状态 to a closing state".into(),
            ));
        } else if d < case.opened {
            problems.push(at(
                Some(c),
                Some(d.to_string()),
                format!("closed before it was registered ({})", case.opened),
                "correct the 办结日期 or the 登记日期".into(),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Action::Create {
        kind,
        title,
        fields: fields.into_iter().map(|(k, v, _)| (k, v)).collect(),
        source,
        opened: base_day,
        moves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_cells() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 23).unwrap();
        // 46165 is 2026-05-23 in Excel's 1900 date system.
        assert_eq!(import_date(&Cell::Number(46165.0)), Ok(d));
        assert_eq!(import_date(&Cell::Text("2026年5月23日".into())), Ok(d));
        assert_eq!(import_date(&Cell::Text("20260523".into())), Ok(d));
        assert_eq!(import_date(&Cell::Text("2026/5/23 9:30".into())), Ok(d));
        assert!(import_date(&Cell::Text("2026-02-30".into())).is_err());
        assert!(import_date(&Cell::Number(12.0)).is_err());
    }

    #[test]
    fn units_in_headers_apply_to_bare_numbers() {
        assert_eq!(
            cell_text(&Cell::Number(1.5), Some(FieldType::Money), Some("万元")).unwrap(),
            "1.5万元"
        );
        assert_eq!(
            cell_text(
                &Cell::Text("3亩".into()),
                Some(FieldType::AreaM2),
                Some("平方米")
            )
            .unwrap(),
            "3亩"
        );
        assert_eq!(
            cell_text(&Cell::Number(13812345678.0), Some(FieldType::Text), None).unwrap(),
            "13812345678"
        );
        assert!(cell_text(&Cell::Number(2.5), Some(FieldType::Int), None).is_err());
    }
}
