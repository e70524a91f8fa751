//! A case's history replayed for the figures: the local day of each fact, what the case did in
//! a window of days ([`tally`]), how it stood at the end of one ([`snapshot`]), its due date, and
//! the sums of a window that targets are measured against.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Local, NaiveDate, Offset, TimeZone};
use rust_decimal::Decimal;

use crate::ledger::calendar::Calendar;
use crate::ledger::deadline::{Due, due_from};
use crate::ledger::model::NoteType;
use crate::ledger::schema::Kind;
use crate::ledger::store::{Fact, FieldValue, Head, What};

/// A day as the figures compare days: its number counted from 1 January of year 1
/// ([`NaiveDate::num_days_from_ce`]), so a history's days are numbers, not dates to build.
pub(super) type Day = i32;

pub(super) fn day_no(d: NaiveDate) -> Day {
    d.num_days_from_ce()
}

pub(super) fn date_of(n: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default()
}

/// The number of 1 January 1970.
const EPOCH_DAY: i64 = 719_163;
/// How many UTC days around the first one looked up have their offsets remembered (179 years).
const REMEMBERED: i64 = 1 << 16;

/// Local calendar days of event timestamps. The local offset is looked up once per UTC day: at
/// its first and last second, and where the two agree (every day but those the clocks change on)
/// it is remembered for the whole day.
#[derive(Default)]
pub(super) struct Days {
    /// The UTC day (since 1970) of `offsets[0]`.
    first: i64,
    offsets: Vec<Option<i32>>,
}

fn local_offset(at: i64) -> i32 {
    let utc = DateTime::from_timestamp(at, 0).unwrap_or_default();
    Local
        .offset_from_utc_datetime(&utc.naive_utc())
        .fix()
        .local_minus_utc()
}

impl Days {
    /// The local day of `at` (seconds since 1970).
    pub(super) fn day(&mut self, at: i64) -> Day {
        let utc_day = at.div_euclid(86_400);
        if self.offsets.is_empty() {
            self.first = utc_day - REMEMBERED / 2;
        }
        let i = utc_day - self.first;
        let off = match usize::try_from(i) {
            Ok(i) if i64::try_from(i).is_ok_and(|i| i < REMEMBERED) => {
                if i >= self.offsets.len() {
                    self.offsets.resize(i + 1, None);
                }
                match self.offsets[i] {
                    Some(off) => off,
                    None => {
                        let start = local_offset(utc_day * 86_400);
                        if start == local_offset(utc_day * 86_400 + 86_399) {
                            self.offsets[i] = Some(start);
                            start
                        } else {
                            local_offset(at)
                        }
                    }
                }
            }
            _ => local_offset(at),
        };
        let n = (at + i64::from(off)).div_euclid(86_400) + EPOCH_DAY;
        Day::try_from(n).unwrap_or(if n < 0 { Day::MIN } else { Day::MAX })
    }
}

/// A window of days and what one case did in it.
#[derive(Debug, Default)]
pub(super) struct Tally<'a> {
    pub touched: bool,
    /// The last closing transition in the window, unless a reopening in the window followed it.
    pub closed: Option<NaiveDate>,
    pub reopened: bool,
    pub extended: u32,
    pub rounds: u32,
    pub people: u64,
    pub drills: u32,
    pub inspections: Vec<&'a str>,
    pub area: Decimal,
    pub recovered: Decimal,
    pub reached: Vec<&'a str>,
    pub approved: Option<bool>,
}

impl Tally<'_> {
    pub(super) fn reached(&self, state: &str) -> bool {
        self.reached.contains(&state)
    }
}

fn delta(before: Option<FieldValue>, after: Option<FieldValue>) -> Decimal {
    let v = |x: Option<FieldValue>| x.and_then(|v| v.as_dec()).unwrap_or_default();
    v(after) - v(before)
}

/// The shared notes (one note recorded on several cases) a window has already counted: the
/// first case of a note to be tallied counts its round, people, inspection or drill; the others
/// are only touched by it.
pub(super) type SeenNotes<'a> = HashSet<&'a str>;

/// What `kind`'s case did between `from` and `to` (inclusive), from its events and the days
/// they happened on; `seen` holds the shared notes the window has counted on other cases.
pub(super) fn tally<'a>(
    kind: Kind,
    facts: &[Fact<'a>],
    days: &[Day],
    from: NaiveDate,
    to: NaiveDate,
    seen: &mut SeenNotes<'a>,
) -> Tally<'a> {
    let def = kind.def();
    let mut t = Tally::default();
    let (from, to) = (day_no(from), day_no(to));
    let inside = |d: Day| from <= d && d <= to;
    for (e, &day) in facts.iter().zip(days) {
        if let What::Note {
            note_type,
            text,
            people,
            date,
            shared,
        } = e.what
        {
            if inside(day_no(date)) {
                t.touched = true;
                if shared.is_some_and(|id| !seen.insert(id)) {
                    continue;
                }
                if note_type.is_coordination() {
                    t.rounds += 1;
                    t.people += u64::from(people.unwrap_or(0));
                }
                match note_type {
                    NoteType::Inspection => t.inspections.push(text.trim()),
                    NoteType::Drill => t.drills += 1,
                    _ => {}
                }
            }
            continue;
        }
        if !inside(day) {
            continue;
        }
        match e.what {
            What::State { from: was, to: now } => {
                if def.is_terminal(now) {
                    t.closed = Some(date_of(day));
                }
                if def.is_terminal(was) {
                    t.reopened = true;
                    t.closed = None;
                }
                if !t.reached.contains(&now) {
                    t.reached.push(now);
                }
            }
            What::Field {
                field,
                before,
                after,
            } => match field {
                "area_demolished_m2" => t.area += delta(before, after),
                "amount_recovered" => t.recovered += delta(before, after),
                "approved" => {
                    let was = before.and_then(|v| v.as_bool()).unwrap_or(false);
                    let now = after.and_then(|v| v.as_bool()).unwrap_or(false);
                    if was != now {
                        t.approved = Some(now);
                    }
                }
                _ => {}
            },
            What::Extended { .. } => t.extended += 1,
            _ => {}
        }
        t.touched = true;
    }
    t
}

/// The state and kind-specific fields of a case as they stood at the end of `end`.
#[derive(Default)]
pub(super) struct Snap<'a> {
    pub state: &'a str,
    /// The kind's fields that have a value, in the order they were first set.
    pub fields: Vec<(&'a str, FieldValue<'a>)>,
}

impl<'a> Snap<'a> {
    /// The field `k` as it stood. Only the fields of
    /// [`FIGURE_FIELDS`](crate::ledger::store::facts::FIGURE_FIELDS) are kept in the figures
    /// table: a test (`every_field_a_figure_reads_is_kept_in_the_figures_table`) fails if a
    /// report reads another.
    pub fn get(&self, k: &str) -> Option<FieldValue<'a>> {
        self.fields.iter().find(|(f, _)| *f == k).map(|(_, v)| *v)
    }
    pub fn dec(&self, k: &str) -> Decimal {
        self.get(k).and_then(|v| v.as_dec()).unwrap_or_default()
    }
    pub fn int(&self, k: &str) -> i64 {
        self.get(k).and_then(|v| v.as_int()).unwrap_or(0)
    }
    pub fn text(&self, k: &str) -> Option<&'a str> {
        self.get(k)
            .and_then(|v| v.as_text())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
    pub fn flag(&self, k: &str) -> bool {
        self.get(k).and_then(|v| v.as_bool()).unwrap_or(false)
    }

    /// Replay `facts` up to `end` (every fact if None): the state and fields then. None if no
    /// fact that sets the state is that old.
    fn replay(&mut self, facts: &[Fact<'a>], days: &[Day], end: Option<Day>) -> Option<()> {
        self.fields.clear();
        let mut state = None;
        for (e, &day) in facts.iter().zip(days) {
            if end.is_some_and(|end| day > end) {
                continue;
            }
            match e.what {
                What::Created { state: s } => state = Some(s),
                What::State { to, .. } => state = Some(to),
                What::Field { field, after, .. } => {
                    let at = self.fields.iter().position(|(f, _)| *f == field);
                    match (after, at) {
                        (Some(v), Some(i)) => self.fields[i].1 = v,
                        (Some(v), None) => self.fields.push((field, v)),
                        (None, Some(i)) => {
                            self.fields.remove(i);
                        }
                        (None, None) => {}
                    }
                }
                _ => {}
            }
        }
        self.state = state?;
        Some(())
    }
}

/// The case as it stood at the end of `end`, into `snap` (whose buffer is reused).
pub(super) fn snapshot<'a>(
    snap: &mut Snap<'a>,
    case: &Head<'a>,
    facts: &[Fact<'a>],
    days: &[Day],
    end: NaiveDate,
) {
    let end = day_no(end);
    if days.iter().all(|d| *d <= end) || snap.replay(facts, days, Some(end)).is_none() {
        // Nothing after the end; or recorded after the end but registered before it: reported
        // as it now stands.
        snap.replay(facts, days, None);
        snap.state = case.state;
    }
}

/// An open case's due date as of `today` (see [`due_from`]).
pub(super) fn head_due(
    case: &Head,
    rule_set: &str,
    calendar: &Calendar,
    today: NaiveDate,
) -> Option<Due> {
    due_from(
        case.kind,
        case.state,
        case.clock,
        |f| case.date(f),
        rule_set,
        calendar,
        today,
    )
}

/// Whether the case was open on the day before `from` (from its history, or, for a case
/// recorded later, from its registration and closing dates).
pub(super) fn open_before(case: &Head, facts: &[Fact], days: &[Day], from: NaiveDate) -> bool {
    if case.opened >= from {
        return false;
    }
    let def = case.kind.def();
    let mut state: Option<&str> = None;
    let first = day_no(from);
    for (e, &day) in facts.iter().zip(days) {
        if day >= first {
            continue;
        }
        match e.what {
            What::Created { state: s } => state = Some(s),
            What::State { to, .. } => state = Some(to),
            _ => {}
        }
    }
    match state {
        Some(s) => !def.is_terminal(s),
        None => case.closed.is_none_or(|c| c >= from),
    }
}

/// Sums of a window over all cases, for the targets.
#[derive(Debug, Default)]
pub(super) struct WindowTotals {
    closed: BTreeMap<Kind, u64>,
    opened: BTreeMap<Kind, u64>,
    recovered: Decimal,
    signed: u64,
    paid: u64,
    handed_over: u64,
    approved_mu: Decimal,
    pub(super) area: Decimal,
    demolished: u64,
    inspection_notes: u64,
    inspection_note_texts: HashSet<String>,
    inspection_fields: HashSet<String>,
    pub(super) drills: u64,
}

impl WindowTotals {
    pub(super) fn add(
        &mut self,
        case: &Head,
        snap: &Snap,
        t: &Tally,
        from: NaiveDate,
        to: NaiveDate,
    ) {
        let k = case.kind;
        if t.closed.is_some() {
            *self.closed.entry(k).or_default() += 1;
        }
        let opened_in = from <= case.opened && case.opened <= to;
        if opened_in {
            *self.opened.entry(k).or_default() += 1;
        }
        self.inspection_notes += t.inspections.len() as u64;
        for s in &t.inspections {
            self.inspection_note_texts.insert((*s).to_string());
        }
        self.drills += u64::from(t.drills);
        match k {
            Kind::Labour => self.recovered += t.recovered,
            Kind::Land => {
                self.signed += u64::from(t.reached("signed"));
                self.paid += u64::from(t.reached("paid"));
                self.handed_over += u64::from(t.reached("handed_over"));
                if t.approved == Some(true) {
                    self.approved_mu += snap.dec("area_mu");
                }
            }
            Kind::Hazard => {
                if opened_in && let Some(name) = snap.text("inspection") {
                    self.inspection_fields.insert(name.to_string());
                }
            }
            Kind::Demolition => {
                self.area += t.area;
                self.demolished += u64::from(t.reached("demolished") || t.reached("enforced"));
            }
            Kind::Petition => {}
        }
    }

    /// Inspection notes, plus hazards' inspection names no note names.
    pub(super) fn inspections(&self) -> u64 {
        self.inspection_notes
            + self
                .inspection_fields
                .iter()
                .filter(|n| !self.inspection_note_texts.contains(*n))
                .count() as u64
    }

    pub(super) fn value(&self, kind: Kind, measure: &str) -> Option<Decimal> {
        let n = Decimal::from;
        Some(match (kind, measure) {
            (k, "closed") => n(self.closed.get(&k).copied().unwrap_or(0)),
            (k, "opened") => n(self.opened.get(&k).copied().unwrap_or(0)),
            (Kind::Labour, "amount_recovered") => self.recovered,
            (Kind::Land, "signed") => n(self.signed),
            (Kind::Land, "paid") => n(self.paid),
            (Kind::Land, "handed_over") => n(self.handed_over),
            (Kind::Land, "approved_mu") => self.approved_mu,
            (Kind::Hazard, "rectified") => n(self.closed.get(&Kind::Hazard).copied().unwrap_or(0)),
            (Kind::Hazard, "inspections") => n(self.inspections()),
            (Kind::Hazard, "drills") => n(self.drills),
            (Kind::Demolition, "area_demolished_m2") => self.area,
            (Kind::Demolition, "demolished") => n(self.demolished),
            _ => return None,
        })
    }
}
