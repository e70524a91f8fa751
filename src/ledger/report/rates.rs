//! The assessment rates offices are measured by (考核指标): each a numerator over a denominator,
//! shown as a percentage to one decimal, or "—" / "n/a" when nothing was there to measure.
//!
//! - 及时受理率 *timely acceptance*: of the petitions whose acceptance decision (a move out of
//!   `registered`: accepted, refused or diverted) is dated in the period, those decided by the
//!   accept rule's due date; the denominator also holds the petitions still awaiting a decision at
//!   the period's end whose due date had passed (they are late already).
//! - 按期办结率 *answered on time*: of the petitions answered (moved to `answered`) in the
//!   period, those answered by the answer rule's due date (extensions and pauses included); the
//!   denominator also holds the petitions still awaiting their answer at the end past their due
//!   date.
//! - 群众满意率 *satisfaction*: of the petitions closed in the period with a satisfaction recorded,
//!   those satisfied or basically satisfied.
//! - 重复访率 *repeat petitions*: of the petitions registered in the period, those flagged
//!   `repeat` (重复访).
//! - 整改率 *rectification*: of the hazards found in the period, those closed by its end.
//! - 按期整改率 *rectified on time*: of the hazards whose rectification was closed in the period
//!   (the last close, not undone by a reopening in the period), those closed by their due date
//!   (the notice's `rectify_by`); the denominator also holds the hazards open at the end past it.
//! - 追回率 *amount recovered*: of the amounts claimed in the labour disputes handled in the
//!   period, the amount recovered (both as recorded at the end).
//!
//! Due dates are the ledger's own (deadline.rs), replayed from the case's history: the clock a
//! stage started on the day the case entered it, moved by the extensions and pauses recorded
//! while it ran.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::figures::pct;
use super::replay::{Day, date_of, day_no};
use crate::ledger::calendar::Calendar;
use crate::ledger::deadline::{ClockRef, due_from};
use crate::ledger::i18n::Lang;
use crate::ledger::schema::Kind;
use crate::ledger::store::{Fact, FieldValue, Head, What};

/// A numerator over a denominator, and the percentage (None when the denominator is zero).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rate {
    pub numerator: Decimal,
    pub denominator: Decimal,
    pub percent: Option<Decimal>,
}

impl Rate {
    pub fn of(numerator: Decimal, denominator: Decimal) -> Rate {
        Rate {
            numerator,
            denominator,
            percent: pct(numerator, denominator),
        }
    }

    pub fn counts(numerator: u64, denominator: u64) -> Rate {
        Rate::of(Decimal::from(numerator), Decimal::from(denominator))
    }

    /// "83.3%", or "—" (Chinese) / "n/a" (English) with nothing to measure.
    pub fn text(&self, lang: Lang) -> String {
        match self.percent {
            Some(p) => super::wording::percent_text(p),
            None => lang.pick("—", "n/a").to_string(),
        }
    }
}

/// Every assessment rate of a period.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rates {
    /// 及时受理率
    pub timely_acceptance: Rate,
    /// 按期办结率
    pub answered_on_time: Rate,
    /// 群众满意率
    pub satisfaction: Rate,
    /// 重复访率
    pub repeat: Rate,
    /// 整改率
    pub rectification: Rate,
    /// 按期整改率
    pub rectified_on_time: Rate,
    /// 追回率
    pub recovery: Rate,
}

/// A rate's names, for every place that shows the rates.
pub struct RateName {
    pub kind: Kind,
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Short labels for the summary screen and the dashboard.
    pub short_zh: &'static str,
    pub short_en: &'static str,
}

pub const RATE_NAMES: [RateName; 7] = [
    RateName {
        kind: Kind::Petition,
        key: "timely_acceptance",
        zh: "及时受理率",
        en: "accepted on time",
        short_zh: "及时受理",
        short_en: "accepted on time",
    },
    RateName {
        kind: Kind::Petition,
        key: "answered_on_time",
        zh: "按期办结率",
        en: "answered on time",
        short_zh: "按期办结",
        short_en: "answered on time",
    },
    RateName {
        kind: Kind::Petition,
        key: "satisfaction",
        zh: "群众满意率",
        en: "satisfaction",
        short_zh: "满意",
        short_en: "satisfied",
    },
    RateName {
        kind: Kind::Petition,
        key: "repeat",
        zh: "重复访率",
        en: "repeat petitions",
        short_zh: "重复访",
        short_en: "repeat",
    },
    RateName {
        kind: Kind::Hazard,
        key: "rectification",
        zh: "整改率",
        en: "rectification",
        short_zh: "整改",
        short_en: "rectified",
    },
    RateName {
        kind: Kind::Hazard,
        key: "rectified_on_time",
        zh: "按期整改率",
        en: "rectified on time",
        short_zh: "按期整改",
        short_en: "rectified on time",
    },
    RateName {
        kind: Kind::Labour,
        key: "recovery",
        zh: "追回率",
        en: "amount recovered",
        short_zh: "追回",
        short_en: "recovered",
    },
];

impl Rates {
    /// The rate named `key` in [`RATE_NAMES`].
    pub fn get(&self, key: &str) -> Rate {
        match key {
            "timely_acceptance" => self.timely_acceptance,
            "answered_on_time" => self.answered_on_time,
            "satisfaction" => self.satisfaction,
            "repeat" => self.repeat,
            "rectification" => self.rectification,
            "rectified_on_time" => self.rectified_on_time,
            "recovery" => self.recovery,
            _ => Rate::default(),
        }
    }

    /// Each rate with its names, in the order of [`RATE_NAMES`].
    pub fn named(&self) -> impl Iterator<Item = (&'static RateName, Rate)> + '_ {
        RATE_NAMES.iter().map(|n| (n, self.get(n.key)))
    }
}

/// Counts of on-time acts, gathered over the cases of a period.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct OnTime {
    pub on_time: u64,
    pub due: u64,
}

impl OnTime {
    pub(super) fn rate(&self) -> Rate {
        Rate::counts(self.on_time, self.due)
    }
}

/// What one case adds to the on-time counts of a period.
#[derive(Debug, Default)]
pub(super) struct CaseOnTime {
    pub accepted: OnTime,
    pub answered: OnTime,
    pub rectified: OnTime,
}

/// A stage's clock as the ledger ran it.
struct Clock<'a> {
    rule: &'a str,
    started: NaiveDate,
    extended_days: u32,
    paused_days: u32,
    paused_since: Option<NaiveDate>,
}

/// Replay the clocks of `case` (up to the end of `end`) and count the acts of the period
/// `[from, to]` that had a due date: leaving `registered` (petitions), entering `answered`
/// (petitions), closing (hazards); and, at `end`, whether the case still waits past its due date.
#[allow(clippy::too_many_arguments)]
pub(super) fn on_time(
    case: &Head,
    facts: &[Fact],
    days: &[Day],
    from: NaiveDate,
    to: NaiveDate,
    end: NaiveDate,
    rule_set: &str,
    calendar: &Calendar,
) -> CaseOnTime {
    let mut out = CaseOnTime::default();
    let kind = case.kind;
    if !matches!(kind, Kind::Petition | Kind::Hazard) {
        return out;
    }
    let def = kind.def();
    let (from, to, end_day) = (day_no(from), day_no(to), day_no(end));
    let mut state: Option<&str> = None;
    let mut clock: Option<Clock> = None;
    let mut dates: Vec<(&str, NaiveDate)> = Vec::new();
    // The last hazard close in the period: (on time?), undone by a reopening in the period.
    let mut closed: Option<bool> = None;
    let due_of = |state: &str, clock: &Option<Clock>, dates: &[(&str, NaiveDate)], on: Day| {
        let c = clock.as_ref()?;
        due_from(
            kind,
            state,
            Some(ClockRef {
                rule: c.rule,
                started: c.started,
                extended_days: c.extended_days,
                paused_days: c.paused_days,
                paused_since: c.paused_since,
            }),
            |f| dates.iter().rev().find(|(k, _)| *k == f).map(|(_, d)| *d),
            rule_set,
            calendar,
            date_of(on),
        )
        .map(|d| d.date)
    };
    let enter = |s: &str, clock: &mut Option<Clock<'_>>, day: Day| {
        let rule = def.state(s).and_then(|x| x.deadline.as_deref());
        match rule {
            Some(r) if clock.as_ref().is_some_and(|c| c.rule == r) => {}
            Some(r) => {
                *clock = Some(Clock {
                    rule: r,
                    started: date_of(day),
                    extended_days: 0,
                    paused_days: 0,
                    paused_since: None,
                })
            }
            None => *clock = None,
        }
    };
    for (f, &day) in facts.iter().zip(days) {
        if day > end_day {
            continue;
        }
        let inside = from <= day && day <= to;
        match f.what {
            What::Created { state: s } => {
                state = Some(s);
                enter(s, &mut clock, day);
            }
            What::State { from: was, to: now } => {
                let on = due_of(was, &clock, &dates, day).map(|due| day <= day_no(due));
                if inside && let Some(on) = on {
                    let t = match (kind, was, now) {
                        (Kind::Petition, "registered", _) => Some(&mut out.accepted),
                        (Kind::Petition, _, "answered") => Some(&mut out.answered),
                        _ => None,
                    };
                    if let Some(t) = t {
                        t.due += 1;
                        t.on_time += u64::from(on);
                    }
                }
                if kind == Kind::Hazard && inside {
                    if def.is_terminal(now) {
                        // Kept or missed against the notice's rectification date, whatever
                        // stage (a re-inspection) the close came from; a close without one
                        // is not a deadline kept or missed.
                        closed = rectify_by(&dates).map(|due| day <= day_no(due));
                    } else if def.is_terminal(was) {
                        closed = None;
                    }
                }
                state = Some(now);
                enter(now, &mut clock, day);
            }
            What::Field {
                field,
                after: Some(FieldValue::Date(d)),
                ..
            } => dates.push((field, d)),
            What::Extended { days } => {
                if let Some(c) = clock.as_mut() {
                    c.extended_days += days;
                }
            }
            What::Paused => {
                if let Some(c) = clock.as_mut() {
                    c.paused_since = Some(date_of(day));
                }
            }
            What::Resumed { days } => {
                if let Some(c) = clock.as_mut() {
                    c.paused_since = None;
                    c.paused_days += days;
                }
            }
            _ => {}
        }
    }
    if kind == Kind::Hazard
        && let Some(on) = closed
        && state.is_some_and(|s| def.is_terminal(s))
    {
        out.rectified.due += 1;
        out.rectified.on_time += u64::from(on);
    }
    // Still waiting at the end, past the due date (a hazard's rectification date): late already.
    if let Some(s) = state
        && !def.is_terminal(s)
        && clock.as_ref().is_some_and(|c| c.paused_since.is_none())
        && let Some(due) = if kind == Kind::Hazard {
            rectify_by(&dates)
        } else {
            due_of(s, &clock, &dates, end_day)
        }
        && day_no(due) < end_day
    {
        let t = match (kind, s) {
            (Kind::Petition, "registered") => Some(&mut out.accepted),
            (Kind::Petition, "accepted" | "in_progress") => Some(&mut out.answered),
            (Kind::Hazard, _) => Some(&mut out.rectified),
            _ => None,
        };
        if let Some(t) = t {
            t.due += 1;
        }
    }
    out
}

/// A hazard's rectification date as last recorded (the notice's `rectify_by`).
fn rectify_by(dates: &[(&str, NaiveDate)]) -> Option<NaiveDate> {
    dates
        .iter()
        .rev()
        .find(|(k, _)| *k == "rectify_by")
        .map(|(_, d)| *d)
}
