//! Reading a workbook or a CSV file into rows of cells, keeping each cell's sheet, row and column
//! so every problem can be reported where the user will find it. CSV files exported from Chinese
//! Excel are often GBK: UTF-8 is tried first (with or without a BOM), then GB18030, a superset of GBK.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use encoding_rs::Encoding;

use super::columns::{AFFIXED, resolve};
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::schema::Kind;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// An Excel error value such as #N/A.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user sees it, for reports.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A number as text without a spurious fraction: 13812345678, 12000.5.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The row number the user sees (1-based, as Excel and text editors count).
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    /// The worksheet name; None for a CSV file.
    pub name: Option<String>,
    pub header_row: usize,
    pub headers: Vec<String>,
    /// The merged upper header over each column of a two-row header (补偿金额 over 应补, 已付).
    pub groups: Vec<Option<String>>,
    /// What was passed over while reading (hidden rows and columns), for the user to know.
    pub notes: Vec<String>,
    /// The column letter of each header (A, B, …), as Excel shows it.
    pub letters: Vec<String>,
    pub rows: Vec<Row>,
}

pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// A worksheet as read, before its header is found.
#[derive(Debug, Clone, Default)]
pub struct RawSheet {
    pub name: Option<String>,
    pub rows: Vec<Row>,
    /// The column index (0-based) of the first cell of each row.
    pub first_col: usize,
    /// Merged cells: (first row, first column, last row, last column), 0-based.
    pub merges: Vec<(usize, usize, usize, usize)>,
    /// Hidden rows by number (1-based) and hidden columns by index (0-based).
    pub hidden_rows: Vec<usize>,
    pub hidden_cols: Vec<usize>,
}

fn filled(r: &Row) -> usize {
    r.cells.iter().filter(|c| !c.is_empty()).count()
}

/// A row that reads as a header: two or more cells, all text, most of them naming a field.
fn looks_like_header(r: &Row) -> bool {
    let texts: Vec<&str> = r
        .cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| match c {
            Cell::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    if texts.len() < 2 {
        return false;
    }
    let known = texts
        .iter()
        .filter(|t| {
            std::iter::once(None)
                .chain(Kind::ALL.map(Some))
                .any(|k| resolve(t, k, None).is_some_and(|r| r.confidence >= AFFIXED))
        })
        .count();
    known * 2 >= texts.len()
}

/// Split a worksheet into its tables: the header of each is the first row with two or more
/// filled cells, so a merged title row above it (2026年信访台账) is passed over; a second header
/// row under merged upper cells becomes sub-columns; after blank rows, another header row starts
/// another table. Hidden rows and columns are passed over with a note.
pub fn into_sheets(raw: RawSheet) -> Vec<Sheet> {
    let mut notes = Vec::new();
    let place = raw
        .name
        .as_ref()
        .map(|n| format!("sheet {n}: "))
        .unwrap_or_default();
    if !raw.hidden_rows.is_empty() {
        let mut shown: Vec<String> = raw.hidden_rows.iter().map(|r| r.to_string()).collect();
        shown.dedup();
        notes.push(format!("{place}hidden row(s) {} skipped", shown.join(", ")));
    }
    if !raw.hidden_cols.is_empty() {
        let shown: Vec<String> = raw.hidden_cols.iter().map(|c| column_letter(*c)).collect();
        notes.push(format!(
            "{place}hidden column(s) {} skipped",
            shown.join(", ")
        ));
    }
    let first_col = raw.first_col;
    let rows: Vec<Row> = raw
        .rows
        .into_iter()
        .filter(|r| !raw.hidden_rows.contains(&r.number))
        .map(|mut r| {
            for c in &raw.hidden_cols {
                if let Some(cell) = c.checked_sub(first_col).and_then(|i| r.cells.get_mut(i)) {
                    *cell = Cell::Empty;
                }
            }
            r
        })
        .collect();
    let mut out = Vec::new();
    let mut at = 0usize;
    let mut first = true;
    while at < rows.len() {
        let rest = &rows[at..];
        let Some(pos) = rest.iter().position(|r| filled(r) >= 2).or_else(|| {
            first
                .then(|| rest.iter().position(|r| filled(r) > 0))
                .flatten()
        }) else {
            break;
        };
        first = false;
        let header = &rest[pos];
        let mut headers: Vec<String> = header
            .cells
            .iter()
            .map(|c| c.shown().trim().to_string())
            .collect();
        let mut groups: Vec<Option<String>> = vec![None; headers.len()];
        let mut data_from = pos + 1;
        if let Some(next) = rest.get(pos + 1)
            && is_sub_header(header, next, &raw.merges, first_col)
        {
            let width = headers.len().max(next.cells.len());
            headers.resize(width, String::new());
            groups.resize(width, None);
            let mut upper: Option<String> = None;
            for (i, h) in headers.iter_mut().enumerate() {
                let lower = next.cell(i).shown().trim().to_string();
                if !h.is_empty() {
                    upper = Some(h.clone());
                } else if !merged_across(&raw.merges, header.number - 1, first_col + i) {
                    // An empty upper cell not in a merge keeps the header on its left only
                    // when there are no merges to say otherwise.
                    if !raw.merges.is_empty() {
                        upper = None;
                    }
                }
                if lower.is_empty() {
                    continue;
                }
                groups[i] = upper.clone().filter(|u| *u != lower);
                *h = lower;
            }
            data_from = pos + 2;
        }
        // The table runs to the next header row after blank rows, or to the end.
        let mut end = rest.len();
        let mut i = data_from;
        while i < rest.len() {
            if filled(&rest[i]) == 0 {
                let mut j = i;
                while j < rest.len() && filled(&rest[j]) <= 1 {
                    j += 1;
                }
                if j < rest.len() && looks_like_header(&rest[j]) {
                    end = i;
                    break;
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        let letters = (0..headers.len())
            .map(|i| column_letter(first_col + i))
            .collect();
        out.push(Sheet {
            name: raw.name.clone(),
            header_row: header.number,
            headers,
            groups,
            notes: std::mem::take(&mut notes),
            letters,
            rows: rest[data_from..end]
                .iter()
                .filter(|r| filled(r) > 0)
                .cloned()
                .collect(),
        });
        at += end;
    }
    out
}

/// Whether the cell (0-based) lies in a merged region that spans columns.
fn merged_across(merges: &[(usize, usize, usize, usize)], row: usize, col: usize) -> bool {
    merges
        .iter()
        .any(|&(r0, c0, r1, c1)| c1 > c0 && (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
}

/// Whether `next` is the lower row of a two-row header: the header row has cells merged across
/// columns (or, without merge information, empty cells over the lower row's text), and the lower
/// row holds only short text.
fn is_sub_header(
    header: &Row,
    next: &Row,
    merges: &[(usize, usize, usize, usize)],
    first_col: usize,
) -> bool {
    let all_text = next
        .cells
        .iter()
        .filter(|c| !c.is_empty())
        .all(|c| matches!(c, Cell::Text(t) if t.trim().chars().count() <= 12));
    if !all_text || filled(next) == 0 {
        return false;
    }
    let row = header.number - 1;
    let under_gap_or_merge = (0..next.cells.len()).any(|i| {
        !next.cell(i).is_empty()
            && (header.cell(i).is_empty() || merged_across(merges, row, first_col + i))
    });
    if !merges.is_empty() {
        return (0..next.cells.len())
            .any(|i| !next.cell(i).is_empty() && merged_across(merges, row, first_col + i));
    }
    under_gap_or_merge && looks_like_header(next)
}

/// Split raw rows into header and data (the first table only).
#[cfg(test)]
fn into_sheet(name: Option<String>, rows: Vec<Row>, first_col: usize) -> Option<Sheet> {
    into_sheets(RawSheet {
        name,
        rows,
        first_col,
        ..RawSheet::default()
    })
    .into_iter()
    .next()
}

fn excel_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => Cell::Date(t.date()),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Every sheet of a workbook (or only `only`), each table with its header row and data rows.
pub fn read_workbook(path: &Path, only: Option<&str>) -> Result<Vec<Sheet>> {
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| {
        LedgerError::Io(format!(
            "cannot read the workbook {}: {e}; save it as .xlsx and try again",
            path.display()
        ))
    })?;
    let names = wb.sheet_names();
    if let Some(s) = only
        && !names.iter().any(|n| n == s)
    {
        return Err(LedgerError::BadValue {
            what: "sheet".into(),
            value: s.to_string(),
            hint: format!("{} has the sheets {}", path.display(), names.join(", ")),
        });
    }
    let hidden = hidden_in_xlsx(path).unwrap_or_default();
    let mut out = Vec::new();
    for name in names {
        if only.is_some_and(|s| s != name) {
            continue;
        }
        let range = wb.worksheet_range(&name).map_err(|e| {
            LedgerError::Io(format!(
                "cannot read sheet {name} of {}: {e}",
                path.display()
            ))
        })?;
        let merges = match &mut wb {
            calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let (row0, col0) = range
            .start()
            .map(|(r, c)| (r as usize, c as usize))
            .unwrap_or((0, 0));
        let rows: Vec<Row> = range
            .rows()
            .enumerate()
            .map(|(i, r)| Row {
                number: row0 + i + 1,
                cells: r.iter().map(excel_cell).collect(),
            })
            .collect();
        let (hidden_rows, hidden_cols) = hidden.get(&name).cloned().unwrap_or_default();
        let last_row = row0 + rows.len();
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        out.extend(into_sheets(RawSheet {
            name: Some(name),
            rows,
            first_col: col0,
            merges: merges
                .iter()
                .map(|d| {
                    (
                        d.start.0 as usize,
                        d.start.1 as usize,
                        d.end.0 as usize,
                        d.end.1 as usize,
                    )
                })
                .collect(),
            // Only what the table covers: Excel marks whole unused ranges hidden at times.
            hidden_rows: hidden_rows
                .into_iter()
                .filter(|r| (row0 + 1..=last_row).contains(r))
                .collect(),
            hidden_cols: hidden_cols
                .into_iter()
                .filter(|c| (col0..col0 + width).contains(c))
                .collect(),
        }));
    }
    Ok(out)
}

type Hidden = std::collections::HashMap<String, (Vec<usize>, Vec<usize>)>;

/// The hidden rows (1-based) and columns (0-based) of each sheet of an .xlsx file, read from its
/// XML (None: not an .xlsx file, or one this cannot read — then nothing is hidden).
fn hidden_in_xlsx(path: &Path) -> Option<Hidden> {
    use quick_xml::events::Event;
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let mut read = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let attr = |e: &quick_xml::events::BytesStart, key: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().into_inner() == key)
            .map(|a| {
                quick_xml::escape::unescape(&a.value)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.to_string())
            })
    };
    let each = |xml: &str, f: &mut dyn FnMut(&quick_xml::events::BytesStart)| {
        let mut r = quick_xml::Reader::from_str(xml);
        loop {
            match r.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => f(&e),
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    };
    let workbook = read("xl/workbook.xml")?;
    let rels = read("xl/_rels/workbook.xml.rels")?;
    let mut sheets: Vec<(String, String)> = Vec::new();
    each(&workbook, &mut |e| {
        if e.local_name().into_inner() == "sheet"
            && let (Some(n), Some(id)) = (attr(e, "name"), attr(e, "id"))
        {
            sheets.push((n, id));
        }
    });
    let mut targets: std::collections::HashMap<String, String> = Default::default();
    each(&rels, &mut |e| {
        if e.local_name().into_inner() == "Relationship"
            && let (Some(id), Some(t)) = (attr(e, "Id"), attr(e, "Target"))
        {
            let t = t.trim_start_matches('/');
            let t = if t.starts_with("xl/") {
                t.to_string()
            } else {
                format!("xl/{t}")
            };
            targets.insert(id, t);
        }
    });
    let mut out = Hidden::new();
    for (name, id) in sheets {
        let Some(xml) = targets.get(&id).and_then(|t| read(t)) else {
            continue;
        };
        let (mut rows, mut cols) = (Vec::new(), Vec::new());
        each(&xml, &mut |e| {
            let hidden = attr(e, "hidden").is_some_and(|h| h == "1" || h == "true");
            if !hidden {
                return;
            }
            match e.local_name().into_inner() {
                "row" => {
                    if let Some(r) = attr(e, "r").and_then(|r| r.parse().ok()) {
                        rows.push(r);
                    }
                }
                "col" => {
                    let min: Option<usize> = attr(e, "min").and_then(|v| v.parse().ok());
                    let max: Option<usize> = attr(e, "max").and_then(|v| v.parse().ok());
                    if let (Some(a), Some(b)) = (min, max) {
                        // Excel counts columns from 1; at most a sheet's width.
                        cols.extend((a.max(1)..=b.min(16_384)).map(|c| c - 1));
                    }
                }
                _ => {}
            }
        });
        out.insert(name, (rows, cols));
    }
    Some(out)
}

/// Decode a text file: `encoding` if given; else UTF-8 (a BOM is dropped), else GB18030.
pub fn decode(bytes: &[u8], encoding: Option<&'static Encoding>, what: &str) -> Result<String> {
    let bad = |enc: &str| {
        LedgerError::Io(format!(
            "{what} is not valid {enc}: save it as UTF-8, or give its encoding with --encoding utf-8|gbk|gb18030"
        ))
    };
    match encoding {
        Some(enc) => {
            let bytes = if enc == encoding_rs::UTF_8 {
                bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
            } else {
                bytes
            };
            enc.decode_without_bom_handling_and_without_replacement(bytes)
                .map(|c| c.into_owned())
                .ok_or_else(|| bad(enc.name()))
        }
        None => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(s) => Ok(s.to_string()),
                Err(_) => encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .map(|c| c.into_owned())
                    .ok_or_else(|| bad("UTF-8 nor GBK/GB18030")),
            }
        }
    }
}

/// `utf-8`, `gbk`, `gb18030` (and the other names encoding_rs knows).
pub fn encoding_by_name(name: &str) -> Result<&'static Encoding> {
    Encoding::for_label(name.trim().as_bytes()).ok_or_else(|| LedgerError::BadValue {
        what: "encoding".into(),
        value: name.to_string(),
        hint: "use utf-8, gbk or gb18030".into(),
    })
}

/// A CSV file as one sheet (a table for each header row after blank rows); every cell is text.
pub fn read_csv(path: &Path, encoding: Option<&'static Encoding>) -> Result<Vec<Sheet>> {
    let bytes = std::fs::read(path)
        .map_err(|e| LedgerError::Io(format!("cannot read {}: {e}", path.display())))?;
    let text = decode(&bytes, encoding, &path.display().to_string())?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => rows.push(Row {
                number: record.position().map(|p| p.line() as usize).unwrap_or(line),
                cells: record
                    .iter()
                    .map(|s| {
                        if s.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(s.to_string())
                        }
                    })
                    .collect(),
            }),
            Ok(false) => break,
            Err(e) => {
                return Err(LedgerError::Io(format!(
                    "{} line {line}: {e}; check the quotes on that line",
                    path.display()
                )));
            }
        }
    }
    let sheets = into_sheets(RawSheet {
        rows,
        ..RawSheet::default()
    });
    if sheets.is_empty() {
        return Err(LedgerError::Io(format!(
            "{} is empty: nothing to import",
            path.display()
        )));
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_count_like_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn gbk_is_recognised_and_utf8_bom_dropped() {
        let (gbk, _, _) = encoding_rs::GBK.encode("标题,状态\n德乐公司欠薪,登记\n");
        assert_eq!(
            decode(&gbk, None, "x").unwrap(),
            "标题,状态\n德乐公司欠薪,登记\n"
        );
        let bom = "\u{feff}标题\n".as_bytes();
        assert_eq!(decode(bom, None, "x").unwrap(), "标题\n");
        assert!(decode(&[0xff, 0xff, 0xff], Some(encoding_rs::UTF_8), "x").is_err());
    }

    #[test]
    fn title_rows_above_the_header_are_passed_over() {
        let rows = vec![
            Row {
                number: 1,
                cells: vec![Cell::Text("2026年信访台账".into())],
            },
            Row {
                number: 2,
                cells: vec![Cell::Text("标题".into()), Cell::Text("状态".into())],
            },
            Row {
                number: 3,
                cells: vec![Cell::Text("a".into()), Cell::Empty],
            },
            Row {
                number: 4,
                cells: vec![Cell::Empty, Cell::Empty],
            },
        ];
        let s = into_sheet(None, rows, 0).unwrap();
        assert_eq!(s.header_row, 2);
        assert_eq!(s.headers, vec!["标题", "状态"]);
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.rows[0].number, 3);
    }
}
