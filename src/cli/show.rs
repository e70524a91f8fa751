//! `taizhang show ID`: every field with its label, the deadline, links and the history timeline.

use std::process::ExitCode;

use crate::ledger::access::Personal;
use crate::ledger::clock::today;
use crate::ledger::present::{due_cell, field_lines};
use crate::ledger::text::{sanitize, sanitize_multiline, table};
use crate::ledger::{Case, Result};

use super::{Env, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub id: String,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
    /// Show phone and ID numbers in full (recorded in the case's history)
    #[arg(long)]
    pub with_pii: bool,
}

/// The case as JSON, personal data masked unless `with_pii`.
pub fn case_json(case: &Case, with_pii: bool) -> serde_json::Value {
    let mut c = case.clone();
    if !with_pii {
        c.mask_personal();
    }
    serde_json::to_value(&c).unwrap_or_default()
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    let case = ledger.get(&a.id)?;
    if a.with_pii {
        ledger.record_pii_view(std::slice::from_ref(&case.id), "show --with-pii")?;
    }
    let rule_set = ledger.rule_set()?;
    let today = today();
    let due = ledger.due(&case, &rule_set, today);
    let mut history = ledger.history(&case.id)?;
    if !a.with_pii {
        history.mask_personal();
    }
    let lang = env.lang;
    if a.json {
        let mut v = case_json(&case, a.with_pii);
        due_json(&mut v, due.as_ref(), today);
        v["history"] = serde_json::to_value(&history).unwrap_or_default();
        return print_json(&v);
    }
    let lines = field_lines(&case, lang, a.with_pii);
    let w = lines
        .iter()
        .map(|(l, _)| crate::ledger::text::width(l))
        .max()
        .unwrap_or(0);
    for (label, value) in &lines {
        println!(
            "{}  {}",
            crate::ledger::text::pad(label, w),
            sanitize_multiline(value).replace('\n', &format!("\n{}  ", " ".repeat(w)))
        );
    }
    let due_label = lang.pick("期限", "Due");
    match &due {
        Some(d) => println!(
            "{}  {}  [{} · {}]",
            crate::ledger::text::pad(due_label, w),
            due_cell(Some(d), today, lang),
            d.kind.label(lang),
            sanitize(&d.basis)
        ),
        None => println!("{}  —", crate::ledger::text::pad(due_label, w)),
    }
    let next = case.kind.def().next_states(&case.state);
    if !next.is_empty() {
        println!(
            "{}  {}",
            crate::ledger::text::pad(lang.pick("可转入", "Next"), w),
            next.iter()
                .map(|s| format!("{} ({})", s.key, s.label(lang)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    println!();
    let rows: Vec<Vec<String>> = history
        .iter()
        .map(|e| {
            vec![
                e.at.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                e.actor.clone(),
                crate::ledger::present::event_text(e, case.kind, lang),
            ]
        })
        .collect();
    let header = match lang {
        crate::ledger::Lang::Zh => ["时间", "操作人", "变更"],
        crate::ledger::Lang::En => ["TIME", "ACTOR", "CHANGE"],
    };
    print!("{}", table(&header, &rows, &[], &[]));
    Ok(ExitCode::SUCCESS)
}

/// The due date in a case's JSON: the date, what it means (`due_kind`: duty, window, wait,
/// range), where it stands (`due_status`: due, overdue, window_open, window_lapsed, not_before,
/// allowed, paused) and `overdue`, true only when the office's own duty has passed.
pub fn due_json(
    v: &mut serde_json::Value,
    due: Option<&crate::ledger::deadline::Due>,
    today: chrono::NaiveDate,
) {
    use crate::ledger::deadline::Standing;
    v["due"] = serde_json::json!(due.map(|d| d.date));
    v["due_kind"] = serde_json::json!(due.map(|d| d.kind.key()));
    v["due_status"] = serde_json::json!(due.map(|d| match d.standing(today) {
        Standing::Paused => "paused",
        Standing::DueIn(_) => "due",
        Standing::Overdue(_) => "overdue",
        Standing::Late(_) => "authority_late",
        Standing::WindowOpen(_) => "window_open",
        Standing::WindowLapsed => "window_lapsed",
        Standing::NotBefore(_) => "not_before",
        Standing::Allowed => "allowed",
    }));
    if let Some(after) = due.and_then(|d| d.allowed_after()) {
        v["not_before"] = serde_json::json!(after.succ_opt());
    }
    v["overdue"] = serde_json::json!(due.is_some_and(|d| d.overdue(today)));
}
