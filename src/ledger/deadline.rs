//! Due dates: the rule of the case's current stage, applied with the office's calendar, moved
//! by extensions and pauses — and what the date means: a duty of the office (overdue when
//! passed), a party's window (lapsed, not overdue), a waiting period (可于…后), or both bounds.
//! The guards on moves (a step before its waiting period has run, a party's step after its
//! window) read the same dates.

use chrono::NaiveDate;

use super::calendar::{Calendar, shift};
use super::i18n::Lang;
use super::model::{Case, Clock};
use super::schema::{DeadlineRule, Kind, PeriodKind, schema};

#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    /// The period's last day: the office acts by it (duty, range), the party may act until it
    /// (window), the office may act after it (wait).
    pub date: NaiveDate,
    pub kind: PeriodKind,
    /// A range's lower bound: the office may act only after this day.
    pub earliest: Option<NaiveDate>,
    /// The clock is paused: the date moves on a day for every day of the pause.
    pub paused: bool,
    pub rule: String,
    pub basis: String,
    /// What the period is called once lapsed (期满未申请, 决定已生效 …).
    pub lapsed_zh: String,
    pub lapsed_en: String,
    /// Whose time limit it is when another authority's (仲裁委, 人社局): passed, it is theirs to
    /// answer for, not the office's overdue.
    pub by: Option<String>,
    /// The states a lapsed window (or a run waiting period) leads on to, as (key, zh, en):
    /// offered beside the date (close the petition, proceed to enforcement).
    pub offer: Vec<(String, String, String)>,
}

/// Where a period stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The clock is paused.
    Paused,
    /// The office must act within `n` days (0: today).
    DueIn(i64),
    /// The office's duty passed `n` days ago: the office is late.
    Overdue(i64),
    /// Another authority's time limit passed `n` days ago (the office chases it).
    Late(i64),
    /// The party may still act, for `n` more days (0: today is the last day).
    WindowOpen(i64),
    /// The party's window has run out: the follow-on step may be taken.
    WindowLapsed,
    /// The office may not act before the day after this date.
    NotBefore(NaiveDate),
    /// The waiting period has run: the office may act.
    Allowed,
}

impl Due {
    /// Days from `today` to the due date: negative when passed.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.date - today).num_days()
    }

    /// The office's own duty has passed: only duties (and a range's upper bound) are overdue;
    /// a party's window or a waiting period never is.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        matches!(self.standing(today), Standing::Overdue(_))
    }

    /// Counts down to a date the office must meet (for "due within a week").
    pub fn is_duty(&self) -> bool {
        matches!(self.kind, PeriodKind::Duty | PeriodKind::Range)
    }

    pub fn standing(&self, today: NaiveDate) -> Standing {
        if self.paused {
            return Standing::Paused;
        }
        let left = self.days_left(today);
        match self.kind {
            PeriodKind::Duty => {
                if left < 0 && self.by.is_some() {
                    Standing::Late(-left)
                } else if left < 0 {
                    Standing::Overdue(-left)
                } else {
                    Standing::DueIn(left)
                }
            }
            PeriodKind::Window => {
                if left < 0 {
                    Standing::WindowLapsed
                } else {
                    Standing::WindowOpen(left)
                }
            }
            PeriodKind::Wait => {
                if left < 0 {
                    Standing::Allowed
                } else {
                    Standing::NotBefore(self.date)
                }
            }
            PeriodKind::Range => match self.earliest {
                Some(e) if e >= today => Standing::NotBefore(e),
                _ if left < 0 => Standing::Overdue(-left),
                _ => Standing::DueIn(left),
            },
        }
    }

    /// The day after which the office may act, for a waiting period or a range.
    pub fn allowed_after(&self) -> Option<NaiveDate> {
        match self.kind {
            PeriodKind::Wait => Some(self.date),
            PeriodKind::Range => self.earliest,
            _ => None,
        }
    }

    /// The follow-on moves, once the window has lapsed or the waiting period has run.
    pub fn offered(&self, today: NaiveDate) -> bool {
        matches!(
            self.standing(today),
            Standing::WindowLapsed | Standing::Allowed
        ) && !self.offer.is_empty()
    }

    pub fn lapsed(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.lapsed_zh,
            Lang::En => &self.lapsed_en,
        }
    }
}

/// The due date of `case` under `rule_set` and `cal`, as of `today` (which matters only while the
/// clock is paused). None when the stage has no deadline or the date it counts from is missing.
pub fn due(case: &Case, rule_set: &str, cal: &Calendar, today: NaiveDate) -> Option<Due> {
    due_from(
        case.kind,
        &case.state,
        case.clock.as_ref().map(Clock::as_ref),
        |f| case.date(f),
        rule_set,
        cal,
        today,
    )
}

/// The period `rule` of `case` (not necessarily its stage's), as of `today`: what a move's guard
/// reads. None when the date it counts from is not known.
pub fn rule_due(
    case: &Case,
    rule: &str,
    rule_set: &str,
    cal: &Calendar,
    today: NaiveDate,
) -> Option<Due> {
    period(
        case.kind,
        rule,
        case.clock.as_ref().map(Clock::as_ref),
        &|f| case.date(f),
        rule_set,
        cal,
        today,
        None,
        0,
    )
}

/// A case's clock, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClockRef<'a> {
    pub rule: &'a str,
    pub started: NaiveDate,
    pub extended_days: u32,
    pub paused_days: u32,
    pub paused_since: Option<NaiveDate>,
}

impl Clock {
    pub fn as_ref(&self) -> ClockRef<'_> {
        ClockRef {
            rule: &self.rule,
            started: self.started,
            extended_days: self.extended_days,
            paused_days: self.paused_days,
            paused_since: self.paused_since,
        }
    }
}

/// The clock that runs in `state`: the case's clock when it is the stage's rule. A clock kept
/// from an earlier stage (a closed petition keeps its review window) runs no longer.
pub fn running<'a>(kind: Kind, state: &str, clock: Option<&'a Clock>) -> Option<&'a Clock> {
    let rule = kind.def().state(state)?.deadline.as_deref()?;
    clock.filter(|c| c.rule == rule)
}

/// [`due`] from what it reads of a case: its kind, state and clock, and `date`, the dates of its
/// fields (a rule may count from one, see [`Schema::due_fields`](super::schema::Schema::due_fields)).
pub fn due_from(
    kind: Kind,
    state: &str,
    clock: Option<ClockRef<'_>>,
    date: impl Fn(&str) -> Option<NaiveDate>,
    rule_set: &str,
    cal: &Calendar,
    today: NaiveDate,
) -> Option<Due> {
    let def = kind.def();
    if def.is_terminal(state) {
        return None;
    }
    let rule = def.state(state)?.deadline.as_deref()?;
    let clock = clock.filter(|c| c.rule == rule)?;
    let mut due = period(
        kind,
        rule,
        Some(clock),
        &date,
        rule_set,
        cal,
        today,
        None,
        0,
    )?;
    // Offered only where every waiting period the move needs has run (a notice that has run
    // while the owner's six months to sue have not offers no enforcement yet).
    let has_run = |w: &String| {
        period(kind, w, Some(clock), &date, rule_set, cal, today, None, 0)
            .is_none_or(|p| today > p.allowed_after().unwrap_or(p.date))
    };
    due.offer = def
        .transitions
        .iter()
        .filter(|t| t.on_lapse && t.from.iter().any(|f| f == state))
        .filter(|t| t.wait.iter().all(has_run))
        .filter_map(|t| def.state(&t.to))
        .map(|s| (s.key.clone(), s.zh.clone(), s.en.clone()))
        .collect();
    Some(due)
}

#[allow(clippy::too_many_arguments)]
fn period(
    kind: Kind,
    name: &str,
    clock: Option<ClockRef<'_>>,
    date: &dyn Fn(&str) -> Option<NaiveDate>,
    rule_set: &str,
    cal: &Calendar,
    today: NaiveDate,
    inherited: Option<NaiveDate>,
    depth: u32,
) -> Option<Due> {
    let rule = schema().rule(rule_set, kind, name)?;
    // The clock counts only for its own rule; another rule counts from its fields, or, as a
    // range's lower bound, from the day the range's stage began.
    let all = clock;
    let clock = clock.filter(|c| c.rule == name);
    // `or_start`: a window counted from the stage's entry runs from that of the stage's own
    // clock too (the employer's 30 days beside the worker's 15, from the same award).
    let started = clock.map(|c| c.started).or(inherited).or(if rule.or_start {
        all.map(|c| c.started)
    } else {
        None
    });
    let base = base_date(date, rule, started, cal)?;
    let mut moved = 0i64;
    let mut extended = 0u32;
    if let Some(c) = clock {
        extended = c.extended_days;
        moved = i64::from(c.paused_days);
        if let Some(since) = c.paused_since {
            moved += (today - since).num_days().max(0);
        }
    }
    let mut d = base;
    if extended > 0 {
        d = if rule.working {
            cal.add_working_days(d, extended)
        } else {
            shift(d, i64::from(extended))
        };
    }
    if moved > 0 {
        d = shift(d, moved);
    }
    if extended > 0 || moved > 0 {
        d = cal.roll_forward(d);
    }
    if let Some(cap) = rule.cap_field.as_deref().and_then(date)
        && cap < d
    {
        d = cap;
    }
    let earliest = if rule.kind == PeriodKind::Range && depth < 4 {
        rule.not_before
            .iter()
            .filter_map(|n| {
                period(kind, n, all, date, rule_set, cal, today, started, depth + 1)
                    .map(|p| p.allowed_after().unwrap_or(p.date))
            })
            .max()
    } else {
        None
    };
    let (lz, le) = default_lapsed(rule.kind);
    Some(Due {
        date: d,
        kind: rule.kind,
        earliest,
        paused: clock.is_some_and(|c| c.paused_since.is_some()),
        rule: name.to_string(),
        basis: rule.basis.clone(),
        lapsed_zh: rule.lapsed_zh.clone().unwrap_or_else(|| lz.into()),
        lapsed_en: rule.lapsed_en.clone().unwrap_or_else(|| le.into()),
        by: rule.by.clone(),
        offer: Vec::new(),
    })
}

fn default_lapsed(kind: PeriodKind) -> (&'static str, &'static str) {
    match kind {
        PeriodKind::Window => ("期满未申请", "window lapsed"),
        PeriodKind::Wait => ("期间已满", "period run"),
        PeriodKind::Duty | PeriodKind::Range => ("逾期", "overdue"),
    }
}

fn base_date(
    date: &dyn Fn(&str) -> Option<NaiveDate>,
    rule: &DeadlineRule,
    started: Option<NaiveDate>,
    cal: &Calendar,
) -> Option<NaiveDate> {
    let start = match &rule.from_field {
        Some(f) => date(f)
            .or_else(|| rule.or_field.as_deref().and_then(date))
            .or(if rule.or_start { started } else { None })?,
        None => started?,
    };
    let mut d = start;
    let mut counted = false;
    if let Some(m) = rule.months {
        d = cal.add_months(d, m);
        counted = true;
    }
    if let Some(n) = rule.days {
        d = if rule.working {
            cal.add_working_days(d, n)
        } else {
            cal.add_days(d, i64::from(n))
        };
        counted = true;
    }
    // A date a notice or order sets is the deadline itself; periods roll over holidays.
    Some(if counted { d } else { start })
}
