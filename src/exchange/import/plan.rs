//! One row becomes commands: a new case (created, then moved through its workflow to the state the
//! row gives) or the changes to the case an earlier import made from the same row.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{NaiveDate, Utc};

use super::Problem;
use super::cells::cell_text;
use super::columns::{Target, state_word, title_fields, value_word};
use super::layout::{Column, Layout, check_clashes};
use super::read::{Row, Sheet};
use crate::ledger::api::Ledger;
use crate::ledger::command::{self, Command, Context};
use crate::ledger::error::LedgerError;
use crate::ledger::i18n::Lang;
use crate::ledger::model::Case;
use crate::ledger::schema::{FieldType, Kind, KindDef};
use crate::ledger::units;

/// What one row becomes.
pub(super) enum Action {
    Create {
        kind: Kind,
        title: String,
        fields: Vec<(String, String)>,
        source: String,
        opened: NaiveDate,
        moves: Vec<(String, NaiveDate, String)>,
        /// Free-text progress (办理情况 …) kept as dated notes.
        notes: Vec<(NaiveDate, String)>,
    },
    Update {
        id: String,
        edit: Vec<(String, String)>,
        assign: Option<String>,
        moves: Vec<(String, NaiveDate, String)>,
        notes: Vec<(NaiveDate, String)>,
    },
    Unchanged,
}

pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) rule_set: &'a str,
    pub(super) ledger: &'a Ledger,
    pub(super) today: NaiveDate,
    pub(super) now: chrono::DateTime<Utc>,
    pub(super) sources: HashMap<String, String>,
    pub(super) keys_seen: HashMap<String, String>,
}

pub(super) fn explain(e: &LedgerError) -> (String, String) {
    match e {
        LedgerError::BadValue { what, hint, .. } => {
            // Name the field as the sheet does: 诉求金额(元) (amount_claimed).
            let label = Kind::ALL
                .iter()
                .find_map(|k| k.def().field(what))
                .map(|f| format!("{} ({what})", f.zh))
                .or_else(|| {
                    crate::ledger::schema::common_label(what, Lang::Zh)
                        .map(|l| format!("{l} ({what})"))
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

pub(super) fn field_type(kind: Kind, t: &Target) -> Option<FieldType> {
    match t {
        Target::Field(k) => kind.def().field(k).map(|f| f.ty),
        Target::Common("opened") | Target::Closed => Some(FieldType::Date),
        _ => None,
    }
}

pub(super) fn label_of(def: &KindDef, key: &str) -> String {
    def.field(key)
        .map(|f| format!("{} ({key})", f.zh))
        .unwrap_or_else(|| key.to_string())
}

/// The states to pass through from the case's state to `to`, each allowed by the workflow and
/// with the fields it requires present. Err: why not, and how to fix it.
pub(super) fn path_to(
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

/// A state by key or label, also as ledgers write them with or without 已 (已受理, 办结 for 已办结),
/// or by the state words of words.toml (已整改, 未签).
pub(super) fn state_by_name<'a>(
    def: &'a KindDef,
    text: &str,
) -> Option<&'a crate::ledger::schema::StateDef> {
    let t = text.trim();
    def.state_by_name(t)
        .or_else(|| t.strip_prefix('已').and_then(|s| def.state_by_name(s)))
        .or_else(|| def.state_by_name(&format!("已{t}")))
        .or_else(|| state_word(def.key, t).and_then(|k| def.state(k)))
}

/// A title made from the row's fields when the sheet has no title column (words.toml [titles]):
/// 信访: 张三 反映拖欠工程款. Long ones are cut at 40 characters.
pub(super) fn title_from_row(kind: Kind, fields: &[(String, String, &Column)]) -> Option<String> {
    let def = kind.def();
    let mut parts: Vec<String> = Vec::new();
    for key in title_fields(kind) {
        let Some((_, v, _)) = fields.iter().find(|(k, _, _)| k == key) else {
            continue;
        };
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        // Bare areas and amounts read better with their unit: 120平方米.
        let unit = match def.field(key).map(|f| f.ty) {
            Some(FieldType::AreaM2) => "平方米",
            Some(FieldType::AreaMu) => "亩",
            Some(FieldType::Money) => "元",
            _ => "",
        };
        let bare = v.chars().all(|c| c.is_ascii_digit() || c == '.');
        // An enum shows its label (欠薪), not its key.
        let shown = def
            .field(key)
            .and_then(|f| f.choice(v))
            .map(|c| c.zh.clone())
            .unwrap_or_else(|| v.to_string());
        parts.push(if bare {
            format!("{shown}{unit}")
        } else {
            shown
        });
    }
    if parts.is_empty()
        && let Some((_, v, _)) = fields.iter().find(|(k, _, _)| k == "description")
    {
        parts.push(v.trim().to_string());
    }
    let t = parts.join(" ");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return None;
    }
    Some(if t.chars().count() > 40 {
        format!("{}…", t.chars().take(40).collect::<String>())
    } else {
        t
    })
}

/// A row's kind from its 类型 cell: a kind, or a labour subtype (欠薪, 工伤 …) that implies one.
pub(super) fn kind_of_cell(text: &str) -> Option<(Kind, Option<String>)> {
    if let Some(k) = Kind::parse(text) {
        return Some((k, None));
    }
    let sub = Kind::Labour.def().field("subtype")?.choice(text)?;
    Some((Kind::Labour, Some(sub.key.clone())))
}

pub(super) fn plan_row(
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
    let mut progress: Vec<(String, &Column)> = Vec::new();
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
            Target::Progress => progress.push((text, c)),
            Target::Common(k) => {
                if *k == "opened" {
                    opened = units::parse_date(&text).ok();
                }
                fields.push(((*k).to_string(), text, c));
            }
            Target::Field(k) => {
                // 群众来访 → visit, 重大隐患 → major, √ → yes: the words offices write.
                let text = value_word(kind, k, &text).map(String::from).unwrap_or(text);
                fields.push((k.clone(), text, c));
            }
        }
    }
    // A progress cell that says only where the case stands (已整改, 已签) is its state, unless a
    // state column says so; anything else is kept as a note, headed by its column.
    let mut progress_notes: Vec<String> = Vec::new();
    for (text, c) in progress {
        if state.is_none() && state_by_name(def, &text).is_some() {
            state = Some((text, c));
        } else {
            let head = c.header.rsplit('/').next().unwrap_or(&c.header);
            progress_notes.push(format!("{head}:{text}"));
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
        None => match title_col
            .is_none()
            .then(|| title_from_row(kind, &fields))
            .flatten()
        {
            Some(t) => t,
            None => {
                let (why, fix) = match title_col {
                    Some(_) => (
                        "the title is missing".to_string(),
                        "write a few words saying what the case is in the 标题 cell".to_string(),
                    ),
                    None => (
                        "no title column, and none of the cells a title is made from".to_string(),
                        format!(
                            "fill {} or add a 标题 column saying what the case is",
                            title_fields(kind)
                                .iter()
                                .map(|k| label_of(def, k))
                                .collect::<Vec<_>>()
                                .join(" / ")
                        ),
                    ),
                };
                problems.push(at(title_col, None, why, fix));
                // The rest of the row is still checked, so every problem is reported at once.
                "?".to_string()
            }
        },
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
    // Progress notes carry the row's own date: its closing date, else its registration date.
    let note_day = closed.map(|(d, _)| d).unwrap_or(base_day);
    let calendar = cx.ledger.calendar();
    let ctx = |today| Context {
        today,
        time: None,
        // The file records stages its cases already reached: the clocks are not checked.
        recorded: true,
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
                    .is_some_and(|old| crate::ledger::model::mask(&old.raw()) == *v)
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
                        match command::apply(&mut case, &Command::Move { id: cid.clone(), to: s.clone(), note: Some(format!("imported as {to}")), fields: vec![], urgent: None }, &ctx(cx.today)) {
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
        // A progress note already in the case's history is not written twice.
        let new_notes: Vec<(NaiveDate, String)> = if progress_notes.is_empty() {
            Vec::new()
        } else {
            let history = cx.ledger.history(&cid).unwrap_or_default();
            progress_notes
                .into_iter()
                .filter(|n| {
                    !history.iter().any(|e| {
                        matches!(&e.change, crate::ledger::event::Change::Note { text, .. } if text == n)
                    })
                })
                .map(|n| (note_day.min(cx.today), n))
                .collect()
        };
        if edit.is_empty() && assign.is_none() && moves.is_empty() && new_notes.is_empty() {
            return Ok(Action::Unchanged);
        }
        return Ok(Action::Update {
            id: case.id.clone(),
            edit,
            assign,
            moves,
            notes: new_notes,
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
                            urgent: None,
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
        notes: progress_notes
            .into_iter()
            .map(|n| (note_day.min(cx.today), n))
            .collect(),
    })
}
