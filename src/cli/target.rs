//! `taizhang target set|list|remove`: yearly targets (确保 guaranteed, 力争 stretch) per kind and
//! measure, which the summary, the report and the dashboard show progress against.

use std::collections::BTreeSet;
use std::process::ExitCode;

use chrono::Datelike;

use crate::ledger::clock::today;
use crate::ledger::report::{self, MEASURES, Period, Unit};
use crate::ledger::text::table;
use crate::ledger::{Kind, Lang, LedgerError, Result, Target};

use super::{Env, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Set a yearly target, replacing one for the same kind, measure and year
    ///
    /// Measures: petition closed|opened; labour closed|amount_recovered (元); land signed|paid|
    /// handed_over|approved_mu (亩); hazard rectified|inspections|drills; demolition
    /// area_demolished_m2 (平方米)|demolished.
    Set {
        /// petition, labour, land, hazard or demolition (or 信访, XF, …)
        kind: String,
        /// What is counted, e.g. area_demolished_m2
        measure: String,
        year: i32,
        /// The guaranteed figure (确保), e.g. 4000
        guaranteed: String,
        /// The stretch figure (力争), e.g. 4800
        #[arg(long)]
        stretch: Option<String>,
    },
    /// List the targets with this year's progress
    List {
        /// Only this year's targets
        #[arg(long)]
        year: Option<i32>,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// Remove a target
    Remove {
        kind: String,
        measure: String,
        year: i32,
    },
}

fn kind(s: &str) -> Result<Kind> {
    Kind::parse(s).ok_or_else(|| LedgerError::BadValue {
        what: "kind".into(),
        value: s.to_string(),
        hint: "use petition, labour, land, hazard or demolition".into(),
    })
}

fn check_year(year: i32) -> Result<()> {
    if (2000..=2100).contains(&year) {
        return Ok(());
    }
    Err(LedgerError::BadValue {
        what: "year".into(),
        value: year.to_string(),
        hint: "write a year such as 2026".into(),
    })
}

/// A target figure as the summary shows it: "4000平方米", "30件", "120万元".
pub fn value_text(unit: Unit, d: rust_decimal::Decimal, lang: Lang) -> String {
    use crate::ledger::units;
    match (unit, lang) {
        (Unit::Count(u), Lang::Zh) => format!("{}{u}", d.normalize()),
        (Unit::Count(_), Lang::En) => d.normalize().to_string(),
        (Unit::SquareMetres, Lang::Zh) => format!("{}平方米", units::m2(d)),
        (Unit::SquareMetres, Lang::En) => format!("{} m²", units::m2(d)),
        (Unit::Mu, Lang::Zh) => format!("{}亩", d.normalize()),
        (Unit::Mu, Lang::En) => format!("{} mu", d.normalize()),
        (Unit::Yuan, _) => units::money(d),
    }
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let lang = env.lang;
    match a.action {
        Action::Set {
            kind: k,
            measure,
            year,
            guaranteed,
            stretch,
        } => {
            let kind = kind(&k)?;
            let m = report::measure(kind, &measure)?;
            check_year(year)?;
            let g = report::parse_target_value(m, &guaranteed)?;
            if g.is_zero() {
                return Err(LedgerError::BadValue {
                    what: "guaranteed target".into(),
                    value: guaranteed,
                    hint: "a target must be more than zero".into(),
                });
            }
            let s = stretch
                .as_deref()
                .map(|s| report::parse_target_value(m, s))
                .transpose()?;
            if let Some(s) = s
                && s < g
            {
                return Err(LedgerError::BadValue {
                    what: "stretch target".into(),
                    value: s.normalize().to_string(),
                    hint: format!(
                        "the stretch (力争) figure cannot be below the guaranteed (确保) {}",
                        g.normalize()
                    ),
                });
            }
            let ledger = env.open()?;
            let t = Target {
                kind,
                measure: m.key.to_string(),
                year,
                guaranteed: g,
                stretch: s,
            };
            ledger.set_target(&t)?;
            println!(
                "{} {year} {} {}: {} {}{}",
                lang.pick("已设定", "set"),
                kind.label(lang),
                lang.pick(m.short_zh, m.short_en),
                lang.pick("确保", "guaranteed"),
                value_text(m.unit, g, lang),
                s.map(|s| format!(
                    " · {} {}",
                    lang.pick("力争", "stretch"),
                    value_text(m.unit, s, lang)
                ))
                .unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::Remove {
            kind: k,
            measure,
            year,
        } => {
            let kind = kind(&k)?;
            let m = report::measure(kind, &measure)?;
            let ledger = env.open()?;
            if !ledger.remove_target(kind, m.key, year)? {
                return Err(LedgerError::Requirement(format!(
                    "there is no {year} target for {} {}: `taizhang target list` shows the targets",
                    kind.key(),
                    m.key
                )));
            }
            println!(
                "{} {year} {} {}",
                lang.pick("已删除", "removed"),
                kind.label(lang),
                lang.pick(m.short_zh, m.short_en)
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::List { year, json } => {
            let ledger = env.open()?;
            let today = today();
            let data = report::Data::read(&ledger)?;
            let years: BTreeSet<i32> = data
                .targets
                .iter()
                .map(|t| t.year)
                .filter(|y| year.is_none_or(|w| w == *y))
                .collect();
            let mut progress = Vec::new();
            for y in years {
                let Some(p) = Period::year(y) else { continue };
                // Progress counts to today for this year, to the year's end for past ones.
                let p = if y == today.year() {
                    Period::range(p.from, today)?
                } else {
                    p
                };
                let f = report::figures_from(&data, ledger.calendar(), &p, today)?;
                progress.extend(f.targets);
            }
            if json {
                return print_json(&progress);
            }
            if progress.is_empty() {
                eprintln!(
                    "{}",
                    lang.pick(
                        "尚未设定目标:taizhang target set demolition area_demolished_m2 2026 4000 --stretch 4800",
                        "no targets yet: taizhang target set demolition area_demolished_m2 2026 4000 --stretch 4800"
                    )
                );
                return Ok(ExitCode::SUCCESS);
            }
            let rows: Vec<Vec<String>> = progress
                .iter()
                .map(|t| {
                    let m = MEASURES
                        .iter()
                        .find(|m| m.kind == t.kind && m.key == t.measure);
                    let unit = m.map_or(Unit::Count(""), |m| m.unit);
                    vec![
                        t.year.to_string(),
                        t.kind.label(lang).to_string(),
                        t.measure.clone(),
                        value_text(unit, t.guaranteed, lang),
                        t.stretch
                            .map(|s| value_text(unit, s, lang))
                            .unwrap_or_else(|| "—".into()),
                        value_text(unit, t.actual, lang),
                        t.guaranteed_pct
                            .map(report::percent_text)
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            let header = match lang {
                Lang::Zh => ["年度", "类型", "指标", "确保", "力争", "完成", "进度"],
                Lang::En => [
                    "YEAR",
                    "KIND",
                    "MEASURE",
                    "GUARANTEED",
                    "STRETCH",
                    "SO FAR",
                    "PROGRESS",
                ],
            };
            print!(
                "{}",
                table(
                    &header,
                    &rows,
                    &[],
                    &[false, false, false, true, true, true, true]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
