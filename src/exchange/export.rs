//! Exports: JSON Lines (everything, history included: the migration and backup format), and a
//! table per kind as CSV, Markdown or an Excel workbook for the documents an office sends upward.
//! Phone and ID numbers are masked unless the caller asks for them (and records that it did).

use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::import::jsonl::{AuditLine, CaseLine, FORMAT, Header, TargetLine, UserLine};
use crate::ledger::access::{Personal, mask_value};
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::i18n::Lang;
use crate::ledger::model::{Case, Value};
use crate::ledger::schema::{FieldType, Kind, common_label};
use crate::ledger::snapshot::Snapshot;
use crate::ledger::text::{sanitize, width};
use crate::ledger::units;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Xlsx,
    Md,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "xlsx" | "excel" => Ok(Format::Xlsx),
            "md" | "markdown" => Ok(Format::Md),
            _ => Err(LedgerError::BadValue {
                what: "format".into(),
                value: s.into(),
                hint: "use jsonl, csv, xlsx or md".into(),
            }),
        }
    }

    /// The format a file name asks for (`台账.xlsx`).
    pub fn from_path(p: &std::path::Path) -> Option<Format> {
        Format::parse(&p.extension()?.to_string_lossy()).ok()
    }
}

fn io(e: impl std::fmt::Display) -> LedgerError {
    LedgerError::Io(format!("cannot write the export: {e}"))
}

/// JSON Lines: a header line, then every case with its full history, then the targets.
pub fn write_jsonl(
    w: &mut dyn Write,
    snap: &Snapshot,
    with_pii: bool,
    with_targets: bool,
) -> Result<()> {
    let header = Header {
        taizhang: "ledger".into(),
        format: FORMAT,
        rule_set: Some(snap.rule_set.clone()),
        version: Some(snap.version),
        pii: Some(
            if with_pii && snap.partial.is_none() {
                "full"
            } else {
                "masked"
            }
            .into(),
        ),
        exported: Some(chrono::Utc::now()),
        partial: snap.partial.clone(),
    };
    let line = |w: &mut dyn Write, v: &dyn erased::Ser| -> Result<()> {
        w.write_all(v.json()?.as_bytes()).map_err(io)?;
        w.write_all(b"\n").map_err(io)
    };
    line(w, &header)?;
    for (case, history) in &snap.cases {
        let mut l = CaseLine {
            case: case.clone(),
            history: history.clone(),
        };
        if !with_pii {
            l.case.mask_personal();
            l.history.mask_personal();
        }
        line(w, &l)?;
    }
    if with_targets {
        for t in &snap.targets {
            line(w, &TargetLine { target: t.clone() })?;
        }
        for u in &snap.users {
            line(w, &UserLine { user: u.clone() })?;
        }
        for a in &snap.audit {
            line(w, &AuditLine { audit: a.clone() })?;
        }
    }
    w.flush().map_err(io)
}

mod erased {
    use super::{LedgerError, Result};

    /// Serialise any of the line types through one closure.
    pub trait Ser {
        fn json(&self) -> Result<String>;
    }

    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> Result<String> {
            serde_json::to_string(self)
                .map_err(|e| LedgerError::Io(format!("cannot encode a record: {e}")))
        }
    }
}

/// A table cell with its type, so a workbook gets real dates and numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Date(NaiveDate),
    Num(Decimal, FieldType),
    Int(i64),
}

impl Out {
    /// As text in CSV and Markdown: ISO dates, plain numbers that import back.
    pub fn text(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(s) => s.clone(),
            Out::Date(d) => d.to_string(),
            Out::Num(d, FieldType::AreaMu) => units::mu(*d),
            Out::Num(d, FieldType::AreaM2) => units::m2(*d),
            Out::Num(d, _) => units::fixed(*d, 2),
            Out::Int(i) => i.to_string(),
        }
    }
}

/// The cases of one kind as a table.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: Kind,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Out>>,
}

const COMMON_COLUMNS: [&str; 12] = [
    "id",
    "title",
    "state",
    "party",
    "location",
    "assignee",
    "priority",
    "tags",
    "opened",
    "due",
    "closed",
    "description",
];

/// A table per kind (in the kinds' order), rows in the order given; `due` gives each case's due date.
pub fn tables(
    cases: &[&Case],
    lang: Lang,
    with_pii: bool,
    due: &dyn Fn(&Case) -> Option<NaiveDate>,
) -> Vec<Table> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let of_kind: Vec<&&Case> = cases.iter().filter(|c| c.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let def = kind.def();
        let mut header: Vec<String> = COMMON_COLUMNS
            .iter()
            .map(|k| {
                let l = common_label(k, lang).unwrap_or(k);
                // 责任人 is both the officer assigned and a hazard's responsible person: the key
                // tells the two columns apart, and import reads `责任人(assignee)` back.
                if def.fields.iter().any(|f| f.label(lang) == l) {
                    format!("{l}({k})")
                } else {
                    l.to_string()
                }
            })
            .collect();
        header.extend(def.fields.iter().map(|f| f.label(lang).to_string()));
        let rows = of_kind
            .iter()
            .map(|c| {
                let text = |s: &str| {
                    if s.is_empty() {
                        Out::Empty
                    } else {
                        Out::Text(s.to_string())
                    }
                };
                let mut row = vec![
                    Out::Text(c.id.clone()),
                    text(&c.title),
                    Out::Text(c.state_label(lang).to_string()),
                    text(&c.party),
                    text(&c.location),
                    c.assignee.as_deref().map(text).unwrap_or(Out::Empty),
                    Out::Text(c.priority.label(lang).to_string()),
                    text(&c.tags.join(", ")),
                    Out::Date(c.opened),
                    if c.is_open() {
                        due(c).map(Out::Date).unwrap_or(Out::Empty)
                    } else {
                        Out::Empty
                    },
                    c.closed.map(Out::Date).unwrap_or(Out::Empty),
                    text(&c.description),
                ];
                for f in &def.fields {
                    row.push(match c.fields.get(&f.key) {
                        None => Out::Empty,
                        Some(v) if f.pii && !with_pii => {
                            let mut v = v.clone();
                            mask_value(&mut v);
                            Out::Text(v.raw())
                        }
                        Some(Value::Dec(d)) => Out::Num(*d, f.ty),
                        Some(Value::Int(i)) => Out::Int(*i),
                        Some(Value::Date(d)) => Out::Date(*d),
                        Some(v) => Out::Text(v.display(f, lang)),
                    });
                }
                row
            })
            .collect();
        out.push(Table { kind, header, rows });
    }
    out
}

/// A cell for a CSV file. Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`,
/// `-`, `@`) is prefixed with `'`, which spreadsheets show as text; import removes it again.
fn csv_cell(c: &Out) -> String {
    match c {
        Out::Text(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{s}"),
        c => c.text(),
    }
}

/// One table as CSV (UTF-8; a BOM when `bom`, so Excel opens Chinese text correctly).
pub fn csv(table: &Table, bom: bool) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(&table.header).map_err(io)?;
        for r in &table.rows {
            w.write_record(r.iter().map(csv_cell)).map_err(io)?;
        }
        w.flush().map_err(io)?;
    }
    Ok(buf)
}

fn md_cell(s: &str) -> String {
    sanitize(s).replace('|', "\\|")
}

/// Markdown: a heading and a table per kind.
pub fn markdown(tables: &[Table], lang: Lang) -> String {
    let mut s = String::new();
    for t in tables {
        s.push_str(&format!(
            "## {} ({} {})\n\n",
            t.kind.label(lang),
            t.rows.len(),
            lang.pick("件", "cases")
        ));
        s.push_str(&format!(
            "| {} |\n",
            t.header
                .iter()
                .map(|h| md_cell(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        s.push_str(&format!("|{}\n", "---|".repeat(t.header.len())));
        for r in &t.rows {
            s.push_str(&format!(
                "| {} |\n",
                r.iter()
                    .map(|c| md_cell(&c.text()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
        s.push('\n');
    }
    s
}

fn xerr(e: rust_xlsxwriter::XlsxError) -> LedgerError {
    LedgerError::Io(format!("cannot write the workbook: {e}"))
}

/// An Excel workbook: a summary sheet (cases per kind and state), then a sheet per kind with a
/// frozen header row, real dates and numbers, and columns wide enough for their contents.
pub fn xlsx(tables: &[Table], cases: &[&Case], lang: Lang) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let bold = XFormat::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let date_fmt = XFormat::new().set_num_format("yyyy-mm-dd");
    let money_fmt = XFormat::new().set_num_format("#,##0.00");
    let mu_fmt = XFormat::new().set_num_format("0.0000");
    let int_fmt = XFormat::new().set_num_format("0");
    let xdate = |d: NaiveDate| {
        use chrono::Datelike;
        ExcelDateTime::from_ymd(
            d.year().clamp(1900, 9999) as u16,
            d.month() as u8,
            d.day() as u8,
        )
    };

    let summary = wb.add_worksheet();
    summary
        .set_name(lang.pick("汇总", "Summary"))
        .map_err(xerr)?;
    let heads = [
        lang.pick("类型", "Kind"),
        lang.pick("状态", "State"),
        lang.pick("件数", "Cases"),
    ];
    for (i, h) in heads.iter().enumerate() {
        summary
            .write_string_with_format(0, i as u16, *h, &bold)
            .map_err(xerr)?;
    }
    let mut r = 1u32;
    for kind in Kind::ALL {
        let def = kind.def();
        let of_kind: Vec<&&Case> = cases.iter().filter(|c| c.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        for st in &def.states {
            let n = of_kind.iter().filter(|c| c.state == st.key).count();
            if n > 0 {
                summary.write_string(r, 0, def.label(lang)).map_err(xerr)?;
                summary.write_string(r, 1, st.label(lang)).map_err(xerr)?;
                summary.write_number(r, 2, n as f64).map_err(xerr)?;
                r += 1;
            }
        }
        summary
            .write_string_with_format(r, 0, def.label(lang), &bold)
            .map_err(xerr)?;
        summary
            .write_string_with_format(r, 1, lang.pick("合计", "Total"), &bold)
            .map_err(xerr)?;
        summary
            .write_number_with_format(r, 2, of_kind.len() as f64, &bold)
            .map_err(xerr)?;
        r += 1;
    }
    summary.set_column_width(0, 16).map_err(xerr)?;
    summary.set_column_width(1, 18).map_err(xerr)?;
    summary.set_column_width(2, 8).map_err(xerr)?;
    summary.set_freeze_panes(1, 0).map_err(xerr)?;

    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.kind.label(lang)).map_err(xerr)?;
        let mut widths: Vec<usize> = t.header.iter().map(|h| width(h)).collect();
        for (c, h) in t.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(xerr)?;
        }
        for (i, row) in t.rows.iter().enumerate() {
            let rn = i as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let cn = c as u16;
                match cell {
                    Out::Empty => {}
                    Out::Text(s) => {
                        ws.write_string(rn, cn, sanitize(s).as_ref())
                            .map_err(xerr)?;
                    }
                    Out::Date(d) => {
                        ws.write_datetime_with_format(rn, cn, xdate(*d).map_err(xerr)?, &date_fmt)
                            .map_err(xerr)?;
                    }
                    Out::Num(d, ty) => {
                        let f = if *ty == FieldType::AreaMu {
                            &mu_fmt
                        } else {
                            &money_fmt
                        };
                        ws.write_number_with_format(rn, cn, d.to_f64().unwrap_or(0.0), f)
                            .map_err(xerr)?;
                    }
                    Out::Int(n) => {
                        ws.write_number_with_format(rn, cn, *n as f64, &int_fmt)
                            .map_err(xerr)?;
                    }
                }
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(width(&cell.text()));
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(6, 40) as f64 + 2.0)
                .map_err(xerr)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
    }
    wb.save_to_buffer().map_err(xerr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_cannot_break_the_table_or_the_terminal() {
        assert_eq!(md_cell("a|b"), "a\\|b");
        assert_eq!(md_cell("x\u{1b}[2Jy\nz"), "x\\e[2Jy\\nz");
    }

    #[test]
    fn csv_text_never_runs_as_a_formula() {
        assert_eq!(
            csv_cell(&Out::Text("=HYPERLINK(\"http://x\")".into())),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_cell(&Out::Text("-5".into())), "'-5");
        assert_eq!(csv_cell(&Out::Text("德乐".into())), "德乐");
        assert_eq!(
            csv_cell(&Out::Num("5".parse().unwrap(), FieldType::Money)),
            "5.00"
        );
    }

    #[test]
    fn numbers_keep_their_precision_as_text() {
        assert_eq!(
            Out::Num("54.8375".parse().unwrap(), FieldType::AreaMu).text(),
            "54.8375"
        );
        assert_eq!(
            Out::Num("12000".parse().unwrap(), FieldType::Money).text(),
            "12000.00"
        );
        assert_eq!(
            Out::Num("2524.5".parse().unwrap(), FieldType::AreaM2).text(),
            "2524.5"
        );
    }
}
