//! `taizhang rules [NAME]`: the deadline rule set the ledger applies — each rule with what its
//! date means (duty, party window, waiting period, both bounds), the event it counts from, its
//! length and its article.

use std::process::ExitCode;

use crate::ledger::schema::{DeadlineRule, schema};
use crate::ledger::{Kind, Lang, Result};

use super::Env;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Switch the ledger to this rule set (national, zhejiang)
    pub set: Option<String>,
}

/// The rule's length: "60日", "10个工作日", "6个月", "+ ≤30日" for extensions, "= 限拆期限" for a
/// date a notice sets.
fn length(kind: Kind, r: &DeadlineRule, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(m) = r.months {
        parts.push(format!("{m}{}", lang.pick("个月", " months")));
    }
    if let Some(d) = r.days {
        parts.push(if r.working {
            format!("{d}{}", lang.pick("个工作日", " working days"))
        } else {
            format!("{d}{}", lang.pick("日", " days"))
        });
    }
    let mut s = if parts.is_empty() {
        let f = r.from_field.as_deref().unwrap_or("—");
        format!("= {}", field_label(kind, f, lang))
    } else {
        parts.join(" + ")
    };
    if r.extension_max_count > 0 {
        s.push_str(&format!(
            " (+≤{}{})",
            r.extension_max_days,
            if r.working {
                lang.pick("个工作日", " working days")
            } else {
                lang.pick("日", "d")
            }
        ));
    }
    if let Some(cap) = &r.cap_field {
        s.push_str(&format!(
            " ({}{})",
            lang.pick("或", "or "),
            field_label(kind, cap, lang)
        ));
    }
    s
}

fn field_label(kind: Kind, key: &str, lang: Lang) -> String {
    kind.def()
        .field(key)
        .map(|f| f.label(lang).to_string())
        .unwrap_or_else(|| key.to_string())
}

/// What the rule counts from: a recorded date (送达日期 …), else the stage it runs in; a range
/// also names its lower bound.
fn start(kind: Kind, name: &str, r: &DeadlineRule, lang: Lang) -> String {
    let def = kind.def();
    let states: Vec<&str> = def
        .states
        .iter()
        .filter(|s| s.deadline.as_deref() == Some(name))
        .map(|s| s.label(lang))
        .collect();
    let entered = if states.is_empty() {
        lang.pick("进入当前阶段", "entering the stage").to_string()
    } else {
        format!("{}{}", lang.pick("进入", "entering "), states.join("/"))
    };
    let mut s = match (&r.from_field, r.days.or(r.months.map(|_| 0))) {
        (Some(f), Some(_)) => {
            let mut t = field_label(kind, f, lang);
            if let Some(o) = &r.or_field {
                t.push_str(&format!(
                    "{}{}",
                    lang.pick("或", " or "),
                    field_label(kind, o, lang)
                ));
            }
            if r.or_start {
                t.push_str(&format!("{}{entered}", lang.pick("或", " or ")));
            }
            t
        }
        (Some(_), None) => lang
            .pick("文书所定日期", "the date the notice sets")
            .to_string(),
        (None, _) => entered,
    };
    if !r.not_before.is_empty() {
        s.push_str(&format!(
            "; {} {}",
            lang.pick("不早于", "not before"),
            r.not_before.join(", ")
        ));
    }
    s
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    if let Some(name) = a.set {
        ledger.set_rule_set(&name)?;
    }
    let current = ledger.rule_set()?;
    let lang = env.lang;
    println!(
        "{}: {current}  ({}: {})",
        lang.pick("当前规则", "rule set"),
        lang.pick("可选", "available"),
        schema().rule_set_names().join(", ")
    );
    for kind in Kind::ALL {
        for name in schema().rule_names(&current, kind) {
            let Some(r) = schema().rule(&current, kind, name) else {
                continue;
            };
            println!(
                "  {:<10} {:<20} {}  {}  {}: {}  [{}]",
                kind.key(),
                name,
                match &r.by {
                    Some(by) => format!("{}({by})", r.kind.label(lang)),
                    None => r.kind.label(lang).to_string(),
                },
                length(kind, r, lang),
                lang.pick("起算", "from"),
                start(kind, name, r, lang),
                r.basis
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
