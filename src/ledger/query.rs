//! The query language shared by `list`, `export` and the interface's filter:
//!
//! ```text
//! kind:petition state:accepted assignee:wang overdue due<7d tag:集体访 opened>=2026-01-01 people>=5 德乐
//! (kind:hazard or kind:demolition) and not state:closed
//! ```
//!
//! Terms are joined by `and` (also implied by a space), `or` and `not`, with parentheses. A term is
//! a free word (matched in id, title, party, location and description), a keyword (`overdue`,
//! `open`, `closed`, `paused`, `mine`), or `field OP value` with OP one of `: = != < <= > >=`.
//! Dates are written as in the rest of the program or relative to today: `7d`, `-30d`, `today`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Lang;
use super::calendar::{Calendar, shift};
use super::deadline::{Due, due};
use super::error::LedgerError;
use super::model::{Case, Priority, Value};
use super::schema::{FieldType, Kind};
use super::units;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Has,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Term {
    Word(String),
    Overdue,
    Open,
    Closed,
    Paused,
    Mine,
    Kind(Kind),
    State(String),
    Assignee(Option<String>),
    AssigneeMe,
    Priority(Op, Priority),
    Tag(String),
    Id(String),
    Text(&'static str, String),
    Date(&'static str, Op, NaiveDate),
    /// A date relative to the day the query is evaluated (`due<7d`).
    RelDate(&'static str, Op, i64),
    Field(String, Op, FieldCmp),
}

#[derive(Debug, Clone, PartialEq)]
enum FieldCmp {
    Num(Decimal),
    Date(NaiveDate),
    Bool(bool),
    Choice(String),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Term(Term),
}

/// A parsed query. The empty query matches everything.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    expr: Option<Expr>,
    text: String,
}

/// What a query is evaluated against besides the case.
pub struct Env<'a> {
    pub today: NaiveDate,
    pub rule_set: &'a str,
    pub calendar: &'a Calendar,
    pub user: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    /// A word or `field OP value`, with the column it starts at.
    Atom(String),
}

fn err(column: usize, message: impl Into<String>) -> LedgerError {
    LedgerError::Query {
        column,
        message: message.into(),
    }
}

fn lex(s: &str) -> Result<Vec<(usize, Tok)>, LedgerError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let col = i + 1;
        // Parsing and matching recurse once per term and parenthesis: a bound keeps a pasted
        // or generated query from overflowing the stack, far above what anyone types.
        if out.len() >= MAX_TOKENS {
            return Err(err(
                col,
                format!(
                    "the query has more than {MAX_TOKENS} words and operators: split it or use fewer conditions"
                ),
            ));
        }
        if c == '(' || c == '（' {
            out.push((col, Tok::LParen));
            i += 1;
            continue;
        }
        if c == ')' || c == '）' {
            out.push((col, Tok::RParen));
            i += 1;
            continue;
        }
        let mut atom = String::new();
        let mut in_quote = false;
        while i < chars.len() {
            let c = chars[i];
            if c == '"' {
                in_quote = !in_quote;
                i += 1;
                continue;
            }
            if !in_quote && (c.is_whitespace() || matches!(c, '(' | ')' | '（' | '）')) {
                break;
            }
            atom.push(c);
            i += 1;
        }
        if in_quote {
            return Err(err(col, "a quote is not closed: add the closing \""));
        }
        let tok = match atom.to_lowercase().as_str() {
            "and" | "&&" => Tok::And,
            "or" | "||" => Tok::Or,
            "not" | "!" => Tok::Not,
            _ => Tok::Atom(atom),
        };
        out.push((col, tok));
    }
    Ok(out)
}

/// Most words, operators and parentheses a query may have.
pub const MAX_TOKENS: usize = 400;

struct Parser<'a> {
    toks: &'a [(usize, Tok)],
    pos: usize,
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&(usize, Tok)> {
        self.toks.get(self.pos)
    }

    fn column(&self) -> usize {
        self.peek().map(|t| t.0).unwrap_or(self.end)
    }

    fn or(&mut self) -> Result<Expr, LedgerError> {
        let mut left = self.and()?;
        while let Some((_, Tok::Or)) = self.peek() {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, LedgerError> {
        let mut left = self.unary()?;
        loop {
            match self.peek() {
                Some((_, Tok::And)) => {
                    self.pos += 1;
                }
                Some((_, Tok::Atom(_) | Tok::Not | Tok::LParen)) => {}
                _ => break,
            }
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, LedgerError> {
        match self.peek().cloned() {
            Some((_, Tok::Not)) => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some((col, Tok::LParen)) => {
                self.pos += 1;
                if let Some((c, Tok::RParen)) = self.peek() {
                    return Err(err(
                        *c,
                        "empty parentheses: put a condition inside or remove them",
                    ));
                }
                let e = self.or()?;
                match self.peek() {
                    Some((_, Tok::RParen)) => {
                        self.pos += 1;
                        Ok(e)
                    }
                    _ => Err(err(col, "this parenthesis is not closed: add )")),
                }
            }
            Some((col, Tok::Atom(a))) => {
                self.pos += 1;
                if let Some(rest) = a
                    .strip_prefix('-')
                    .filter(|r| !r.is_empty() && !r.starts_with(|c: char| c.is_ascii_digit()))
                {
                    return Ok(Expr::Not(Box::new(term(col + 1, rest)?)));
                }
                term(col, &a)
            }
            Some((col, Tok::RParen)) => Err(err(col, "unexpected ): there is no ( to close")),
            Some((col, Tok::And | Tok::Or)) => {
                Err(err(col, "and/or needs a condition on each side"))
            }
            None => Err(err(
                self.column(),
                "the query ends where a condition was expected",
            )),
        }
    }
}

const OPS: [(&str, Op); 7] = [
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("!=", Op::Ne),
    ("<", Op::Lt),
    (">", Op::Gt),
    ("=", Op::Eq),
    (":", Op::Has),
];

/// Split `field OP value` at the first operator after an identifier; None for a plain word.
fn split_op(atom: &str) -> Option<(&str, Op, &str)> {
    // Any letters, Chinese included: `状态:受理` is a field (and refused by name if unknown),
    // not a word searched for and silently never found.
    let ident_end = atom.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    if ident_end == 0 {
        return None;
    }
    let (field, rest) = atom.split_at(ident_end);
    if let Some(v) = rest.strip_prefix('：') {
        return Some((field, Op::Has, v));
    }
    OPS.iter()
        .find_map(|(sym, op)| rest.strip_prefix(sym).map(|v| (field, *op, v)))
}

/// The field names a query takes that are nearest to an unknown `field`: the one whose label it
/// is (`状态` is state's, `Assignee` assignee's), else the names a typing slip or two away.
fn nearest_fields(field: &str) -> Vec<String> {
    use super::schema::COMMON_FIELDS;
    const NAMES: &[&str] = &[
        "is",
        "kind",
        "state",
        "assignee",
        "priority",
        "tag",
        "id",
        "title",
        "party",
        "location",
        "description",
        "opened",
        "closed",
        "due",
        "updated",
    ];
    // (name, its labels)
    let mut known: Vec<(String, Vec<String>)> = NAMES
        .iter()
        .map(|n| {
            let key = if *n == "tag" { "tags" } else { n };
            let labels = COMMON_FIELDS
                .iter()
                .filter(|(k, _, _)| *k == key)
                .flat_map(|(_, zh, en)| [zh.to_string(), en.to_string()])
                .collect();
            (n.to_string(), labels)
        })
        .collect();
    for k in Kind::ALL {
        for d in &k.def().fields {
            if !known.iter().any(|(n, _)| *n == d.key) {
                let labels = vec![d.label(Lang::Zh).to_string(), d.label(Lang::En).to_string()];
                known.push((d.key.clone(), labels));
            }
        }
    }
    let f = field.to_lowercase();
    let by_label: Vec<String> = known
        .iter()
        .filter(|(_, labels)| labels.iter().any(|l| l.to_lowercase() == f))
        .map(|(n, _)| n.clone())
        .collect();
    if !by_label.is_empty() {
        return by_label;
    }
    let mut near: Vec<(usize, String)> = known
        .iter()
        .map(|(n, _)| (edit_distance(&f, n), n.clone()))
        .filter(|(d, n)| *d <= 2 && *d < n.chars().count())
        .collect();
    near.sort();
    near.into_iter().take(3).map(|(_, n)| n).collect()
}

/// Levenshtein distance by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn parse_when(col: usize, v: &str) -> Result<Result<NaiveDate, i64>, LedgerError> {
    let t = v.trim().to_lowercase();
    if t == "today" || t == "今天" {
        return Ok(Err(0));
    }
    if let Some(n) = t.strip_suffix('d').or_else(|| t.strip_suffix('天'))
        && let Ok(n) = n.parse::<i64>()
        && n.unsigned_abs() <= 36_500
    {
        return Ok(Err(n));
    }
    units::parse_date(v).map(Ok).map_err(|_| {
        err(
            col,
            format!("{v:?} is not a date: write 2026-05-23, 2026年5月23日, today, 7d or -30d"),
        )
    })
}

/// A term, with `field!=value` on a field that only matches or not read as `not field:value`.
fn term(col: usize, atom: &str) -> Result<Expr, LedgerError> {
    let t = term_inner(col, atom)?;
    let negated = matches!(split_op(atom), Some((_, Op::Ne, _)))
        && !matches!(
            t,
            Term::Priority(..) | Term::Date(..) | Term::RelDate(..) | Term::Field(..)
        );
    Ok(if negated {
        Expr::Not(Box::new(Expr::Term(t)))
    } else {
        Expr::Term(t)
    })
}

fn term_inner(col: usize, atom: &str) -> Result<Term, LedgerError> {
    let Some((field, op, value)) = split_op(atom) else {
        return Ok(match atom.to_lowercase().as_str() {
            "overdue" | "逾期" | "超期" => Term::Overdue,
            "open" | "未结" => Term::Open,
            "closed" | "已结" => Term::Closed,
            "paused" | "暂停" => Term::Paused,
            "mine" | "我的" => Term::Mine,
            _ => Term::Word(atom.to_lowercase()),
        });
    };
    let vcol = col + atom[..atom.len() - value.len()].chars().count();
    if value.is_empty() {
        return Err(err(
            vcol,
            format!("{field} needs a value after the operator, e.g. {field}:…"),
        ));
    }
    let eq_only = |what: &str| -> Result<(), LedgerError> {
        if matches!(op, Op::Has | Op::Eq | Op::Ne) {
            Ok(())
        } else {
            Err(err(col, format!("{what} takes : or =, not a comparison")))
        }
    };
    let f = field.to_lowercase();
    Ok(match f.as_str() {
        "is" => match value.to_lowercase().as_str() {
            "overdue" => Term::Overdue,
            "open" => Term::Open,
            "closed" => Term::Closed,
            "paused" => Term::Paused,
            "mine" => Term::Mine,
            _ => {
                return Err(err(
                    vcol,
                    format!(
                        "is:{value} is unknown: use is:open, is:closed, is:overdue, is:paused or is:mine"
                    ),
                ));
            }
        },
        "kind" | "type" => {
            eq_only("kind")?;
            Term::Kind(Kind::parse(value).ok_or_else(|| {
                err(vcol, format!("unknown kind {value:?}: use petition, labour, land, hazard or demolition (信访/劳资纠纷/征地补偿/安全隐患/违建拆除)"))
            })?)
        }
        "state" | "status" => {
            eq_only("state")?;
            let v = value.to_lowercase();
            let known = Kind::ALL
                .iter()
                .any(|k| k.def().state_by_name(value).is_some());
            if !known && v != "open" && v != "closed" {
                return Err(err(
                    vcol,
                    format!(
                        "unknown state {value:?}: see the state keys with `taizhang help states`"
                    ),
                ));
            }
            match v.as_str() {
                "open" if !known => Term::Open,
                _ => Term::State(value.to_string()),
            }
        }
        "assignee" | "assigned" | "owner_user" => {
            eq_only("assignee")?;
            match value.to_lowercase().as_str() {
                "me" | "我" => Term::AssigneeMe,
                "none" | "nobody" | "无" => Term::Assignee(None),
                _ => Term::Assignee(Some(value.to_lowercase())),
            }
        }
        "priority" | "pri" => Term::Priority(
            if op == Op::Has { Op::Eq } else { op },
            Priority::parse(value).map_err(|e| err(vcol, e.to_string()))?,
        ),
        "tag" | "tags" => {
            eq_only("tag")?;
            Term::Tag(value.to_string())
        }
        "id" => {
            eq_only("id")?;
            Term::Id(value.to_uppercase())
        }
        "title" | "party" | "location" | "description" => {
            eq_only(field)?;
            let key = match f.as_str() {
                "title" => "title",
                "party" => "party",
                "location" => "location",
                _ => "description",
            };
            Term::Text(key, value.to_lowercase())
        }
        "opened" | "closed" | "due" | "updated" => {
            let key = match f.as_str() {
                "opened" => "opened",
                "closed" => "closed",
                "due" => "due",
                _ => "updated",
            };
            let op = if op == Op::Has { Op::Eq } else { op };
            match parse_when(vcol, value)? {
                Ok(d) => Term::Date(key, op, d),
                Err(n) => Term::RelDate(key, op, n),
            }
        }
        _ => {
            let defs: Vec<_> = Kind::ALL.iter().filter_map(|k| k.def().field(&f)).collect();
            let Some(def) = defs.first() else {
                let near = nearest_fields(field);
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!("did you mean {}? ", near.join(" or "))
                };
                return Err(err(
                    col,
                    format!(
                        "unknown field {field:?}: {hint}use kind, state, assignee, priority, tag, id, title, party, location, opened, closed, due, updated or a kind's field (see README)"
                    ),
                ));
            };
            let cmp = match def.ty {
                FieldType::Int | FieldType::Money | FieldType::AreaMu | FieldType::AreaM2 => {
                    let ty = if def.ty == FieldType::Int {
                        FieldType::Money
                    } else {
                        def.ty
                    };
                    FieldCmp::Num(units::parse_decimal(value, ty).map_err(|_| {
                        err(
                            vcol,
                            format!("{field} compares with a number, not {value:?}"),
                        )
                    })?)
                }
                FieldType::Date => {
                    FieldCmp::Date(units::parse_date(value).map_err(|e| err(vcol, e.to_string()))?)
                }
                FieldType::Bool => FieldCmp::Bool(match value.to_lowercase().as_str() {
                    "yes" | "true" | "1" | "是" | "y" => true,
                    "no" | "false" | "0" | "否" | "n" => false,
                    _ => return Err(err(vcol, format!("{field} is yes or no, not {value:?}"))),
                }),
                FieldType::Enum => {
                    let choice = defs.iter().find_map(|d| d.choice(value)).ok_or_else(|| {
                        err(
                            vcol,
                            format!(
                                "{value:?} is not a {field}: use one of {}",
                                def.option_keys()
                            ),
                        )
                    })?;
                    FieldCmp::Choice(choice.key.clone())
                }
                FieldType::Text | FieldType::List => FieldCmp::Text(value.to_lowercase()),
            };
            if matches!(
                cmp,
                FieldCmp::Bool(_) | FieldCmp::Choice(_) | FieldCmp::Text(_)
            ) {
                eq_only(field)?;
            }
            Term::Field(
                def.key.clone(),
                if op == Op::Has && matches!(cmp, FieldCmp::Num(_) | FieldCmp::Date(_)) {
                    Op::Eq
                } else {
                    op
                },
                cmp,
            )
        }
    })
}

fn cmp<T: PartialOrd>(a: T, op: Op, b: T) -> bool {
    match op {
        Op::Has | Op::Eq => a == b,
        Op::Ne => a != b,
        Op::Lt => a < b,
        Op::Le => a <= b,
        Op::Gt => a > b,
        Op::Ge => a >= b,
    }
}

/// Whether `hay` contains `needle` (already lower-case), ignoring case. The interface's filter runs
/// this over five texts of every case on every keystroke, so the usual texts — ids and other
/// ASCII, Chinese, anything without capitals — are searched without making a lower-case copy.
fn contains_ci(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    // A needle of Chinese characters matches the same characters: lower-casing maps these to
    // themselves and no other character to one of them.
    if needle.chars().all(caseless) || hay.chars().all(|c| caseless(c) || is_lower(c)) {
        return contains_bytes(hay.as_bytes(), needle.as_bytes());
    }
    hay.to_lowercase().contains(needle)
}

/// `str::contains` for the short texts of a case: it prepares a searcher on every call, which
/// costs more than looking through a title. (A match of UTF-8 bytes is a match of characters:
/// no character's encoding starts inside another's.)
fn contains_bytes(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    hay.len() >= needle.len()
        && hay[..=hay.len() - needle.len()]
            .iter()
            .enumerate()
            .any(|(i, &b)| b == first && hay[i + 1..].starts_with(rest))
}

/// Characters of the blocks Chinese text is written in (ideographs, CJK punctuation, full-width
/// punctuation and digits): they have no case, and none is the lower case of another character.
fn caseless(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF01}'..='\u{FF20}' | '\u{20000}'..='\u{3FFFF}')
}

fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_uppercase();
    }
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

impl Query {
    pub fn parse(s: &str) -> Result<Query, LedgerError> {
        let toks = lex(s)?;
        if toks.is_empty() {
            return Ok(Query::default());
        }
        let mut p = Parser {
            toks: &toks,
            pos: 0,
            end: s.chars().count() + 1,
        };
        let e = p.or()?;
        if let Some((col, t)) = p.peek() {
            return Err(err(
                *col,
                match t {
                    Tok::RParen => "unexpected ): there is no ( to close",
                    _ => "unexpected text after the query",
                },
            ));
        }
        Ok(Query {
            expr: Some(e),
            text: s.to_string(),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.expr.is_none()
    }

    pub fn matches(&self, case: &Case, env: &Env) -> bool {
        match &self.expr {
            None => true,
            Some(e) => eval(e, case, env, None),
        }
    }

    /// Like [`matches`](Self::matches), with what the reader already worked out about the case
    /// (see [`Known`]).
    pub fn matches_known(&self, case: &Case, known: &Known, env: &Env) -> bool {
        match &self.expr {
            None => true,
            Some(e) => eval(e, case, env, Some(known)),
        }
    }

    /// Whether only open cases can match, so a reader may skip the closed ones. Conservative:
    /// false whenever that is not plain from the query (`open`, `mine`, `overdue`, a due date, or
    /// a state that is not final in any kind, required by every branch).
    pub fn open_only(&self) -> bool {
        self.expr.as_ref().is_some_and(implies_open)
    }
}

fn implies_open(e: &Expr) -> bool {
    match e {
        Expr::And(a, b) => implies_open(a) || implies_open(b),
        Expr::Or(a, b) => implies_open(a) && implies_open(b),
        Expr::Not(a) => matches!(**a, Expr::Term(Term::Closed)),
        Expr::Term(t) => match t {
            Term::Open | Term::Mine | Term::Overdue => true,
            // A closed case has no running deadline, so no due date to compare.
            Term::Date("due", ..) | Term::RelDate("due", ..) => true,
            Term::State(s) => Kind::ALL.iter().all(|k| {
                let def = k.def();
                def.state_by_name(s).is_none_or(|st| !st.terminal)
            }),
            _ => false,
        },
    }
}

/// What the interface works out about each case once, when it reads the cases, rather than on
/// every keystroke for every case: free words are looked for in `text`, the case's
/// [`push_search_text`] (one contiguous buffer is read far faster than five texts of each case
/// scattered through memory), and `due` is its due date as of the query's today.
pub struct Known<'a> {
    pub text: &'a str,
    pub due: Option<&'a Due>,
}

/// Separates the texts of a case in its search text: no free word contains it.
const SEARCH_SEP: char = '\u{0}';

/// Append the texts free words are looked for in — title, party, location, description and id —
/// lower-cased and separated, to `buf`.
pub fn push_search_text(buf: &mut String, case: &Case) {
    for (i, t) in [
        &case.title,
        &case.party,
        &case.location,
        &case.description,
        &case.id,
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            buf.push(SEARCH_SEP);
        }
        // Lower-cased one text at a time, as `contains_ci` does (a final sigma depends on it).
        if t.chars().all(|c| caseless(c) || is_lower(c)) {
            buf.push_str(t);
        } else {
            buf.push_str(&t.to_lowercase());
        }
    }
}

fn eval(e: &Expr, case: &Case, env: &Env, known: Option<&Known>) -> bool {
    match e {
        Expr::And(a, b) => eval(a, case, env, known) && eval(b, case, env, known),
        Expr::Or(a, b) => eval(a, case, env, known) || eval(b, case, env, known),
        Expr::Not(a) => !eval(a, case, env, known),
        Expr::Term(t) => eval_term(t, case, env, known),
    }
}

/// The due date, known or worked out.
fn due_of(case: &Case, env: &Env, known: Option<&Known>) -> Option<NaiveDate> {
    match known {
        Some(k) => k.due.map(|d| d.date),
        None => due(case, env.rule_set, env.calendar, env.today).map(|d| d.date),
    }
}

fn eval_term(t: &Term, case: &Case, env: &Env, known: Option<&Known>) -> bool {
    let text = known.map(|k| k.text);
    match t {
        Term::Word(w) => match text {
            Some(text) if !w.contains(SEARCH_SEP) => contains_bytes(text.as_bytes(), w.as_bytes()),
            _ => {
                contains_ci(&case.title, w)
                    || contains_ci(&case.party, w)
                    || contains_ci(&case.location, w)
                    || contains_ci(&case.description, w)
                    || contains_ci(&case.id, w)
            }
        },
        // Only the office's own duty is overdue: a party's lapsed window or a waiting period
        // that has run is not.
        Term::Overdue => match known {
            Some(k) => k.due.is_some_and(|d| d.overdue(env.today)),
            None => due(case, env.rule_set, env.calendar, env.today)
                .is_some_and(|d| d.overdue(env.today)),
        },
        Term::Open => case.is_open(),
        Term::Closed => !case.is_open(),
        Term::Paused => case
            .clock
            .as_ref()
            .is_some_and(|c| c.paused_since.is_some()),
        Term::Mine => case.assignee.as_deref() == Some(env.user) && case.is_open(),
        Term::Kind(k) => case.kind == *k,
        Term::State(s) => case
            .kind
            .def()
            .state_by_name(s)
            .is_some_and(|st| st.key == case.state),
        Term::Assignee(None) => case.assignee.is_none(),
        Term::Assignee(Some(u)) => case
            .assignee
            .as_deref()
            .is_some_and(|a| a.to_lowercase() == *u),
        Term::AssigneeMe => case.assignee.as_deref() == Some(env.user),
        Term::Priority(op, p) => cmp(case.priority, *op, *p),
        Term::Tag(tag) => case.tags.iter().any(|t| t == tag),
        Term::Id(id) => case.id.starts_with(id.as_str()),
        Term::Text(key, w) => contains_ci(
            match *key {
                "title" => &case.title,
                "party" => &case.party,
                "location" => &case.location,
                _ => &case.description,
            },
            w,
        ),
        Term::Date(key, op, d) => date_of(case, key, env, known).is_some_and(|x| cmp(x, *op, *d)),
        Term::RelDate(key, op, n) => {
            date_of(case, key, env, known).is_some_and(|x| cmp(x, *op, shift(env.today, *n)))
        }
        Term::Field(key, op, want) => match (case.fields.get(key), want) {
            (Some(v), FieldCmp::Num(n)) => v.as_dec().is_some_and(|x| cmp(x, *op, *n)),
            (Some(Value::Date(d)), FieldCmp::Date(w)) => cmp(*d, *op, *w),
            (Some(Value::Bool(b)), FieldCmp::Bool(w)) => cmp(*b, *op, *w),
            (None, FieldCmp::Bool(false)) => *op != Op::Ne,
            (Some(Value::Text(s)), FieldCmp::Choice(c)) => cmp(s.as_str(), *op, c.as_str()),
            (Some(Value::Text(s)), FieldCmp::Text(w)) => (*op == Op::Ne) != contains_ci(s, w),
            (Some(Value::List(l)), FieldCmp::Text(w)) => {
                (*op == Op::Ne) != l.iter().any(|s| contains_ci(s, w))
            }
            (None, _) => *op == Op::Ne,
            _ => false,
        },
    }
}

fn date_of(case: &Case, key: &str, env: &Env, known: Option<&Known>) -> Option<NaiveDate> {
    match key {
        "opened" => Some(case.opened),
        "closed" => case.closed,
        "updated" => Some(case.updated.with_timezone(&chrono::Local).date_naive()),
        _ => due_of(case, env, known),
    }
}

/// Every state key of every kind (for help texts).
pub fn state_keys() -> Vec<(Kind, String, String)> {
    Kind::ALL
        .iter()
        .flat_map(|k| {
            k.def()
                .states
                .iter()
                .map(move |s| (*k, s.key.clone(), s.zh.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests;
