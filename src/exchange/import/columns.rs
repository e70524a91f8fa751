//! Which field a spreadsheet column fills: headers matched by English key, Chinese label, the
//! aliases offices use (企业, 户主, 金额(元), 面积(亩), 责任人 …) or a mapping file. A unit in the
//! header (金额(万元), 面积(亩)) applies to the column's bare numbers.

use std::collections::HashMap;
use std::path::Path;

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
            Target::Common(k) => k,
            Target::Field(k) => k,
        }
    }
}

/// A resolved column: what it fills and the unit its bare numbers are in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub target: Target,
    pub unit: Option<&'static str>,
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

const COMMON_ALIASES: &[(&str, &[&str])] = &[
    (
        "#key",
        &[
            "编号",
            "id",
            "ref",
            "reference",
            "案件编号",
            "原编号",
            "台账编号",
            "编码",
        ],
    ),
    ("#ignore", &["序号", "no", "no.", "#"]),
    ("#kind", &["类型", "kind", "案件类型", "事项类型", "种类"]),
    (
        "#title",
        &[
            "标题", "title", "事项", "名称", "案由", "事由", "主题", "subject",
        ],
    ),
    (
        "#state",
        &[
            "状态",
            "state",
            "status",
            "办理状态",
            "当前状态",
            "进展",
            "办理进度",
            "阶段",
        ],
    ),
    (
        "#closed",
        &["办结日期", "closed", "结案日期", "销号日期", "办结时间"],
    ),
    ("#due", &["期限", "due", "到期日", "办理期限"]),
    (
        "description",
        &[
            "描述",
            "description",
            "情况",
            "基本情况",
            "简要情况",
            "内容",
            "问题描述",
            "备注",
            "remarks",
            "notes",
        ],
    ),
    ("party", &["当事方", "party", "当事人"]),
    ("location", &["地点", "location", "位置", "地址", "address"]),
    ("assignee", &["责任人", "assignee", "经办人", "承办人"]),
    ("priority", &["优先级", "priority", "紧急程度"]),
    ("tags", &["标签", "tags"]),
    (
        "opened",
        &[
            "登记日期",
            "opened",
            "date",
            "日期",
            "登记时间",
            "发现日期",
            "来访日期",
            "收件日期",
        ],
    ),
];

fn kind_aliases(kind: Kind) -> &'static [(&'static str, &'static [&'static str])] {
    match kind {
        Kind::Petition => &[
            ("petitioners", &["信访人", "来访人", "姓名", "反映人"]),
            ("phone", &["电话", "手机", "手机号", "联系方式"]),
            ("id_number", &["身份证", "身份证号码"]),
            ("channel", &["来源", "信访渠道", "信访方式", "方式"]),
            ("category", &["问题类别", "信访类别"]),
            ("demands", &["诉求内容", "反映问题", "主要诉求"]),
            ("people", &["来访人数"]),
        ],
        Kind::Labour => &[
            ("employer", &["用人单位", "单位", "公司", "企业名称"]),
            (
                "amount_claimed",
                &["金额", "欠薪金额", "涉及金额", "诉求金额", "欠薪"],
            ),
            ("amount_recovered", &["追回金额", "已追回", "兑现金额"]),
            ("workers", &["人数", "工人数", "涉及人员"]),
            ("phone", &["电话", "手机", "手机号", "联系方式"]),
            ("id_number", &["身份证", "身份证号码"]),
        ],
        Kind::Land => &[
            ("household_head", &["姓名", "户名", "被征收人"]),
            ("area_mu", &["面积", "征收面积"]),
            ("project", &["项目名称", "征地项目"]),
            ("parcel", &["地块", "宗地号"]),
            ("phone", &["电话", "手机", "手机号", "联系方式"]),
            ("id_number", &["身份证", "身份证号码"]),
            ("household_size", &["人口", "户人口"]),
            ("compensation_due", &["金额", "补偿金额", "应补偿金额"]),
            ("compensation_paid", &["兑付金额", "已兑付金额"]),
            ("unit_price", &["单价"]),
            ("holdout_reason", &["原因"]),
        ],
        Kind::Hazard => &[
            ("company", &["单位", "公司", "企业名称"]),
            ("grade", &["等级", "隐患级别"]),
            ("rectify_by", &["整改时限"]),
            ("funds", &["资金"]),
            ("responsible", &["负责人", "企业负责人"]),
            ("inspector", &["检查人员"]),
        ],
        Kind::Demolition => &[
            ("area_m2", &["面积", "违建面积", "建筑面积"]),
            ("area_demolished_m2", &["已拆面积", "拆除面积"]),
            ("owner", &["业主", "产权人", "户主"]),
            ("deadline", &["限拆日期", "拆除期限"]),
            ("order_no", &["决定书"]),
            ("method", &["方式"]),
        ],
    }
}

fn common_target(name: &str) -> Option<Target> {
    let hit = COMMON_ALIASES
        .iter()
        .find(|(_, names)| names.iter().any(|a| norm(a) == name))
        .map(|(k, _)| *k)
        .or_else(|| {
            // The common labels of schema::COMMON_FIELDS (English too) are accepted as well.
            COMMON_FIELDS
                .iter()
                .find(|(k, zh, en)| norm(k) == name || norm(zh) == name || norm(en) == name)
                .map(|(k, _, _)| match *k {
                    "id" => "#key",
                    "kind" => "#kind",
                    "title" => "#title",
                    "state" => "#state",
                    "closed" => "#closed",
                    "due" | "links" => "#due",
                    k => k,
                })
        })?;
    Some(match hit {
        "#key" => Target::Key,
        "#ignore" => Target::Ignore,
        "#kind" => Target::Kind,
        "#title" => Target::Title,
        "#state" => Target::State,
        "#closed" => Target::Closed,
        "#due" => Target::Computed,
        k => Target::Common(
            COMMON_FIELDS
                .iter()
                .find(|(c, _, _)| *c == k)
                .map(|(c, _, _)| *c)
                .unwrap_or("description"),
        ),
    })
}

fn field_target(kind: Kind, name: &str) -> Option<Target> {
    let def = kind.def();
    let by_label = def.fields.iter().find(|f| {
        let zh = norm(&f.zh);
        let en = norm(&f.en);
        f.key == name
            || zh == name
            || en == name
            || split_paren(&zh).is_some_and(|(b, _)| b == name)
            || split_paren(&en).is_some_and(|(b, _)| b == name)
    });
    if let Some(f) = by_label {
        return Some(Target::Field(f.key.clone()));
    }
    kind_aliases(kind)
        .iter()
        .find(|(_, names)| names.iter().any(|a| norm(a) == name))
        .map(|(k, _)| Target::Field((*k).to_string()))
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
    let n = norm(raw);
    if n.is_empty() {
        return None;
    }
    let unit = split_paren(&n).and_then(|(_, inner)| unit_of(inner));
    if let Some(t) = map.and_then(|m| m.columns.get(&n)) {
        let target = match t.as_str() {
            "ignore" | "-" | "忽略" => Some(Target::Ignore),
            t => resolve_name(t, kind),
        };
        return target.map(|target| Resolved { target, unit });
    }
    if let Some(target) = resolve_name(&n, kind) {
        return Some(Resolved { target, unit });
    }
    if let Some((base, inner)) = split_paren(&n) {
        // `责任人(assignee)`: a label followed by the key it stands for, as exports write clashing labels.
        if unit.is_none()
            && let Some(target) = resolve_name(inner, kind)
        {
            return Some(Resolved { target, unit: None });
        }
        if let Some(target) = resolve_name(base, kind) {
            return Some(Resolved { target, unit });
        }
    }
    None
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
    kind_aliases(kind)
        .iter()
        .map(|(k, v)| (*k, v.to_vec()))
        .collect()
}

/// The headers accepted for the columns every kind has, by what they fill (`#title`, `#state`,
/// a common field's key…; `#ignore` for columns passed over).
pub fn common_aliases() -> Vec<(&'static str, Vec<&'static str>)> {
    COMMON_ALIASES
        .iter()
        .map(|(k, v)| (*k, v.to_vec()))
        .collect()
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

    #[test]
    fn names_imply_kinds() {
        assert_eq!(kind_from_name("信访"), Some(Kind::Petition));
        assert_eq!(kind_from_name("2026年劳资纠纷台账"), Some(Kind::Labour));
        assert_eq!(kind_from_name("台账-labour"), Some(Kind::Labour));
        assert_eq!(kind_from_name("违建"), Some(Kind::Demolition));
        assert_eq!(kind_from_name("Sheet1"), None);
    }
}
