//! `taizhang report --period 2026H1`: the figures section of a half-year work summary (工作总结)
//! as Markdown in Chinese or English, or the same figures as JSON. The counting rules are in the
//! documentation of `ledger::report` and in README ("Reports").

use std::process::ExitCode;

use crate::ledger::clock::today;
use crate::ledger::report::{self, Period};
use crate::ledger::{LedgerError, Result};

use super::{Env, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 2026, 2026H1, 2026H2, 2026Q1…Q4, or FROM..TO (default: this year to date)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// md (Markdown) or json
    #[arg(long, default_value = "md", value_name = "md|json")]
    pub format: String,
    /// Customary rounding of counts ("30余件" for 32): floored to the tens from 20, to the hundreds from 1000
    #[arg(long)]
    pub approx: bool,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let today = today();
    let period = match a.period.as_deref() {
        Some(p) => Period::parse(p)?,
        None => Period::year_to_date(today),
    };
    let json = match a.format.trim().to_ascii_lowercase().as_str() {
        "md" | "markdown" => false,
        "json" => true,
        other => {
            return Err(LedgerError::BadValue {
                what: "format".into(),
                value: other.into(),
                hint: "use md or json".into(),
            });
        }
    };
    let ledger = env.open()?;
    let figures = report::figures(&ledger, &period, today)?;
    if json {
        return print_json(&figures);
    }
    print!("{}", report::markdown(&figures, env.lang, a.approx));
    Ok(ExitCode::SUCCESS)
}
