//! The header row: which column fills which field of which kind, and the problems of a header
//! (unknown columns, two columns filling one field).

use std::collections::{HashMap, HashSet};

use super::columns::{EXACT, Resolved, Target, nearest, resolve_column};
use super::read::{self, Sheet};
use super::{Options, Problem};
use crate::ledger::i18n::Lang;
use crate::ledger::schema::Kind;

pub(super) struct Column {
    pub(super) index: usize,
    pub(super) letter: String,
    pub(super) header: String,
    pub(super) any: Option<Resolved>,
    pub(super) by_kind: [Option<Resolved>; 5],
}

impl Column {
    pub(super) fn label(&self) -> String {
        format!("{} ({})", self.letter, self.header)
    }

    pub(super) fn for_kind(&self, kind: Kind) -> Option<&Resolved> {
        self.by_kind[kind_index(kind)].as_ref()
    }
}

pub(super) fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

pub(super) struct Layout {
    pub(super) columns: Vec<Column>,
    /// The sheet's kind, if the name, --kind or the mapping file fixes it.
    pub(super) fixed: Option<Kind>,
    pub(super) kind_col: Option<usize>,
    /// Kinds whose columns clash (two columns fill one field): their rows are not read.
    pub(super) clashing: HashSet<Kind>,
}

pub(super) fn header_problem(
    sheet: &Sheet,
    col: Option<&Column>,
    why: String,
    fix: String,
) -> Problem {
    Problem {
        sheet: sheet.name.clone(),
        row: Some(sheet.header_row),
        column: col.map(Column::label),
        value: col.map(|c| c.header.clone()),
        why,
        fix,
    }
}

pub(super) fn layout(
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
        let upper = sheet.groups.get(i).and_then(|g| g.as_deref());
        let header = match upper {
            Some(u) if !h.trim().is_empty() => format!("{u}/{h}"),
            Some(u) => u.to_string(),
            None => h.clone(),
        };
        let mut col = Column {
            index: i,
            letter,
            header: header.clone(),
            any: resolve_column(upper, h, None, map),
            by_kind: Kind::ALL.map(|k| resolve_column(upper, h, Some(k), map)),
        };
        if header.trim().is_empty() {
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
                confidence: EXACT,
                others: Vec::new(),
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
                    format!("no field{whose} has this header{}", nearest_text(&col.header, fixed)),
                    format!(
                        "rename it to a field's key or label (`taizhang keys{}`), map it in a --map file ([columns] \"{}\" = \"field_key\"; `taizhang import FILE --suggest-map` writes one for you to correct), or pass --ignore-unknown",
                        fixed.map(|k| format!(" {}", k.key())).unwrap_or_default(),
                        col.header
                    ),
                ));
            }
        } else if let Some(r) = match fixed {
            Some(k) => col.for_kind(k),
            None => col.any.as_ref(),
        } && r.doubtful()
        {
            // A guess is never used silently: the user confirms it by a map or a clearer header.
            let mut names = vec![r.target.key().to_string()];
            names.extend(r.others.iter().map(|t| t.key().to_string()));
            let why = if r.others.is_empty() {
                format!(
                    "the header only resembles {} (confidence {}%)",
                    names[0], r.confidence
                )
            } else {
                format!("the header could mean any of {}", names.join(", "))
            };
            problems.push(header_problem(
                sheet,
                Some(&col),
                why,
                format!(
                    "{} in a --map file ([columns] \"{}\" = {}; `taizhang import FILE --suggest-map` writes one), or rename the header to the field's label (`taizhang keys`)",
                    if names.len() > 1 { "choose the field" } else { "confirm the field" },
                    col.header,
                    names
                        .iter()
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ));
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
pub(super) fn check_clashes(
    sheet: &Sheet,
    l: &mut Layout,
    kind: Kind,
    problems: &mut Vec<Problem>,
) -> bool {
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

/// `; nearest fields: a, b` for an unmatched header, or nothing.
fn nearest_text(header: &str, kind: Option<Kind>) -> String {
    let n = nearest(header, kind);
    if n.is_empty() {
        String::new()
    } else {
        format!(" (nearest fields: {})", n.join(", "))
    }
}
