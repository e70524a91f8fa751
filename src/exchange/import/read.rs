//! Reading a workbook or a CSV file into rows of cells, keeping each cell's sheet, row and column
//! so every problem can be reported where the user will find it. CSV files exported from Chinese
//! Excel are often GBK: UTF-8 is tried first (with or without a BOM), then GB18030, a superset of GBK.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use encoding_rs::Encoding;

use crate::ledger::error::{LedgerError, Result};

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

/// Split raw rows into header and data: the header is the first row with two or more filled
/// cells, so a merged title row above it (2026年信访台账) is passed over.
fn into_sheet(name: Option<String>, rows: Vec<Row>, first_col: usize) -> Option<Sheet> {
    let pos = rows
        .iter()
        .position(|r| r.cells.iter().filter(|c| !c.is_empty()).count() >= 2)
        .or_else(|| {
            rows.iter()
                .position(|r| r.cells.iter().any(|c| !c.is_empty()))
        })?;
    let mut rows = rows;
    let data = rows.split_off(pos + 1);
    let header = rows.pop()?;
    let headers: Vec<String> = header
        .cells
        .iter()
        .map(|c| c.shown().trim().to_string())
        .collect();
    let letters = (0..headers.len())
        .map(|i| column_letter(first_col + i))
        .collect();
    Some(Sheet {
        name,
        header_row: header.number,
        headers,
        letters,
        rows: data
            .into_iter()
            .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
            .collect(),
    })
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

/// Every sheet of a workbook (or only `only`), each with its header row and data rows.
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
        if let Some(sheet) = into_sheet(Some(name), rows, col0) {
            out.push(sheet);
        }
    }
    Ok(out)
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

/// A CSV file as one sheet; every cell is text.
pub fn read_csv(path: &Path, encoding: Option<&'static Encoding>) -> Result<Sheet> {
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
    into_sheet(None, rows, 0)
        .ok_or_else(|| LedgerError::Io(format!("{} is empty: nothing to import", path.display())))
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
