//! The figures behind the interface's dashboard: open items by kind and state, the year's targets,
//! opened and closed per week, overdue items by assignee, and this year's assessment rates. Drawn
//! by `tui::dashboard`.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::Data;
use super::figures::{Figures, TargetProgress, progress};
use super::period::Period;
use super::rates::Rates;
use super::replay::{SeenNotes, Snap, WindowTotals, head_due, snapshot, tally};
use crate::ledger::api::Ledger;
use crate::ledger::calendar::Calendar;
use crate::ledger::error::Result;
use crate::ledger::schema::Kind;

/// Weeks of history the dashboard keeps (a screen shows as many of the latest as fit).
pub const WEEKS: usize = 26;

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub open: u64,
    pub overdue: u64,
    pub due_soon: u64,
    /// Every kind, in the order of [`Kind::ALL`], with its open cases by state.
    pub kinds: Vec<KindOpen>,
    /// This year's targets and how far they are.
    pub targets: Vec<TargetProgress>,
    /// The last [`WEEKS`] weeks (Monday to Sunday), oldest first; the last is this week.
    pub weeks: Vec<WeekCount>,
    /// Overdue open cases by assignee (None: unassigned), most first.
    pub overdue_by_assignee: Vec<(Option<String>, u64)>,
    /// The assessment rates from 1 January to today, as the summary counts them.
    pub rates: Rates,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindOpen {
    pub kind: Kind,
    pub open: u64,
    pub overdue: u64,
    /// Open cases by state key, in workflow order, states with none left out.
    pub states: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct WeekCount {
    /// The Monday the week starts on.
    pub start: NaiveDate,
    pub opened: u64,
    pub closed: u64,
}

impl Dashboard {
    /// Read the ledger once and compute the dashboard as of `today`.
    pub fn compute(ledger: &Ledger, today: NaiveDate) -> Result<Dashboard> {
        let data = Data::read(ledger)?;
        Dashboard::from_data(&data, ledger.calendar(), today)
    }

    pub fn from_data(data: &Data, calendar: &Calendar, today: NaiveDate) -> Result<Dashboard> {
        let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let first_monday = this_monday - Duration::weeks(WEEKS as i64 - 1);
        let mut weeks: Vec<WeekCount> = (0..WEEKS)
            .map(|i| WeekCount {
                start: first_monday + Duration::weeks(i as i64),
                opened: 0,
                closed: 0,
            })
            .collect();
        let week_of = |d: NaiveDate| -> Option<usize> {
            if d < first_monday || d > today {
                return None;
            }
            usize::try_from((d - first_monday).num_days() / 7)
                .ok()
                .filter(|i| *i < WEEKS)
        };
        let year_from = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        let mut by_state: BTreeMap<Kind, BTreeMap<String, u64>> = BTreeMap::new();
        let mut kinds: BTreeMap<Kind, KindOpen> = Kind::ALL
            .iter()
            .map(|k| {
                (
                    *k,
                    KindOpen {
                        kind: *k,
                        open: 0,
                        overdue: 0,
                        states: Vec::new(),
                    },
                )
            })
            .collect();
        let mut assignees: BTreeMap<Option<String>, u64> = BTreeMap::new();
        let mut ytd = WindowTotals::default();
        let (mut open, mut overdue, mut due_soon) = (0, 0, 0);

        let mut snap = Snap::default();
        let (mut seen, mut seen_weeks) = (SeenNotes::default(), SeenNotes::default());
        let mut cases = data.cases();
        while let Some((case, events, days)) = cases.next(|_, _| true)? {
            let case = &case;
            snapshot(&mut snap, case, events, days, today);
            let t = tally(case.kind, events, days, year_from, today, &mut seen);
            ytd.add(case, &snap, &t, year_from, today);
            if let Some(i) = week_of(case.opened) {
                weeks[i].opened += 1;
            }
            // The last close of the whole window, so a case closed twice counts once.
            let tw = if first_monday >= year_from {
                None
            } else {
                Some(tally(
                    case.kind,
                    events,
                    days,
                    first_monday,
                    today,
                    &mut seen_weeks,
                ))
            };
            let closed = tw
                .as_ref()
                .map_or(t.closed, |x| x.closed)
                .filter(|d| *d >= first_monday);
            if let Some(i) = closed.and_then(week_of) {
                weeks[i].closed += 1;
            }
            if !case.is_open() {
                continue;
            }
            open += 1;
            let k = kinds.entry(case.kind).or_insert_with(|| KindOpen {
                kind: case.kind,
                open: 0,
                overdue: 0,
                states: Vec::new(),
            });
            k.open += 1;
            *by_state
                .entry(case.kind)
                .or_default()
                .entry(case.state.to_string())
                .or_default() += 1;
            if let Some(d) = head_due(case, &data.rule_set, calendar, today)
                && !d.paused
            {
                if d.overdue(today) {
                    overdue += 1;
                    k.overdue += 1;
                    *assignees
                        .entry(case.assignee.map(String::from))
                        .or_default() += 1;
                } else if d.is_duty() && (d.date - today).num_days() <= 7 {
                    due_soon += 1;
                }
            }
        }
        for (kind, states) in by_state {
            let order = &kind.def().states;
            let mut v: Vec<(String, u64)> = states.into_iter().collect();
            v.sort_by_key(|(s, _)| order.iter().position(|x| &x.key == s).unwrap_or(usize::MAX));
            if let Some(k) = kinds.get_mut(&kind) {
                k.states = v;
            }
        }
        let rates = Figures::compute(data, calendar, &Period::year_to_date(today), today)?.rates;
        let mut by_assignee: Vec<(Option<String>, u64)> = assignees.into_iter().collect();
        by_assignee.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(Dashboard {
            today,
            open,
            overdue,
            due_soon,
            kinds: kinds.into_values().collect(),
            targets: progress(&data.targets, today.year(), &ytd),
            weeks,
            overdue_by_assignee: by_assignee,
            rates,
        })
    }
}
