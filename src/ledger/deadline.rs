//! Due dates: the rule of the case's current stage, applied with the office's calendar, moved
//! by extensions and pauses.

use chrono::NaiveDate;

use super::calendar::{Calendar, shift};
use super::model::Case;
use super::schema::{DeadlineRule, schema};

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
    if !case.is_open() {
        return None;
    }
    let clock = case.clock.as_ref()?;
    let rule = schema().rule(rule_set, case.kind, &clock.rule)?;
    let base = base_date(case, rule, clock.started, cal)?;
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
        rule: clock.rule.clone(),
        basis: rule.basis.clone(),
    })
}

fn base_date(
    case: &Case,
    rule: &DeadlineRule,
    started: NaiveDate,
    cal: &Calendar,
) -> Option<NaiveDate> {
    let start = match &rule.from_field {
        Some(f) => case.date(f)?,
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
