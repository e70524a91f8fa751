//! `taizhang keys [KIND]`: the field and state keys the command line, queries and imports use.
//! With `--keymap NAME`, the interface's keymap file instead (`taizhang keys --keymap default >
//! ~/.config/taizhang/keymap.toml` to start one's own).

use std::process::ExitCode;

use crate::exchange::import::columns;
use crate::ledger::schema::COMMON_FIELDS;
use crate::ledger::text::table;
use crate::ledger::{Kind, Result};

use super::Env;
use super::add::parse_kind;

#[derive(Debug, clap::Args)]
pub struct Args {
    pub kind: Option<String>,
}

/// The keymaps shipped with the program, as their files read.
const KEYMAPS: [(&str, &str); 3] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("emacs", include_str!("../../keymaps/emacs.toml")),
    ("arrows", include_str!("../../keymaps/arrows.toml")),
];

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    if let Some(name) = env.keymap.as_deref() {
        let Some((_, text)) = KEYMAPS.iter().find(|(n, _)| *n == name.trim()) else {
            return Err(crate::ledger::LedgerError::BadValue {
                what: "keymap".into(),
                value: name.to_string(),
                hint: "print a shipped one: default, emacs or arrows".into(),
            });
        };
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
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
    headers(env, &columns::common_aliases());
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
        headers(env, &columns::aliases(kind));
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
                    // The clock the state runs and what its date means (duty, window, wait,
                    // range: README "Deadlines").
                    s.deadline
                        .as_deref()
                        .map(|r| {
                            match crate::ledger::schema::schema().rule(
                                crate::ledger::schema::DEFAULT_RULE_SET,
                                kind,
                                r,
                            ) {
                                Some(rule) => format!("{r} ({})", rule.kind.key()),
                                None => r.to_string(),
                            }
                        })
                        .unwrap_or_default(),
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

/// The other column headers an import takes for these fields (besides keys and labels).
fn headers(env: &Env, aliases: &[(&str, Vec<&str>)]) {
    if aliases.is_empty() {
        return;
    }
    println!(
        "{}",
        env.lang.pick(
            "导入时也认的表头 (另有上列键名和中英文名):",
            "Import also takes these column headers (besides the keys and labels above):"
        )
    );
    for (target, names) in aliases {
        let what = match *target {
            "#key" => env.lang.pick(
                "原编号 (重复导入时据此识别)",
                "the office's own reference (re-imports match on it)",
            ),
            "#ignore" => env.lang.pick("(略过的列)", "(columns passed over)"),
            "#kind" => env.lang.pick("类型", "kind"),
            "#title" => env.lang.pick("标题", "title"),
            "#state" => env.lang.pick("状态", "state"),
            "#closed" => env.lang.pick("办结日期", "closing date"),
            "#due" => env.lang.pick("期限", "due date"),
            other => other.trim_start_matches('#'),
        };
        println!("  {what}: {}", names.join(", "));
    }
}
