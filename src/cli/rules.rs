//! `taizhang rules [NAME]`: the deadline rule set the ledger applies.

use std::process::ExitCode;

use crate::ledger::schema::schema;
use crate::ledger::{Kind, Result};

use super::Env;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Switch the ledger to this rule set (national, zhejiang)
    pub set: Option<String>,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    if let Some(name) = a.set {
        ledger.set_rule_set(&name)?;
    }
    let current = ledger.rule_set()?;
    println!(
        "{}: {current}  ({}: {})",
        env.lang.pick("当前规则", "rule set"),
        env.lang.pick("可选", "available"),
        schema().rule_set_names().join(", ")
    );
    for kind in Kind::ALL {
        let def = kind.def();
        for st in &def.states {
            let Some(rule_name) = &st.deadline else {
                continue;
            };
            let Some(r) = schema().rule(&current, kind, rule_name) else {
                continue;
            };
            let period = match (r.months, r.days, &r.from_field) {
                (Some(m), _, Some(f)) => format!("{f} + {m} {}", env.lang.pick("个月", "months")),
                (Some(m), _, None) => format!("{m} {}", env.lang.pick("个月", "months")),
                (None, Some(d), _) if r.working => {
                    format!("{d} {}", env.lang.pick("个工作日", "working days"))
                }
                (None, Some(d), _) => format!("{d} {}", env.lang.pick("日", "days")),
                (None, None, Some(f)) => format!("= {f}"),
                (None, None, None) => "—".into(),
            };
            let ext = if r.extension_max_count > 0 {
                format!(" (+≤{}{})", r.extension_max_days, env.lang.pick("日", "d"))
            } else {
                String::new()
            };
            println!(
                "  {:<10} {:<18} {period}{ext}  {}",
                kind.key(),
                st.key,
                r.basis
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
