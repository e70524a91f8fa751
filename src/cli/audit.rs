//! `taizhang audit [--user U] [--since DATE]`: who did what — every change to every case, the
//! privileged actions (users, rule sets, targets, restores) and the attempts that were refused.
//! Through a ledger server the names are the ones the kernel vouched for.

use std::process::ExitCode;

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use crate::ledger::text::table;
use crate::ledger::units::parse_date;
use crate::ledger::{Kind, Lang, Result};

use super::{Env, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only what this user did or tried
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// Only from this day on (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub since: Option<NaiveDate>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

fn parse_date_arg(s: &str) -> std::result::Result<NaiveDate, String> {
    parse_date(s).map_err(|e| e.to_string())
}

#[derive(Debug, Serialize)]
struct Line {
    at: DateTime<Utc>,
    user: String,
    /// `case` for changes to cases, else the privileged action.
    what: String,
    detail: String,
    refused: Option<String>,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    let lang = env.lang;
    // The audit log first: it refuses (and records) users who may not read it.
    let mut lines: Vec<Line> = ledger
        .audit_log()?
        .into_iter()
        .map(|e| Line {
            at: e.at,
            user: e.user,
            what: e.action,
            detail: String::new(),
            refused: e.refused.map(|r| match (e.repeats, e.last) {
                (0, _) | (_, None) => r,
                (n, Some(last)) => format!(
                    "{r} ({})",
                    lang.pick(
                        &format!(
                            "又重复 {n} 次,最后一次 {}",
                            last.with_timezone(&Local).format("%H:%M:%S")
                        ),
                        &format!(
                            "repeated {n} more time(s), last at {}",
                            last.with_timezone(&Local).format("%H:%M:%S")
                        )
                    )
                ),
            }),
        })
        .collect();
    for ev in ledger.all_events()? {
        let Some(kind) = ev.case.split('-').next().and_then(Kind::from_code) else {
            continue;
        };
        lines.push(Line {
            at: ev.at,
            user: ev.actor,
            what: format!("{} {}", ev.change.key(), ev.case),
            detail: ev.change.describe(kind, lang),
            refused: None,
        });
    }
    lines.retain(|l| {
        a.user.as_deref().is_none_or(|u| l.user == u)
            && a.since
                .is_none_or(|d| l.at.with_timezone(&Local).date_naive() >= d)
    });
    lines.sort_by_key(|l| l.at);
    if a.json {
        return print_json(&lines);
    }
    // The table sanitises every cell.
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let result = match &l.refused {
                Some(r) => format!("{}: {}", lang.pick("拒绝", "REFUSED"), r),
                None => l.detail.clone(),
            };
            vec![
                l.at.with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                l.user.clone(),
                l.what.clone(),
                result,
            ]
        })
        .collect();
    let header = match lang {
        Lang::Zh => ["时间", "用户", "操作", "结果"],
        Lang::En => ["TIME", "USER", "ACTION", "RESULT"],
    };
    print!("{}", table(&header, &rows, &[], &[]));
    Ok(ExitCode::SUCCESS)
}
