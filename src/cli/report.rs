//! `taizhang report --period 2026H1`: the figures section of a half-year work summary (工作总结)
//! as Markdown in Chinese or English, or the same figures as JSON. The counting rules are in the
//! documentation of `ledger::report` and in README ("Reports").

use std::process::ExitCode;

use crate::ledger::clock::today;
use crate::ledger::report::{self, Options, Order, Period};
use crate::ledger::{LedgerError, Result};

use super::{Env, print_json};

/// The tag that marks a case the office wants named as typical (典型) in reports.
pub const TYPICAL_TAG: &str = "典型";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 2026, 2026H1, 2026H2, 2026Q1…Q4, a month (2026-05, 2026年5月), an ISO week (2026W22), or
    /// FROM..TO (default: this year to date)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// First day of the period (instead of --period; default 1 January of --to's year)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day of the period (instead of --period; default today)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// md (Markdown) or json
    #[arg(long, default_value = "md", value_name = "md|json")]
    pub format: String,
    /// Customary rounding of counts ("30余件" for 32): floored to the tens from 20, to the hundreds from 1000
    #[arg(long)]
    pub approx: bool,
    /// The sections to print: petition, labour, land, hazard, demolition (or 信访, 劳资纠纷,
    /// 征地补偿, 安全生产, 违建拆除), or all (default: those with something recorded)
    #[arg(long, value_name = "SECTIONS")]
    pub sections: Option<String>,
    /// The order of named collective petitions: size (most people first) or date
    #[arg(long, default_value = "size", value_name = "date|size")]
    pub order: String,
    /// The typical cases to name (IDs, comma-separated); cases tagged 典型 are named too
    #[arg(long, value_name = "ID,ID")]
    pub name: Option<String>,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let today = today();
    let period = Period::from_args(
        a.period.as_deref(),
        a.from.as_deref(),
        a.to.as_deref(),
        today,
    )?;
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
    let sections = a
        .sections
        .as_deref()
        .map(report::parse_sections)
        .transpose()?;
    let order = Order::parse(&a.order)?;
    let named: Vec<String> = a
        .name
        .as_deref()
        .unwrap_or("")
        .split([',', '，', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let ledger = env.open()?;
    let figures = report::figures(&ledger, &period, today)?;
    // Names given on the command line must be cases the record supports; a tag 典型 names a
    // case wherever the record supports it and is passed over elsewhere.
    report::check_names(&figures, &named)?;
    let typical = report::typical(&figures);
    let tagged: Vec<String> = if typical.is_empty() {
        Vec::new()
    } else {
        ledger
            .cases()?
            .into_iter()
            .filter(|c| c.tags.iter().any(|t| t == TYPICAL_TAG) && typical.contains(&c.id))
            .map(|c| c.id)
            .collect()
    };
    let names = if named.is_empty() && tagged.is_empty() {
        None
    } else {
        Some(named.into_iter().chain(tagged).collect())
    };
    if json {
        return print_json(&figures);
    }
    let options = Options {
        lang: env.lang,
        approx: a.approx,
        sections,
        order,
        names,
    };
    print!("{}", report::markdown_with(&figures, &options));
    Ok(ExitCode::SUCCESS)
}
