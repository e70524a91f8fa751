//! Table rows for cases, shared by `list` and `show`.

use chrono::NaiveDate;

use crate::ledger::present::due_cell;
use crate::ledger::{Case, Lang, Ledger};

pub const LIST_HEADER_ZH: [&str; 8] = [
    "编号",
    "类型",
    "标题",
    "当事方",
    "状态",
    "责任人",
    "期限",
    "优先级",
];
pub const LIST_HEADER_EN: [&str; 8] = [
    "ID", "KIND", "TITLE", "PARTY", "STATE", "ASSIGNEE", "DUE", "PRI",
];

pub fn header(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Zh => &LIST_HEADER_ZH,
        Lang::En => &LIST_HEADER_EN,
    }
}

pub fn row(
    ledger: &Ledger,
    rule_set: &str,
    case: &Case,
    today: NaiveDate,
    lang: Lang,
) -> Vec<String> {
    let due = ledger.due(case, rule_set, today);
    vec![
        case.id.clone(),
        case.kind.label(lang).to_string(),
        case.title.clone(),
        case.party.clone(),
        case.state_label(lang).to_string(),
        case.assignee.clone().unwrap_or_else(|| "—".into()),
        due_cell(due.as_ref(), today, lang),
        case.priority.label(lang).to_string(),
    ]
}
