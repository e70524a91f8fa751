//! `taizhang summary`: the state of the ledger on one 80×24 screen — open, overdue and due cases
//! per kind, the most overdue items, each kind's figures and the assessment rates for the period
//! (this year to date unless --period or --from/--to say otherwise).

use std::process::ExitCode;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ledger::report::RATE_NAMES;

use crate::ledger::clock::today;
use crate::ledger::report::{self, Figures, MEASURES, Period, Unit, percent_text};
use crate::ledger::text::{pad, pad_left, sanitize, truncate, width};
use crate::ledger::units;
use crate::ledger::{Kind, Lang, Result};

use super::{Env, print_json};

/// The screen the summary must fit.
pub const WIDTH: usize = 80;
pub const LINES: usize = 23;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 2026, 2026H1, 2026Q3, a month (2026-05, 2026年5月), an ISO week (2026W22), or FROM..TO
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// First day of the period (default: 1 January of this year)
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the period (default: today)
    #[arg(long)]
    pub to: Option<String>,
    /// Print the figures as JSON for scripts
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let today = today();
    let period = Period::from_args(
        a.period.as_deref(),
        a.from.as_deref(),
        a.to.as_deref(),
        today,
    )?;
    let ledger = env.open()?;
    let f = report::figures(&ledger, &period, today)?;
    if a.json {
        return print_json(&f);
    }
    for line in screen(&f, env.lang) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The period of --from/--to: by default this year to date.
pub fn period(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period> {
    Period::from_args(None, from, to, today)
}

fn money(d: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Zh => units::money(d),
        Lang::En => {
            let trim = |s: String| {
                if s.contains('.') {
                    s.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    s
                }
            };
            if d.abs() >= Decimal::from(1_000_000_000) {
                format!(
                    "{}B",
                    trim(units::fixed(d / Decimal::from(1_000_000_000), 2))
                )
            } else if d.abs() >= Decimal::from(1_000_000) {
                format!("{}M", trim(units::fixed(d / Decimal::from(1_000_000), 2)))
            } else if d.abs() >= Decimal::from(10_000) {
                format!("{}k", trim(units::fixed(d / Decimal::from(1_000), 1)))
            } else {
                trim(units::fixed(d, 2))
            }
        }
    }
}

/// Kind names short enough for the figure lines.
fn kind_short(k: Kind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => k.label(lang),
        Lang::En => match k {
            Kind::Petition => "Petitions",
            Kind::Labour => "Labour",
            Kind::Land => "Land",
            Kind::Hazard => "Hazards",
            Kind::Demolition => "Demolition",
        },
    }
}

fn measure_value(unit: Unit, d: Decimal, lang: Lang) -> String {
    match unit {
        Unit::Count(u) => format!("{}{}", d.normalize(), if lang == Lang::Zh { u } else { "" }),
        Unit::SquareMetres => format!("{}{}", units::m2(d), lang.pick("㎡", "m²")),
        Unit::Mu => format!("{}{}", d.normalize(), lang.pick("亩", "mu")),
        Unit::Yuan => money(d, lang),
    }
}

/// The lines of the summary screen: at most [`LINES`], each at most [`WIDTH`] columns.
pub fn screen(f: &Figures, lang: Lang) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let mut out: Vec<String> = Vec::new();
    let head = match lang {
        Lang::Zh => format!("台账概况  {} 至 {}", f.period.from, f.period.to),
        Lang::En => format!("Ledger summary  {} to {}", f.period.from, f.period.to),
    };
    let asof = format!("{} {}", lang.pick("截至", "as of"), f.end);
    out.push(format!(
        "{head}{}{asof}",
        " ".repeat(WIDTH.saturating_sub(width(&head) + width(&asof)).max(2))
    ));

    // The table of kinds. Overdue counts carry a ⚠ so they read without colour.
    // Besides the office's overdue: windows lapsed or waits run (the next step may be taken)
    // and cases waiting for a date (可于…后) — neither is anyone's lateness.
    let cols: [&str; 8] = match lang {
        Lang::Zh => [
            "类型",
            "在办",
            "逾期",
            "7日内到期",
            "期满",
            "等待期",
            "期内新增",
            "期内办结",
        ],
        Lang::En => [
            "KIND",
            "OPEN",
            "OVERDUE",
            "DUE IN 7D",
            "LAPSED",
            "WAITING",
            "OPENED",
            "CLOSED",
        ],
    };
    let kw = 18;
    let cw = [6, 8, 10, 8, 8, 9, 9];
    let mut line = pad(cols[0], kw);
    for (c, w) in cols[1..].iter().zip(cw) {
        line.push_str(&pad_left(c, w));
    }
    out.push(line);
    let row_line = |label: &str, r: &report::KindRow| {
        let overdue = if r.overdue > 0 {
            format!("⚠{}", r.overdue)
        } else {
            "0".into()
        };
        let cells = [
            r.open.to_string(),
            overdue,
            r.due_soon.to_string(),
            r.lapsed.to_string(),
            r.waiting.to_string(),
            r.opened.to_string(),
            r.closed.to_string(),
        ];
        let mut s = pad(label, kw);
        for (c, w) in cells.iter().zip(cw) {
            s.push_str(&pad_left(c, w));
        }
        s
    };
    for r in &f.kinds {
        let label = r.kind.map(|k| k.label(lang)).unwrap_or_default();
        out.push(row_line(label, r));
    }
    out.push(row_line(lang.pick("合计", "Total"), &f.total()));

    // The most overdue items: three, or fewer when the figures below need the room.
    let top = std::mem::take(&mut out);
    let tag = lang.pick("最逾期", "Most overdue");
    if f.most_overdue.is_empty() {
        out.push(format!(
            "{tag}  {}",
            lang.pick("无逾期事项", "nothing overdue")
        ));
    }
    for (i, o) in f.most_overdue.iter().take(3).enumerate() {
        let days = match lang {
            Lang::Zh => format!("⚠逾期{}天", o.days_overdue),
            Lang::En => format!("⚠{} days", o.days_overdue),
        };
        let who = o.assignee.as_deref().unwrap_or("—");
        let lead = if i == 0 {
            pad(tag, width(tag))
        } else {
            " ".repeat(width(tag))
        };
        let fixed = format!("{lead}  {}  {}  ", pad(&o.id, 12), pad(&days, 12));
        let room = WIDTH.saturating_sub(width(&fixed) + width(who) + 2);
        out.push(format!(
            "{fixed}{}  {}",
            pad(&sanitize(&o.title), room),
            sanitize(who)
        ));
    }

    let overdue_lines = std::mem::take(&mut out);
    let lw = if zh { 10 } else { 13 };
    // A figure line: a label, then parts joined by " · ", wrapped under the label when too wide.
    let mut put = |label: &str, parts: Vec<String>| {
        let mut line = pad(label, lw);
        let mut first = true;
        for p in parts.into_iter().filter(|p| !p.is_empty()) {
            // A part starting with a newline starts a line of its own.
            let (p, force) = match p.strip_prefix('\n') {
                Some(rest) => (rest.to_string(), true),
                None => (p, false),
            };
            let piece = if first { p.clone() } else { format!(" · {p}") };
            if !first && (force || width(&line) + width(&piece) > WIDTH) {
                out.push(std::mem::replace(
                    &mut line,
                    format!("{}{p}", " ".repeat(lw)),
                ));
            } else {
                line.push_str(&piece);
            }
            first = false;
        }
        out.push(line);
    };
    let k = |k: Kind| kind_short(k, lang);

    // Petitions and coordination.
    let co = &f.coordination;
    let pe = &f.petition;
    let rate = co.satisfaction_rate.map(|r| match lang {
        Lang::Zh => format!("满意率{}", percent_text(r)),
        Lang::En => format!("{} satisfied", percent_text(r)),
    });
    match lang {
        Lang::Zh => put(
            k(Kind::Petition),
            vec![
                format!(
                    "协调{}件{}次 {}人次",
                    co.matters, co.rounds, co.person_times
                ),
                format!("涉及{}人 {}户 {}批次", pe.people, pe.households, pe.batches),
                rate.unwrap_or_default(),
            ],
        ),
        Lang::En => {
            put(
                "Coordination",
                vec![
                    format!("{} matters", co.matters),
                    format!("{} rounds", co.rounds),
                    format!("{} person-times", co.person_times),
                    rate.unwrap_or_default(),
                ],
            );
            put(
                k(Kind::Petition),
                vec![
                    format!("{} people", pe.people),
                    format!("{} households", pe.households),
                    format!("{} batches", pe.batches),
                ],
            );
        }
    }

    // Labour: amounts claimed and recovered.
    let la = &f.labour;
    let rate = report::pct(la.recovered, la.claimed)
        .map(|p| format!(" ({})", percent_text(p)))
        .unwrap_or_default();
    put(
        k(Kind::Labour),
        match lang {
            Lang::Zh => vec![
                format!("涉及职工{}人", la.workers),
                format!("诉求金额{}", money(la.claimed, lang)),
                format!("已追回{}{rate}", money(la.recovered, lang)),
            ],
            Lang::En => vec![
                format!("{} workers", la.workers),
                format!("claimed {}", money(la.claimed, lang)),
                format!("recovered {} yuan{rate}", money(la.recovered, lang)),
            ],
        },
    );

    // Land: households by stage and holdout reason; area and money.
    let ld = &f.land;
    let stage = |keys: &[&str]| -> u64 {
        ld.by_stage
            .iter()
            .filter(|c| keys.contains(&c.key.as_str()))
            .map(|c| c.count)
            .sum()
    };
    let signed = stage(&["signed", "paid", "handed_over"]);
    let paid = stage(&["paid", "handed_over"]);
    let handed = stage(&["handed_over"]);
    let holding: u64 = ld.holdouts.iter().map(|c| c.count).sum();
    let reasons: Vec<String> = ld
        .holdouts
        .iter()
        .map(|c| {
            let short = match (c.key.as_str(), lang) {
                ("standard_dispute", Lang::Zh) => "标准异议",
                ("refuses_payment", Lang::Zh) => "拒领",
                ("boundary_dispute", Lang::Zh) => "地界",
                ("refuses_to_sign", Lang::Zh) => "拒签",
                (_, Lang::Zh) => "其他",
                ("standard_dispute", Lang::En) => "standard",
                ("refuses_payment", Lang::En) => "payment",
                ("boundary_dispute", Lang::En) => "boundary",
                ("refuses_to_sign", Lang::En) => "refuse",
                (_, Lang::En) => "other",
            };
            if zh {
                format!("{short}{}", c.count)
            } else {
                format!("{short} {}", c.count)
            }
        })
        .collect();
    let holdout_text = if holding > 0 {
        format!("({})", reasons.join(" "))
    } else {
        String::new()
    };
    put(
        k(Kind::Land),
        match lang {
            Lang::Zh => vec![
                format!(
                    "{}户 已签约{signed} 已兑付{paid} 已交地{handed}",
                    ld.households
                ),
                format!("未签{holding}{holdout_text}"),
                format!("面积{}亩", units::mu(ld.area_mu)),
                format!("已报批{}亩", units::mu(ld.approved_mu)),
                format!("待农转用{}亩", units::mu(ld.awaiting_mu)),
                format!("\n补偿款应付{}", money(ld.compensation_due, lang)),
                format!("已付{}", money(ld.compensation_paid, lang)),
                format!("未付{}", money(ld.outstanding, lang)),
            ],
            Lang::En => vec![
                format!(
                    "{} households: {signed} signed, {paid} paid, {handed} handed over",
                    ld.households
                ),
                format!(
                    "{holding} holding out{}",
                    if holding > 0 {
                        format!(" ({})", reasons.join(", "))
                    } else {
                        String::new()
                    }
                ),
                format!("{} mu", units::mu(ld.area_mu)),
                format!("{} approved", units::mu(ld.approved_mu)),
                format!("{} awaiting conversion", units::mu(ld.awaiting_mu)),
                format!("\ncompensation due {}", money(ld.compensation_due, lang)),
                format!("paid {}", money(ld.compensation_paid, lang)),
                format!("outstanding {} yuan", money(ld.outstanding, lang)),
            ],
        },
    );

    // Hazards.
    let hz = &f.hazard;
    let hrate = hz
        .rectification_rate
        .map(percent_text)
        .unwrap_or_else(|| "—".into());
    put(
        k(Kind::Hazard),
        match lang {
            Lang::Zh => vec![
                format!(
                    "新发现{}(一般{} 重大{})",
                    hz.found, hz.found_general, hz.found_major
                ),
                format!("已整改{} 整改率{hrate}", hz.rectified),
                format!("逾期{}", hz.overdue),
                format!("检查{}次 演练{}次", hz.inspections, hz.drills),
            ],
            Lang::En => vec![
                format!("{} found ({} major)", hz.found, hz.found_major),
                format!("{} rectified ({hrate})", hz.rectified),
                format!("{} overdue", hz.overdue),
                format!(
                    "{} inspections, {} drill{}",
                    hz.inspections,
                    hz.drills,
                    if hz.drills == 1 { "" } else { "s" }
                ),
            ],
        },
    );

    // Demolition: area, of it on state-owned land and by the owners themselves.
    let dm = &f.demolition;
    put(
        k(Kind::Demolition),
        match lang {
            Lang::Zh => vec![
                format!("拆除{}㎡", units::m2(dm.area_m2)),
                format!("国有{}㎡", units::m2(dm.area_state_m2)),
                format!("自行拆除{}㎡", units::m2(dm.area_self_m2)),
            ],
            Lang::En => vec![
                format!("{} m² demolished", units::m2(dm.area_m2)),
                format!("{} on state land", units::m2(dm.area_state_m2)),
                format!("{} by owners", units::m2(dm.area_self_m2)),
            ],
        },
    );

    // The assessment rates, each with "—" / "n/a" where nothing was there to measure. English
    // names are longer: the three on-time rates share their words to keep to two lines.
    let r = &f.rates;
    let rates: Vec<String> = match lang {
        Lang::Zh => RATE_NAMES
            .iter()
            .map(|n| format!("{}{}", n.zh, r.get(n.key).text(lang)))
            .collect(),
        Lang::En => vec![
            format!(
                "on time: accepted {}, answered {}, rectified {}",
                r.timely_acceptance.text(lang),
                r.answered_on_time.text(lang),
                r.rectified_on_time.text(lang)
            ),
            format!("satisfied {}", r.satisfaction.text(lang)),
            format!("repeat {}", r.repeat.text(lang)),
            format!("rectified {}", r.rectification.text(lang)),
            format!("recovered {}", r.recovery.text(lang)),
        ],
    };
    put(lang.pick("考核指标", "Rates"), rates);

    // The year's targets (确保 guaranteed, 力争 stretch).
    let targets: Vec<String> = f
        .targets
        .iter()
        .filter_map(|t| {
            let m = MEASURES
                .iter()
                .find(|m| m.kind == t.kind && m.key == t.measure)?;
            let stretch = match (t.stretch, t.stretch_pct) {
                (Some(_), Some(p)) => {
                    format!("{}{}", lang.pick("/力争", "/stretch "), percent_text(p))
                }
                _ => String::new(),
            };
            Some(format!(
                "{} {}/{} {}{stretch}",
                lang.pick(m.short_zh, m.short_en),
                measure_value(m.unit, t.actual, lang),
                measure_value(m.unit, t.guaranteed, lang),
                t.guaranteed_pct.map(percent_text).unwrap_or_default()
            ))
        })
        .collect();
    if !targets.is_empty() {
        put(
            &format!(
                "{} {}",
                lang.pick("目标", "Targets"),
                f.period.to.format("%Y")
            ),
            targets,
        );
    }

    // The screen is a hard limit: fewer overdue items first, then lines beyond the height are cut,
    // and every line is cut to the width.
    let room = LINES.saturating_sub(top.len() + out.len()).max(1);
    let mut screen = top;
    screen.extend(overdue_lines.into_iter().take(room));
    screen.extend(out);
    screen.truncate(LINES);
    screen
        .into_iter()
        .map(|l| truncate(l.trim_end(), WIDTH))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_amounts_take_the_unit_that_reads_best() {
        let en = |s: &str| money(s.parse().unwrap(), Lang::En);
        assert_eq!(en("1200"), "1200");
        assert_eq!(en("1200.50"), "1200.5");
        assert_eq!(en("15000"), "15k");
        assert_eq!(en("1249567.5"), "1.25M");
        assert_eq!(en("999999999999.99"), "1000B");
        assert_eq!(en("2500000000"), "2.5B");
        assert_eq!(money("1249567.5".parse().unwrap(), Lang::Zh), "124.96万元");
    }
}
