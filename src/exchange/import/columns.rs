//! Which field a spreadsheet column fills: headers matched by English key, Chinese label, the
//! aliases offices use (企业, 户主, 金额(元), 面积(亩), 责任人 …) or a mapping file. A unit in the
//! header (金额(万元), 面积(亩)) applies to the column's bare numbers.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::ledger::error::{LedgerError, Result};
use crate::ledger::schema::{COMMON_FIELDS, Kind};

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The office's own reference (编号): a stable key, so re-imports find the case again.
    Key,
    Kind,
    Title,
    State,
    /// The closing date of a closed case (办结日期): when the import moves it to its final state.
    Closed,
    /// The due date (期限): computed by the ledger from the rules, so the column is not read.
    Computed,
    /// A column the office keeps for itself (序号) or the user chose to skip.
    Ignore,
    /// A free-text progress column (办理情况, 整改情况, 备注): kept as a dated note, or read as
    /// the state when it holds only a state word (已整改, 已签).
    Progress,
    /// A common field: description, party, location, assignee, priority, tags, opened.
    Common(&'static str),
    /// One of the kind's own fields, by key.
    Field(String),
}

impl Target {
    /// The key shown in reports and used in commands.
    pub fn key(&self) -> &str {
        match self {
            Target::Key => "id",
            Target::Kind => "kind",
            Target::Title => "title",
            Target::State => "state",
            Target::Closed => "closed",
            Target::Computed => "due",
            Target::Ignore => "-",
            Target::Progress => "progress",
            Target::Common(k) => k,
            Target::Field(k) => k,
        }
    }
}

/// A resolved column: what it fills, the unit its bare numbers are in, how sure the match is
/// (percent) and the other fields it could equally be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub target: Target,
    pub unit: Option<&'static str>,
    pub confidence: u8,
    pub others: Vec<Target>,
}

impl Resolved {
    fn sure(target: Target, unit: Option<&'static str>) -> Resolved {
        Resolved {
            target,
            unit,
            confidence: EXACT,
            others: Vec::new(),
        }
    }

    /// A match the user has to confirm: unsure, or one of several.
    pub fn doubtful(&self) -> bool {
        self.confidence < CONFIRM_BELOW || !self.others.is_empty()
    }
}

/// Headers as people type them: spaces and line breaks dropped, full-width brackets and colons
/// made ASCII, a leading required-marker `*` removed, ASCII letters lower-cased.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if c.is_whitespace() => {}
            '（' => out.push('('),
            '）' => out.push(')'),
            '：' | ':' => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_start_matches(['*', '＊']).to_string()
}

/// `金额(万元)` → (`金额`, `万元`).
fn split_paren(n: &str) -> Option<(&str, &str)> {
    let open = n.find('(')?;
    let inner = n[open + 1..].strip_suffix(')')?;
    Some((&n[..open], inner))
}

fn unit_of(inner: &str) -> Option<&'static str> {
    Some(match inner {
        "元" | "yuan" => "元",
        "万元" | "万" => "万元",
        "亿元" | "亿" => "亿元",
        "亩" | "mu" => "亩",
        "平方米" | "m²" | "m2" | "㎡" | "平米" => "平方米",
        _ => return None,
    })
}

/// The words of `words.toml`, read once.
#[derive(Debug, Default)]
pub(super) struct Words {
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    common: Names,
    kind: Vec<(String, Names)>,
    yes_no: Names,
    values: Vec<(String, Vec<(String, Names)>)>,
    states: Vec<(String, Names)>,
    titles: Vec<(String, Vec<String>)>,
}

/// Keys with their words, in the file's order.
type Names = Vec<(String, Vec<String>)>;

trait Get<V> {
    fn get(&self, key: &str) -> Option<&V>;
}

impl<V> Get<V> for Vec<(String, V)> {
    fn get(&self, key: &str) -> Option<&V> {
        self.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

fn table<'a>(v: Option<&'a toml::Value>, what: &str) -> Result<&'a toml::Table, String> {
    match v {
        Some(toml::Value::Table(t)) => Ok(t),
        None => Ok(empty_table()),
        _ => Err(format!("{what} is not a table")),
    }
}

fn empty_table() -> &'static toml::Table {
    static EMPTY: OnceLock<toml::Table> = OnceLock::new();
    EMPTY.get_or_init(toml::Table::new)
}

fn strings(v: &toml::Value, what: &str) -> Result<Vec<String>, String> {
    v.as_array()
        .and_then(|a| {
            a.iter()
                .map(|x| x.as_str().map(String::from))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| format!("{what} is not a list of words"))
}

fn names(t: &toml::Table, what: &str) -> Result<Names, String> {
    t.iter()
        .map(|(k, v)| Ok((k.clone(), strings(v, &format!("{what}.{k}"))?)))
        .collect()
}

fn nested(t: &toml::Table, what: &str) -> Result<Vec<(String, Names)>, String> {
    t.iter()
        .map(|(k, v)| {
            Ok((
                k.clone(),
                names(table(Some(v), what)?, &format!("{what}.{k}"))?,
            ))
        })
        .collect()
}

pub(super) fn parse_words(text: &str) -> Result<Words, String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    for k in doc.keys() {
        if !matches!(
            k.as_str(),
            "affixes" | "common" | "kind" | "yes_no" | "values" | "states" | "titles"
        ) {
            return Err(format!("unknown table [{k}]"));
        }
    }
    let affixes = table(doc.get("affixes"), "affixes")?;
    let list = |k: &str| {
        affixes
            .get(k)
            .map(|v| strings(v, k))
            .unwrap_or(Ok(Vec::new()))
    };
    let values = table(doc.get("values"), "values")?
        .iter()
        .map(|(k, v)| Ok((k.clone(), nested(table(Some(v), k)?, k)?)))
        .collect::<Result<_, String>>()?;
    Ok(Words {
        prefixes: list("prefixes")?,
        suffixes: list("suffixes")?,
        common: names(table(doc.get("common"), "common")?, "common")?,
        kind: nested(table(doc.get("kind"), "kind")?, "kind")?,
        yes_no: names(table(doc.get("yes_no"), "yes_no")?, "yes_no")?,
        values,
        states: nested(table(doc.get("states"), "states")?, "states")?,
        titles: names(table(doc.get("titles"), "titles")?, "titles")?,
    })
}

pub(super) fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        // A test parses the file and checks every key it names against kinds.toml, so a bad
        // file never ships; should one, the import recognises only keys and labels.
        parse_words(include_str!("words.toml")).unwrap_or_default()
    })
}

/// How sure a header match is: 100 by key, label, alias or map; 80 with an affix around a name
/// (信访人姓名); 50 when the header merely contains a name (a problem to confirm).
pub const EXACT: u8 = 100;
pub const AFFIXED: u8 = 80;
pub const CONTAINED: u8 = 50;
/// Matches below this are reported for the user to confirm, never used silently.
pub const CONFIRM_BELOW: u8 = 60;

/// What a key in words.toml (`#title`, `location`, `owner`) stands for in `kind`.
fn target_of_key(key: &str, kind: Option<Kind>) -> Option<Target> {
    Some(match key {
        "#key" => Target::Key,
        "#ignore" => Target::Ignore,
        "#kind" => Target::Kind,
        "#title" => Target::Title,
        "#state" => Target::State,
        "#closed" => Target::Closed,
        "#due" => Target::Computed,
        "#progress" => Target::Progress,
        k => {
            if let Some((c, _, _)) = COMMON_FIELDS.iter().find(|(c, _, _)| *c == k) {
                return Some(match *c {
                    "id" => Target::Key,
                    "kind" => Target::Kind,
                    "title" => Target::Title,
                    "state" => Target::State,
                    "closed" => Target::Closed,
                    "due" | "links" => Target::Computed,
                    c => Target::Common(c),
                });
            }
            let def = kind?.def();
            Target::Field(def.field(k)?.key.clone())
        }
    })
}

/// Every name a header may have for `kind`'s own fields (None: none), with what it fills.
fn kind_names(kind: Kind) -> Vec<(String, Target)> {
    let def = kind.def();
    let mut out = Vec::new();
    for f in &def.fields {
        let t = Target::Field(f.key.clone());
        for n in [f.key.clone(), norm(&f.zh), norm(&f.en)] {
            if let Some((base, _)) = split_paren(&n) {
                out.push((base.to_string(), t.clone()));
            }
            out.push((n, t.clone()));
        }
    }
    if let Some(names) = words().kind.get(kind.key()) {
        for (k, list) in names {
            if let Some(t) = target_of_key(k, Some(kind)) {
                out.extend(list.iter().map(|n| (norm(n), t.clone())));
            }
        }
    }
    out
}

/// The names of the columns every kind has.
fn common_names() -> Vec<(String, Target)> {
    let mut out = Vec::new();
    for (k, list) in &words().common {
        if let Some(t) = target_of_key(k, None) {
            out.extend(list.iter().map(|n| (norm(n), t.clone())));
        }
    }
    for (k, zh, en) in COMMON_FIELDS {
        if let Some(t) = target_of_key(k, None) {
            for n in [norm(k), norm(zh), norm(en)] {
                out.push((n, t.clone()));
            }
        }
    }
    out
}

fn names_for(kind: Option<Kind>) -> &'static [(String, Target)] {
    static NAMES: OnceLock<Vec<Vec<(String, Target)>>> = OnceLock::new();
    let all = NAMES.get_or_init(|| {
        let mut v: Vec<Vec<(String, Target)>> = Kind::ALL.iter().map(|k| kind_names(*k)).collect();
        v.push(common_names());
        v
    });
    match kind {
        Some(k) => &all[Kind::ALL.iter().position(|x| *x == k).unwrap_or(0)],
        None => &all[Kind::ALL.len()],
    }
}

fn common_target(name: &str) -> Option<Target> {
    names_for(None)
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.clone())
}

fn field_target(kind: Kind, name: &str) -> Option<Target> {
    names_for(Some(kind))
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.clone())
}

/// Resolve a normalised name for `kind` (None: only what every kind shares). Kind-specific names
/// come first, so 责任人 in a hazard sheet is the company's responsible person and 类型 in a labour
/// sheet is the dispute's subtype.
fn resolve_name(name: &str, kind: Option<Kind>) -> Option<Target> {
    if let Some(k) = kind
        && let Some(t) = field_target(k, name)
    {
        return Some(t);
    }
    common_target(name)
}

/// The distinct targets of `names`, kind-specific ones first.
fn distinct(found: Vec<Target>) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    for t in found {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The header with one known prefix and/or suffix taken off: 信访人姓名 → 信访人, 案件地点 → 地点.
fn affixed(n: &str, kind: Option<Kind>) -> Vec<Target> {
    let a = words();
    let mut variants: Vec<String> = Vec::new();
    let pres: Vec<&str> = std::iter::once("")
        .chain(a.prefixes.iter().map(String::as_str))
        .collect();
    let sufs: Vec<&str> = std::iter::once("")
        .chain(a.suffixes.iter().map(String::as_str))
        .collect();
    for p in &pres {
        for s in &sufs {
            if p.is_empty() && s.is_empty() {
                continue;
            }
            if let Some(rest) = n.strip_prefix(p).and_then(|r| r.strip_suffix(s))
                && rest.chars().count() >= 1
                && !variants.iter().any(|v| v == rest)
            {
                variants.push(rest.to_string());
                // 发现时间 and 发现日期 are the same column, as are 宗地编号 and 宗地号.
                const SAME: [&[&str]; 2] = [&["时间", "日期"], &["号", "编号", "号码"]];
                for family in SAME.iter().filter(|f| f.contains(s)) {
                    variants.extend(family.iter().map(|x| format!("{rest}{x}")));
                }
            }
        }
    }
    let mut kind_hits = Vec::new();
    let mut common_hits = Vec::new();
    for v in &variants {
        if let Some(k) = kind
            && let Some(t) = field_target(k, v)
        {
            kind_hits.push(t);
        } else if let Some(t) = common_target(v) {
            common_hits.push(t);
        }
    }
    if kind_hits.is_empty() {
        distinct(common_hits)
    } else {
        distinct(kind_hits)
    }
}

/// The fields whose longest name the header contains: 隐患整改负责人员 holds 负责人.
fn contained(n: &str, kind: Option<Kind>) -> Vec<Target> {
    let mut best = 0usize;
    let mut hits: Vec<Target> = Vec::new();
    let pools: Vec<&[(String, Target)]> = match kind {
        Some(k) => vec![names_for(Some(k)), names_for(None)],
        None => vec![names_for(None)],
    };
    for pool in pools {
        for (name, t) in pool {
            let len = name.chars().count();
            // ASCII keys are too short to mean anything inside other words (no, id, date).
            if len < 2 || name.is_ascii() || name == n || !n.contains(name.as_str()) {
                continue;
            }
            if len > best {
                best = len;
                hits.clear();
            }
            if len == best {
                hits.push(t.clone());
            }
        }
    }
    distinct(hits)
}

/// A mapping file: `[columns] "欠薪金额" = "amount_claimed"`, optionally `kind = "labour"`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub columns: HashMap<String, String>,
}

impl Mapping {
    pub fn load(path: &Path) -> Result<Mapping> {
        let text = crate::ledger::text::read_small(path).map_err(|e| {
            LedgerError::Io(format!(
                "cannot read the mapping file {}: {e}",
                path.display()
            ))
        })?;
        Mapping::parse(&text).map_err(|m| LedgerError::Config {
            path: path.display().to_string(),
            message: m,
        })
    }

    pub fn parse(text: &str) -> std::result::Result<Mapping, String> {
        let raw: Mapping = toml::from_str(text).map_err(|e| {
            let msg = e.to_string();
            format!(
                "{}; write it as [columns] \"header\" = \"field_key\"",
                msg.lines().next().unwrap_or("invalid TOML")
            )
        })?;
        let mut columns = HashMap::new();
        for (header, target) in raw.columns {
            let t = norm(&target);
            let known = matches!(t.as_str(), "ignore" | "-" | "忽略")
                || common_target(&t).is_some()
                || Kind::ALL.iter().any(|k| field_target(*k, &t).is_some());
            if !known {
                return Err(format!(
                    "column {header:?} is mapped to {target:?}, which is no field: use a key from `taizhang keys`, or \"ignore\""
                ));
            }
            columns.insert(norm(&header), t);
        }
        if let Some(k) = &raw.kind
            && Kind::parse(k).is_none()
        {
            return Err(format!(
                "kind {k:?} is not a kind: use petition, labour, land, hazard or demolition"
            ));
        }
        Ok(Mapping {
            kind: raw.kind,
            columns,
        })
    }
}

/// What header `raw` means for `kind` (None: for any kind, i.e. the columns every kind shares).
pub fn resolve(raw: &str, kind: Option<Kind>, map: Option<&Mapping>) -> Option<Resolved> {
    resolve_column(None, raw, kind, map)
}

/// The sub-column `lower` under the merged upper header `upper` (补偿金额 over 应补 and 已付), or
/// a plain header when there is no upper one. The unit may be in either row.
pub fn resolve_column(
    upper: Option<&str>,
    lower: &str,
    kind: Option<Kind>,
    map: Option<&Mapping>,
) -> Option<Resolved> {
    let lower_n = norm(lower);
    let upper_n = upper.map(norm).filter(|u| !u.is_empty() && *u != lower_n);
    let n = match &upper_n {
        Some(u) if !lower_n.is_empty() => format!("{u}/{lower_n}"),
        Some(u) => u.clone(),
        None => lower_n.clone(),
    };
    if n.is_empty() {
        return None;
    }
    let unit_in = |s: &str| split_paren(s).and_then(|(_, inner)| unit_of(inner));
    let unit = unit_in(&lower_n).or_else(|| upper_n.as_deref().and_then(unit_in));
    if let Some(t) = map.and_then(|m| m.columns.get(&n).or_else(|| m.columns.get(&lower_n))) {
        let target = match t.as_str() {
            "ignore" | "-" | "忽略" => Some(Target::Ignore),
            t => resolve_name(t, kind),
        };
        return target.map(|target| Resolved::sure(target, unit));
    }
    let bare = |s: &str| match split_paren(s) {
        Some((base, inner)) if unit_of(inner).is_some() => base.to_string(),
        _ => s.to_string(),
    };
    // The names to try, the sub-header first, then it with its upper header around it.
    let mut tries: Vec<String> = Vec::new();
    if !lower_n.is_empty() {
        tries.push(lower_n.clone());
    }
    if let Some(u) = &upper_n {
        if !lower_n.is_empty() {
            tries.push(format!("{}{}", bare(&lower_n), bare(u)));
            tries.push(format!("{}{}", bare(u), bare(&lower_n)));
        } else {
            tries.push(u.clone());
        }
    }
    for t in &tries {
        if let Some(target) = resolve_name(t, kind) {
            return Some(Resolved::sure(target, unit));
        }
        if let Some((base, inner)) = split_paren(t) {
            // `责任人(assignee)`: a label followed by the key it stands for, as exports write
            // clashing labels.
            if unit_of(inner).is_none()
                && let Some(target) = resolve_name(inner, kind)
            {
                return Some(Resolved::sure(target, None));
            }
            if let Some(target) = resolve_name(base, kind) {
                return Some(Resolved::sure(target, unit));
            }
        }
    }
    for (confidence, find) in [
        (AFFIXED, affixed as fn(&str, Option<Kind>) -> Vec<Target>),
        (CONTAINED, contained),
    ] {
        for t in &tries {
            let mut hits = find(&bare(t), kind);
            if hits.is_empty() {
                continue;
            }
            let target = hits.remove(0);
            return Some(Resolved {
                target,
                unit,
                confidence,
                others: hits,
            });
        }
    }
    None
}

/// The fields nearest to an unmatched header, for the suggested map and the problem report: those
/// sharing the most characters with it.
pub fn nearest(raw: &str, kind: Option<Kind>) -> Vec<String> {
    let n = norm(raw);
    let chars: Vec<char> = n.chars().filter(|c| !c.is_ascii()).collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, String)> = Vec::new();
    let pools: Vec<&[(String, Target)]> = match kind {
        Some(k) => vec![names_for(Some(k)), names_for(None)],
        None => vec![names_for(None)],
    };
    for pool in pools {
        for (name, t) in pool {
            if matches!(t, Target::Ignore) {
                continue;
            }
            let shared = chars.iter().filter(|c| name.contains(**c)).count();
            let key = t.key().to_string();
            if shared >= 1 && !scored.iter().any(|(_, k)| *k == key) {
                scored.push((shared, key));
            } else if let Some(s) = scored.iter_mut().find(|(_, k)| *k == key) {
                s.0 = s.0.max(shared);
            }
        }
    }
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// The kind a sheet or file name implies: `信访`, `2026年劳资纠纷台账`, `台账-labour.csv`.
pub fn kind_from_name(name: &str) -> Option<Kind> {
    let n = norm(name);
    let n = n.trim_end_matches("台账");
    if let Some(k) = Kind::parse(n) {
        return Some(k);
    }
    const EXTRA: &[(Kind, &[&str])] = &[
        (Kind::Labour, &["劳资", "欠薪", "labor"]),
        (Kind::Land, &["征地", "征收"]),
        (Kind::Hazard, &["隐患"]),
        (Kind::Demolition, &["违建", "拆违", "违章建筑"]),
    ];
    let hits: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| {
            let d = k.def();
            n.contains(&d.zh)
                || n.contains(d.key.key())
                || EXTRA
                    .iter()
                    .any(|(ek, names)| ek == k && names.iter().any(|x| n.contains(x)))
        })
        .collect();
    match hits.as_slice() {
        [k] => Some(*k),
        _ => None,
    }
}

/// Every header accepted for `kind` besides its field keys and labels (for `keys` and README).
pub fn aliases(kind: Kind) -> Vec<(&'static str, Vec<&'static str>)> {
    words()
        .kind
        .get(kind.key())
        .map(|names| {
            names
                .iter()
                .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
                .collect()
        })
        .unwrap_or_default()
}

/// The headers accepted for the columns every kind has, by what they fill (`#title`, `#state`,
/// a common field's key…; `#ignore` for columns passed over).
pub fn common_aliases() -> Vec<(&'static str, Vec<&'static str>)> {
    words()
        .common
        .iter()
        .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
        .collect()
}

/// A value as offices write it (群众来访, 重大隐患, 国有土地, 强拆, √), in the words the field
/// takes (visit, major, state, enforced, yes). None: the cell is read as it is.
pub fn value_word(kind: Kind, field: &str, text: &str) -> Option<&'static str> {
    let t = norm(text);
    let def = kind.def();
    let f = def.field(field)?;
    let find = |names: &'static Names| -> Option<&'static str> {
        names
            .iter()
            .find(|(_, list)| list.iter().any(|w| norm(w) == t))
            .map(|(k, _)| k.as_str())
    };
    if f.ty == crate::ledger::schema::FieldType::Bool {
        return find(&words().yes_no);
    }
    let v = &words().values;
    v.get(kind.key())
        .and_then(|fields| fields.get(field))
        .and_then(find)
        .or_else(|| {
            v.get("any")
                .and_then(|fields| fields.get(field))
                .and_then(find)
        })
}

/// The state a state word names for `kind` (已整改 → recheck, 未签 → holdout).
pub fn state_word(kind: Kind, text: &str) -> Option<&'static str> {
    let t = norm(text);
    words()
        .states
        .get(kind.key())?
        .iter()
        .find(|(_, list)| list.iter().any(|w| norm(w) == t))
        .map(|(k, _)| k.as_str())
}

/// The fields a title is made from when the sheet has no title column.
pub fn title_fields(kind: Kind) -> Vec<&'static str> {
    words()
        .titles
        .get(kind.key())
        .map(|v| v.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The value words of every field of `kind`, for `keys` and README: (field, option, words).
pub fn value_words(kind: Kind) -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    let v = &words().values;
    let mut out = Vec::new();
    for src in [v.get(kind.key()), v.get("any")].into_iter().flatten() {
        for (field, options) in src {
            if kind.def().field(field).is_none() {
                continue;
            }
            for (opt, list) in options {
                out.push((
                    field.as_str(),
                    opt.as_str(),
                    list.iter().map(String::as_str).collect(),
                ));
            }
        }
    }
    out
}

/// The state words of `kind`: (state, words).
pub fn state_words(kind: Kind) -> Vec<(&'static str, Vec<&'static str>)> {
    words()
        .states
        .get(kind.key())
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: &str, k: Option<Kind>) -> Option<Target> {
        resolve(h, k, None).map(|r| r.target)
    }

    #[test]
    fn headers_by_key_label_and_alias() {
        assert_eq!(t("标题", None), Some(Target::Title));
        assert_eq!(t(" 状 态 ", None), Some(Target::State));
        assert_eq!(
            t("企业", Some(Kind::Labour)),
            Some(Target::Field("employer".into()))
        );
        assert_eq!(
            t("企业", Some(Kind::Hazard)),
            Some(Target::Field("company".into()))
        );
        assert_eq!(
            t("诉求金额（元）", Some(Kind::Labour)),
            Some(Target::Field("amount_claimed".into()))
        );
        assert_eq!(
            t("amount_claimed", Some(Kind::Labour)),
            Some(Target::Field("amount_claimed".into()))
        );
        assert_eq!(
            t("类型", Some(Kind::Labour)),
            Some(Target::Field("subtype".into()))
        );
        assert_eq!(t("类型", None), Some(Target::Kind));
        assert_eq!(
            t("责任人", Some(Kind::Hazard)),
            Some(Target::Field("responsible".into()))
        );
        assert_eq!(
            t("责任人", Some(Kind::Petition)),
            Some(Target::Common("assignee"))
        );
        assert_eq!(
            t("责任人(assignee)", Some(Kind::Hazard)),
            Some(Target::Common("assignee"))
        );
        assert_eq!(t("期限", None), Some(Target::Computed));
        assert_eq!(t("天气", Some(Kind::Petition)), None);
        let r = resolve("金额(万元)", Some(Kind::Labour), None).unwrap();
        assert_eq!(
            (r.target, r.unit),
            (Target::Field("amount_claimed".into()), Some("万元"))
        );
        let r = resolve("面积(亩)", Some(Kind::Demolition), None).unwrap();
        assert_eq!(
            (r.target, r.unit),
            (Target::Field("area_m2".into()), Some("亩"))
        );
    }

    #[test]
    fn mapping_files_name_fields_or_fail() {
        let m =
            Mapping::parse("[columns]\n\"讨薪金额\" = \"amount_claimed\"\n\"备用\" = \"ignore\"\n")
                .unwrap();
        assert_eq!(
            resolve("讨薪金额", Some(Kind::Labour), Some(&m))
                .unwrap()
                .target,
            Target::Field("amount_claimed".into())
        );
        assert_eq!(
            resolve("备用", None, Some(&m)).unwrap().target,
            Target::Ignore
        );
        assert!(
            Mapping::parse("[columns]\n\"x\" = \"nonsense\"\n")
                .unwrap_err()
                .contains("nonsense")
        );
        assert!(Mapping::parse("[colums]\n").is_err());
    }

    /// Every key words.toml names is a field, option or state of kinds.toml (or a column every
    /// kind has), so a word can never point at nothing.
    #[test]
    fn the_words_file_names_only_real_fields_options_and_states() {
        let w = parse_words(include_str!("words.toml")).expect("words.toml parses");
        assert!(!w.common.is_empty() && !w.prefixes.is_empty() && !w.suffixes.is_empty());
        for (k, _) in &w.common {
            assert!(target_of_key(k, None).is_some(), "[common] {k}");
        }
        for (kind, names) in &w.kind {
            let kind = Kind::parse(kind).unwrap_or_else(|| panic!("[kind.{kind}]"));
            for (k, _) in names {
                assert!(
                    target_of_key(k, Some(kind)).is_some(),
                    "[kind.{}] {k}",
                    kind.key()
                );
            }
        }
        for (kind, fields) in &w.values {
            let kinds: Vec<Kind> = match kind.as_str() {
                "any" => Kind::ALL.to_vec(),
                k => vec![Kind::parse(k).unwrap_or_else(|| panic!("[values.{k}]"))],
            };
            for (field, options) in fields {
                let defs: Vec<_> = kinds.iter().filter_map(|k| k.def().field(field)).collect();
                assert!(!defs.is_empty(), "[values.{kind}.{field}]");
                for (opt, _) in options {
                    for f in &defs {
                        assert!(f.choice(opt).is_some(), "[values.{kind}.{field}] {opt}");
                    }
                }
            }
        }
        for (kind, states) in &w.states {
            let def = Kind::parse(kind)
                .unwrap_or_else(|| panic!("[states.{kind}]"))
                .def();
            for (s, _) in states {
                assert!(def.state(s).is_some(), "[states.{kind}] {s}");
            }
        }
        for k in Kind::ALL {
            let fields = title_fields(k);
            assert!(!fields.is_empty(), "[titles] {}", k.key());
            for f in fields {
                assert!(
                    k.def().field(f).is_some() || COMMON_FIELDS.iter().any(|(c, _, _)| *c == f),
                    "[titles] {}: {f}",
                    k.key()
                );
            }
        }
    }

    #[test]
    fn headers_as_offices_write_them_with_their_confidence() {
        let r = |h: &str, k: Kind| resolve(h, Some(k), None).unwrap();
        let p = r("信访人姓名", Kind::Petition);
        assert_eq!(
            (p.target, p.confidence),
            (Target::Field("petitioners".into()), EXACT)
        );
        let p = r("反映人姓名", Kind::Petition);
        assert_eq!(
            (p.target, p.confidence),
            (Target::Field("petitioners".into()), AFFIXED)
        );
        let p = r("案件地点", Kind::Petition);
        assert_eq!(p.target, Target::Common("location"));
        assert_eq!(
            r("地块号", Kind::Land).target,
            Target::Field("parcel".into())
        );
        assert_eq!(
            r("宗地编号", Kind::Land).target,
            Target::Field("parcel".into())
        );
        assert_eq!(
            r("土地性质", Kind::Land).target,
            Target::Field("land_ownership".into())
        );
        assert_eq!(
            r("僵持原因", Kind::Land).target,
            Target::Field("holdout_reason".into())
        );
        assert_eq!(
            r("违建主体", Kind::Demolition).target,
            Target::Field("owner".into())
        );
        assert_eq!(
            r("整改责任人", Kind::Hazard).target,
            Target::Field("responsible".into())
        );
        assert_eq!(
            r("复查人", Kind::Hazard).target,
            Target::Field("inspector".into())
        );
        assert_eq!(
            r("整改措施", Kind::Hazard).target,
            Target::Field("measures".into())
        );
        assert_eq!(r("办理情况", Kind::Petition).target, Target::Progress);
        assert_eq!(r("签约情况", Kind::Land).target, Target::State);
        let g = r("检查单位名称(盖章)", Kind::Hazard);
        assert!(g.doubtful(), "{g:?}");
        // Under a merged 补偿金额(元): 应补 and 已付, in 元.
        let due = resolve_column(Some("补偿金额(元)"), "应补", Some(Kind::Land), None).unwrap();
        assert_eq!(
            (due.target, due.unit),
            (Target::Field("compensation_due".into()), Some("元"))
        );
        let paid = resolve_column(Some("补偿金额"), "已付(万元)", Some(Kind::Land), None).unwrap();
        assert_eq!(
            (paid.target, paid.unit),
            (Target::Field("compensation_paid".into()), Some("万元"))
        );
    }

    #[test]
    fn values_and_states_as_offices_write_them() {
        assert_eq!(
            value_word(Kind::Petition, "channel", "群众来访"),
            Some("visit")
        );
        assert_eq!(
            value_word(Kind::Petition, "channel", "12345市民热线"),
            Some("hotline")
        );
        assert_eq!(value_word(Kind::Hazard, "grade", "重大隐患"), Some("major"));
        assert_eq!(
            value_word(Kind::Land, "land_ownership", "国有土地"),
            Some("state")
        );
        assert_eq!(
            value_word(Kind::Demolition, "land_ownership", "集体土地"),
            Some("collective")
        );
        assert_eq!(
            value_word(Kind::Demolition, "method", "强拆"),
            Some("enforced")
        );
        assert_eq!(value_word(Kind::Hazard, "supervised", "√"), Some("yes"));
        assert_eq!(value_word(Kind::Petition, "repeat", "×"), Some("no"));
        assert_eq!(value_word(Kind::Petition, "channel", "飞鸽传书"), None);
        assert_eq!(state_word(Kind::Hazard, "已整改"), Some("recheck"));
        assert_eq!(state_word(Kind::Land, "未签"), Some("holdout"));
    }

    #[test]
    fn names_imply_kinds() {
        assert_eq!(kind_from_name("信访"), Some(Kind::Petition));
        assert_eq!(kind_from_name("2026年劳资纠纷台账"), Some(Kind::Labour));
        assert_eq!(kind_from_name("台账-labour"), Some(Kind::Labour));
        assert_eq!(kind_from_name("违建"), Some(Kind::Demolition));
        assert_eq!(kind_from_name("Sheet1"), None);
    }
}
