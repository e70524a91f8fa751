//! What the importer makes of a file before anything is read into the ledger: each table's kind
//! and each column's field with how sure the match is. The suggested map (`import --suggest-map`)
//! and the interface's import screen are both drawn from it.

use std::collections::HashSet;

use super::columns::{Mapping, Resolved, Target, nearest, norm, resolve_column};
use super::read::Sheet;
use super::{Options, sheet_kind};
use crate::ledger::i18n::Lang;
use crate::ledger::schema::{Kind, common_label};

/// One column as the importer reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnView {
    pub letter: String,
    /// The header as the sheet writes it; `上/下` for a sub-column of a two-row header.
    pub header: String,
    /// The field it fills (`title`, `channel`, `-` for passed over); None: no field matched.
    pub field: Option<String>,
    pub confidence: u8,
    /// Other fields it could equally be.
    pub others: Vec<String>,
    /// The fields nearest to an unmatched header.
    pub nearest: Vec<String>,
    /// Whether the map file decided it.
    pub mapped: bool,
}

impl ColumnView {
    /// Whether the user must confirm it: unmatched, unsure, or one of several.
    pub fn needs_confirming(&self) -> bool {
        self.field.is_none()
            || self.confidence < super::columns::CONFIRM_BELOW
            || !self.others.is_empty()
    }
}

/// One table of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetView {
    pub name: Option<String>,
    pub kind: Option<Kind>,
    pub header_row: usize,
    pub columns: Vec<ColumnView>,
    /// The first data rows as the cells read (row number, cells by column).
    pub rows: Vec<(usize, Vec<String>)>,
    pub notes: Vec<String>,
}

/// The label of a field key for `kind`: 渠道 (channel).
pub fn field_label(kind: Option<Kind>, key: &str, lang: Lang) -> String {
    let special = match key {
        "-" => Some(("不导入", "not imported")),
        "progress" => Some(("办理情况(记为备注)", "progress (kept as a note)")),
        "id" => Some(("编号", "reference")),
        _ => None,
    };
    if let Some((zh, en)) = special {
        return lang.pick(zh, en).to_string();
    }
    kind.and_then(|k| k.def().field(key).map(|f| f.label(lang).to_string()))
        .or_else(|| common_label(key, lang).map(String::from))
        .unwrap_or_else(|| key.to_string())
}

fn view_of(r: Option<&Resolved>, header: &str, kind: Option<Kind>, mapped: bool) -> ColumnView {
    match r {
        Some(r) => ColumnView {
            letter: String::new(),
            header: header.to_string(),
            field: Some(r.target.key().to_string()),
            confidence: r.confidence,
            others: r.others.iter().map(|t| t.key().to_string()).collect(),
            nearest: Vec::new(),
            mapped,
        },
        None => ColumnView {
            letter: String::new(),
            header: header.to_string(),
            field: None,
            confidence: 0,
            others: Vec::new(),
            nearest: nearest(header, kind),
            mapped: false,
        },
    }
}

/// Every table of the file with its kind and its columns' fields; `preview` data rows each.
pub fn survey(
    sheets: &[Sheet],
    implied: Option<Kind>,
    opts: &Options,
    preview: usize,
) -> Vec<SheetView> {
    let map = opts.map.as_ref();
    sheets
        .iter()
        .map(|sheet| {
            let kind = sheet_kind(sheet, implied, opts).or_else(|| kind_by_columns(sheet));
            let mut columns = Vec::new();
            for (i, h) in sheet.headers.iter().enumerate() {
                let upper = sheet.groups.get(i).and_then(|g| g.as_deref());
                let header = match upper {
                    Some(u) if !h.trim().is_empty() => format!("{u}/{h}"),
                    Some(u) => u.to_string(),
                    None => h.clone(),
                };
                if header.trim().is_empty() {
                    continue;
                }
                let mapped = map.is_some_and(|m| {
                    m.columns.contains_key(&norm(&header)) || m.columns.contains_key(&norm(h))
                });
                let r = resolve_column(upper, h, kind, map);
                let mut v = view_of(r.as_ref(), &header, kind, mapped);
                v.letter = sheet
                    .letters
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| super::read::column_letter(i));
                columns.push((i, v));
            }
            let rows = sheet
                .rows
                .iter()
                .filter(|r| !super::is_totals(r))
                .take(preview)
                .map(|r| {
                    (
                        r.number,
                        columns.iter().map(|(i, _)| r.cell(*i).shown()).collect(),
                    )
                })
                .collect();
            SheetView {
                name: sheet.name.clone(),
                kind,
                header_row: sheet.header_row,
                columns: columns.into_iter().map(|(_, v)| v).collect(),
                rows,
                notes: sheet.notes.clone(),
            }
        })
        .collect()
}

/// The kind whose own fields the most headers name, when one clearly leads (a sheet called
/// Sheet1 with 户主姓名, 地块号, 僵持原因 is land compensation).
pub fn kind_by_columns(sheet: &Sheet) -> Option<Kind> {
    let mut best: Vec<(usize, Kind)> = Kind::ALL
        .iter()
        .map(|k| {
            let n = sheet
                .headers
                .iter()
                .enumerate()
                .filter(|(i, h)| {
                    let upper = sheet.groups.get(*i).and_then(|g| g.as_deref());
                    resolve_column(upper, h, Some(*k), None)
                        .is_some_and(|r| matches!(r.target, Target::Field(_)) && !r.doubtful())
                })
                .count();
            (n, *k)
        })
        .collect();
    best.sort_by_key(|b| std::cmp::Reverse(b.0));
    match best.as_slice() {
        [(a, k), (b, _), ..] if *a >= 2 && *a > *b => Some(*k),
        _ => None,
    }
}

/// A commented TOML map of every column, to correct and pass back with `--map`: matched columns
/// with their confidence; unsure ones and unmatched ones commented out with the candidates.
pub fn suggested_map(file: &str, views: &[SheetView]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Column map for {file}, proposed by `taizhang import --suggest-map`.\n\
         # Each line is  \"header as in the sheet\" = \"field\".  Correct what is wrong, remove the\n\
         # `#` before a line to use it, then import with  taizhang import {file} --map THIS_FILE\n\
         # Fields: `taizhang keys KIND`; \"ignore\" passes a column over; \"progress\" keeps it as notes.\n"
    ));
    let kinds: HashSet<Option<Kind>> = views.iter().map(|v| v.kind).collect();
    if kinds.len() == 1
        && let Some(Some(k)) = kinds.iter().next()
    {
        out.push_str(&format!("kind = \"{}\"\n", k.key()));
    }
    out.push_str("\n[columns]\n");
    let mut written: HashSet<String> = HashSet::new();
    for v in views {
        let place = v.name.as_deref().unwrap_or(file);
        let kind = v
            .kind
            .map(|k| format!("{} {}", k.label(Lang::Zh), k.key()))
            .unwrap_or_else(|| "kind not known".into());
        out.push_str(&format!(
            "\n# {place} ({kind}), header on row {}\n",
            v.header_row
        ));
        for c in &v.columns {
            let key = norm(&c.header);
            let header = toml_string(&c.header);
            if !written.insert(key) {
                out.push_str(&format!("# {header} is above\n"));
                continue;
            }
            let label = |f: &str| field_label(v.kind, f, Lang::Zh);
            match &c.field {
                Some(f) if !c.needs_confirming() => {
                    let how = if c.mapped {
                        "from the --map file".to_string()
                    } else {
                        format!("{}%", c.confidence)
                    };
                    out.push_str(&format!(
                        "{header} = \"{f}\"   # column {} → {}, {how}\n",
                        c.letter,
                        label(f)
                    ));
                }
                Some(f) => {
                    let mut all = vec![f.clone()];
                    all.extend(c.others.iter().cloned());
                    let why = if c.others.is_empty() {
                        format!("only {}% sure", c.confidence)
                    } else {
                        format!(
                            "could be any of {}",
                            all.iter()
                                .map(|k| format!("\"{k}\" ({})", label(k)))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    out.push_str(&format!(
                        "# {header} = \"{f}\"   # CONFIRM column {}: {why}\n",
                        c.letter
                    ));
                }
                None => {
                    let near = if c.nearest.is_empty() {
                        "no field is near".to_string()
                    } else {
                        format!(
                            "nearest: {}",
                            c.nearest
                                .iter()
                                .map(|k| format!("\"{k}\" ({})", label(k)))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    out.push_str(&format!(
                        "# {header} = \"ignore\"   # NO MATCH column {}: {near}\n",
                        c.letter
                    ));
                }
            }
        }
    }
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The map the import screen saves: the fields the user settled on, every column by its header.
pub fn map_text(views: &[SheetView]) -> String {
    let mut out = String::from(
        "# Column map saved by the import screen; pass it back with `taizhang import FILE --map THIS_FILE`.\n",
    );
    let kinds: HashSet<Option<Kind>> = views.iter().map(|v| v.kind).collect();
    if kinds.len() == 1
        && let Some(Some(k)) = kinds.iter().next()
    {
        out.push_str(&format!("kind = \"{}\"\n", k.key()));
    }
    out.push_str("\n[columns]\n");
    let mut written: HashSet<String> = HashSet::new();
    for v in views {
        for c in &v.columns {
            // A guess the officer has not confirmed stays out: it is never used silently.
            if let Some(f) = &c.field
                && (c.mapped || !c.needs_confirming())
                && written.insert(norm(&c.header))
            {
                let f = if f == "-" { "ignore" } else { f.as_str() };
                out.push_str(&format!("{} = \"{f}\"\n", toml_string(&c.header)));
            }
        }
    }
    out
}

/// The mapping a user's choices make (for the import screen's dry run and import).
pub fn mapping_of(views: &[SheetView]) -> Option<Mapping> {
    Mapping::parse(&map_text(views)).ok()
}
