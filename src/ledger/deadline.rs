//! Due dates: the rule of the case's current stage, applied with the office's calendar, moved
//! by extensions and pauses.

use chrono::NaiveDate;

use super::calendar::{Calendar, shift};
use super::model::{Case, Clock};
use super::schema::{DeadlineRule, Kind, schema};

#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub date: NaiveDate,
    /// The clock is paused: the date moves on a day for every day of the pause.
    pub paused: bool,
    pub rule: String,
    pub basis: String,
}

impl Due {
    /// Days from `today` to the due date: negative when overdue.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.date - today).num_days()
    }

    pub fn overdue(&self, today: NaiveDate) -> bool {
        !self.paused && self.date < today
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
    if kind.def().is_terminal(state) {
        return None;
    }
    let clock = clock?;
    let rule = schema().rule(rule_set, kind, clock.rule)?;
    let base = base_date(date, rule, clock.started, cal)?;
    let mut moved = i64::from(clock.extended_days) + i64::from(clock.paused_days);
    if let Some(since) = clock.paused_since {
        moved += (today - since).num_days().max(0);
    }
    let date = if moved == 0 {
        base
    } else {
        cal.roll_forward(shift(base, moved))
    };
    Some(Due {
        date,
        paused: clock.paused_since.is_some(),
        rule: clock.rule.to_string(),
        basis: rule.basis.clone(),
    })
}

fn base_date(
    date: impl Fn(&str) -> Option<NaiveDate>,
    rule: &DeadlineRule,
    started: NaiveDate,
    cal: &Calendar,
) -> Option<NaiveDate> {
    let start = match &rule.from_field {
        Some(f) => date(f)?,
        None => started,
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
