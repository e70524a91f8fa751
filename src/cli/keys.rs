//! `taizhang keys [KIND]`: the field and state keys the command line, queries and imports use.

use std::process::ExitCode;

use crate::ledger::schema::COMMON_FIELDS;
use crate::ledger::text::table;
use crate::ledger::{Kind, Result};

use super::Env;
use super::add::parse_kind;

#[derive(Debug, clap::Args)]
pub struct Args {
    pub kind: Option<String>,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let kinds: Vec<Kind> = match a.kind {
        Some(k) => vec![parse_kind(&k)?],
        None => Kind::ALL.to_vec(),
    };
    let common: Vec<Vec<String>> = COMMON_FIELDS
        .iter()
        .map(|(k, zh, en)| vec![k.to_string(), zh.to_string(), en.to_string(), String::new()])
        .collect();
    println!("{}", env.lang.pick("通用字段", "Common fields"));
    print!(
        "{}",
        table(&["key", "中文", "English", ""], &common, &[], &[])
    );
    for kind in kinds {
        let d = kind.def();
        println!("\n{} {} ({}, {})", d.key, d.zh, d.en, d.code);
        let rows: Vec<Vec<String>> = d
            .fields
            .iter()
            .map(|f| {
                let opts = f
                    .options
                    .iter()
                    .map(|o| format!("{}={}", o.key, o.zh))
                    .collect::<Vec<_>>()
                    .join(" ");
                vec![
                    f.key.clone(),
                    f.zh.clone(),
                    format!("{:?}{}", f.ty, if f.pii { " (PII)" } else { "" }),
                    opts,
                ]
            })
            .collect();
        print!(
            "{}",
            table(&["field", "中文", "type", "values"], &rows, &[], &[])
        );
        let states: Vec<Vec<String>> = d
            .states
            .iter()
            .map(|s| {
                let next = d
                    .next_states(&s.key)
                    .iter()
                    .map(|n| n.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![
                    s.key.clone(),
                    s.zh.clone(),
                    s.deadline.clone().unwrap_or_default(),
                    next,
                ]
            })
            .collect();
        print!(
            "{}",
            table(&["state", "中文", "deadline", "→ next"], &states, &[], &[])
        );
    }
    Ok(ExitCode::SUCCESS)
}
