//! `taizhang list [QUERY]`: an aligned table (or JSON) of the cases a query matches.

use std::process::ExitCode;

use crate::ledger::clock::today;
use crate::ledger::query::{Env as QueryEnv, Query};
use crate::ledger::text::table;
use crate::ledger::{Case, Result};

use super::{Env, print_json, view};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A query, e.g. `kind:petition overdue` (see README: query language)
    pub query: Vec<String>,
    /// Include closed cases
    #[arg(long, short)]
    pub all: bool,
    /// Sort by due, priority, updated or id
    #[arg(long, default_value = "due")]
    pub sort: String,
    /// Show at most N cases
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
    /// Print only the number of matching cases
    #[arg(long)]
    pub count: bool,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let text = a.query.join(" ");
    let query = Query::parse(&text)?;
    let ledger = env.open()?;
    let rule_set = ledger.rule_set()?;
    let today = today();
    let user = ledger.actor().to_string();
    let qenv = QueryEnv {
        today,
        rule_set: &rule_set,
        calendar: ledger.calendar(),
        user: &user,
    };
    let lower = text.to_lowercase();
    let wants_closed =
        a.all || lower.contains("closed") || lower.contains("state") || lower.contains("已结");
    // Most lists are of open cases: read only those (a quarter of a ledger with years of history).
    let read = if wants_closed && !query.open_only() {
        ledger.cases()?
    } else {
        ledger.open_cases()?
    };
    let mut cases: Vec<(Case, Option<crate::ledger::deadline::Due>)> = read
        .into_iter()
        .filter(|c| (wants_closed || c.is_open()) && query.matches(c, &qenv))
        .map(|c| {
            let due = ledger.due(&c, &rule_set, today);
            (c, due)
        })
        .collect();
    match a.sort.as_str() {
        "due" => cases.sort_by(|x, y| {
            let key = |c: &(Case, Option<crate::ledger::deadline::Due>)| {
                let d = c.1.as_ref().map(|d| d.date);
                (d.is_none(), d)
            };
            key(x).cmp(&key(y)).then_with(|| x.0.id.cmp(&y.0.id))
        }),
        "priority" => cases.sort_by(|x, y| {
            y.0.priority.cmp(&x.0.priority).then(
                x.1.as_ref()
                    .map(|d| d.date)
                    .cmp(&y.1.as_ref().map(|d| d.date)),
            )
        }),
        "updated" => cases.sort_by_key(|c| std::cmp::Reverse(c.0.updated)),
        "id" => {}
        other => {
            return Err(crate::ledger::LedgerError::BadValue {
                what: "sort".into(),
                value: other.into(),
                hint: "sort by due, priority, updated or id".into(),
            });
        }
    }
    if let Some(n) = a.limit {
        cases.truncate(n);
    }
    if a.count {
        println!("{}", cases.len());
        return Ok(ExitCode::SUCCESS);
    }
    if a.json {
        let out: Vec<serde_json::Value> = cases
            .iter()
            .map(|(c, due)| {
                let mut v = super::show::case_json(c, false);
                super::show::due_json(&mut v, due.as_ref(), today);
                v
            })
            .collect();
        return print_json(&out);
    }
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|(c, _)| view::row(&ledger, &rule_set, c, today, env.lang))
        .collect();
    print!(
        "{}",
        table(
            view::header(env.lang),
            &rows,
            &[0, 0, 30, 16, 0, 0, 0, 0],
            &[]
        )
    );
    eprintln!(
        "{}",
        match env.lang {
            crate::ledger::Lang::Zh => format!("共 {} 件", rows.len()),
            crate::ledger::Lang::En => format!("{} case(s)", rows.len()),
        }
    );
    Ok(ExitCode::SUCCESS)
}
