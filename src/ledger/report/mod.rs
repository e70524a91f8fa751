//! Figures for the status summary, the half-year work summary (工作总结) and the dashboard,
//! computed from the ledger in one pass over its cases and their histories. Exact decimals
//! throughout; nothing here draws a screen (the Markdown of a report is text, like `present`).
//!
//! The histories are read in the short form the ledger keeps beside each case for this purpose
//! (its figures table, [`facts`](super::store::facts)): what the rules below count, kept current
//! in the same transaction as every change, so a report reads one short record per case instead
//! of every event.
//!
//! # Periods and what counts in them
//!
//! A period is a closed range of days `[from, to]` (`2026H1` is 2026-01-01..=2026-06-30). The day of
//! an event is the day it happened (its effective date, `--on`; for an event written before
//! effective dates existed, the local calendar day of its timestamp); a note counts on the day it
//! says the visit or meeting took place. A note shared by several cases counts its round and
//! people once. Two kinds of figure are reported:
//!
//! **Flows** count what happened inside the period:
//! - *opened*: the case's registration date (`opened`, which an officer may backdate) is in the
//!   period.
//! - *handled* (办理、参与协调): the case was registered on or before `to`, and either something was
//!   recorded on it in the period (any event but a personal-data view; a note by its own date), or
//!   it was still open on the day before `from`. So a case opened in 2025 and still open in
//!   January is handled in 2026H1 even if nobody touched it.
//! - *closed* (办结): a transition into a terminal state is dated in the period and is not followed
//!   by a reopening in the period. A case closed, reopened and closed again counts once, at its
//!   last close in the period; a case closed and then reopened in the period is not closed in it.
//! - *reopened*: a transition out of a terminal state is dated in the period.
//! - *extended*: one per extension event dated in the period (the deadline moved then).
//! - *demolished area*: the increases of `area_demolished_m2` recorded in the period. A partial
//!   demolition that records 300 m² in March and raises it to 500 m² in July counts 300 in the
//!   first half and 200 in the second; a downward correction counts negative in its period.
//!   Structures *demolished* are cases that entered `demolished` or `enforced` in the period.
//! - *recovered* (labour, for targets): increases of `amount_recovered` recorded in the period.
//! - *signed / paid / handed over* (land): households that entered that stage in the period.
//! - *coordination rounds* (协调次数): notes of a coordination type (visit, coordination
//!   session, meeting: [`NoteType::is_coordination`](super::NoteType::is_coordination)) dated in the
//!   period, on petitions and labour disputes.
//! - *person-times* (人次): the `people` of those coordination notes, plus the `person_times`
//!   field of petitions opened in the period. The field records the petitioners' own visits at
//!   intake, the notes the people present at each later round, so nothing is counted twice.
//! - *inspections* (安全检查): inspection notes dated in the period (on any case), plus the
//!   distinct `inspection` values of hazards opened in the period that no such note names (a note
//!   whose text is exactly a hazard's `inspection` value is that same inspection).
//!   *Drills* (应急演练): drill notes dated in the period.
//! - *rectified* (整改): hazards found in the period and closed by its end; the rectification rate
//!   is that number over the hazards found in the period. Older hazards closed in the period are
//!   reported beside it, not inside the rate.
//!
//! **Stocks** describe the ledger at the period's end, which is `to` or today if `to` is later:
//! open cases by state, land households by stage and holdout reason, areas and amounts due, paid
//! and outstanding, labour amounts claimed and recovered of the cases handled. They are replayed
//! from each case's history up to that day, so a report on 2026H1 run in November says what the
//! ledger said on 30 June. A case recorded after that day but registered (`opened`) before it is
//! reported as it now stands. Land "awaiting conversion" (未完成农转用) is the area of households
//! signed or past it (or decided, or marked `approved = no`) that is not yet approved. *Overdue* at the end means open then and now, with its current due
//! date before that day (a clock stops when its case closes, so cases closed since are not counted).
//!
//! Yearly targets are measured from 1 January of the period's last year to the period's end.

mod dashboard;
mod figures;
mod period;
mod prose;
mod rates;
mod replay;
mod wording;

pub use dashboard::{Dashboard, KindOpen, WeekCount};
pub use figures::{
    Coordination, DemolitionFigures, DisputeOutcome, Figures, HazardFigures, KindRow,
    LabourFigures, LandFigures, Named, OverdueItem, PetitionFigures, PetitionOutcome,
    ProjectFigures, SelfDemolition, TargetProgress, pct,
};
pub use period::Period;
pub use prose::{Options, Order, check_names, markdown, markdown_with, parse_sections, typical};
pub use rates::{RATE_NAMES, Rate, RateName, Rates};
pub use wording::{approx_count, percent_text};

use chrono::NaiveDate;
use serde::Serialize;

use super::api::Ledger;
use super::calendar::Calendar;
use super::error::{LedgerError, Result};
use super::event::Event;
use super::model::Case;
use super::schema::{FieldType, Kind};
use super::store::{Digests, Fact, Head, facts};
use super::target::Target;
use replay::{Day, Days, day_no};

/// What a report reads from the ledger: every case's figures record (what the figures count of
/// the case and its history, and what an open case's due date is worked out from: see
/// [`Digests`]), the targets, the rule set.
pub struct Data {
    digests: Digests,
    pub targets: Vec<Target>,
    pub rule_set: String,
}

impl Data {
    /// One read of the ledger: its figures records. Where the ledger keeps no
    /// figures (a server, or a table an older taizhang left behind), every case and every event,
    /// replayed into the same records here.
    pub fn read(ledger: &Ledger) -> Result<Data> {
        let rule_set = ledger.rule_set()?;
        let targets = ledger.targets()?;
        if let Some(digests) = ledger.digests()? {
            return Ok(Data {
                digests,
                targets,
                rule_set,
            });
        }
        let cases = ledger.cases()?;
        let events = ledger.all_events()?;
        Ok(Data::from_parts(cases, events, targets, rule_set))
    }

    /// From cases and events read separately (e.g. [`Ledger::cases`] and [`Ledger::all_events`]):
    /// events are grouped under their case in order; events of unknown cases, or newer than the
    /// case's revision (committed between the two reads), are left out.
    pub fn from_parts(
        mut cases: Vec<Case>,
        mut events: Vec<Event>,
        targets: Vec<Target>,
        rule_set: String,
    ) -> Data {
        // The ledger returns both in this order already; only other sources need sorting.
        if !cases.is_sorted_by(|a, b| a.id <= b.id) {
            cases.sort_by(|a, b| a.id.cmp(&b.id));
        }
        if !events.is_sorted_by(|a, b| (a.case.as_str(), a.seq) <= (b.case.as_str(), b.seq)) {
            events.sort_by(|a, b| (a.case.as_str(), a.seq).cmp(&(b.case.as_str(), b.seq)));
        }
        let mut digests = Digests::default();
        let mut i = 0;
        for case in &cases {
            while i < events.len() && events[i].case.as_str() < case.id.as_str() {
                i += 1;
            }
            let start = i;
            while i < events.len() && events[i].case == case.id {
                i += 1;
            }
            let upto = start + events[start..i].partition_point(|e| e.seq <= case.rev);
            digests.push(&case.id, &facts::build(case, &events[start..upto]));
        }
        Data {
            digests,
            targets,
            rule_set,
        }
    }

    /// The cases in id order, each with its facts and the days they happened on.
    pub(super) fn cases(&self) -> Cases<'_> {
        Cases {
            data: self,
            next: 0,
            facts: Vec::new(),
            days: Vec::new(),
            days_of: Days::default(),
        }
    }
}

/// A walk through a report's cases, reusing its buffers from one case to the next.
pub(super) struct Cases<'d> {
    data: &'d Data,
    next: usize,
    facts: Vec<Fact<'d>>,
    days: Vec<Day>,
    days_of: Days,
}

impl<'d> Cases<'d> {
    /// The next case `wanted` wants (asked with its head and the latest local day its history
    /// reaches), with its facts and the local day of each fact; the others are passed over
    /// without reading their facts.
    #[allow(clippy::type_complexity)]
    pub(super) fn next(
        &mut self,
        wanted: impl Fn(&Head<'d>, Day) -> bool,
    ) -> Result<Option<(Head<'d>, &[Fact<'d>], &[Day])>> {
        while self.next < self.data.digests.len() {
            let i = self.next;
            self.next += 1;
            let days_of = &mut self.days_of;
            let found = self.data.digests.case_if(i, &mut self.facts, |head| {
                let (at, note) = head.latest();
                wanted(head, days_of.day(at).max(note))
            })?;
            if let Some(head) = found {
                self.days.clear();
                let days_of = &mut self.days_of;
                // Each fact counts on the day it happened: its effective date, or for one
                // recorded before effective dates existed, the local day it was recorded.
                self.days.extend(
                    self.facts
                        .iter()
                        .map(|f| f.on.map(day_no).unwrap_or_else(|| days_of.day(f.at))),
                );
                return Ok(Some((head, &self.facts, &self.days)));
            }
        }
        Ok(None)
    }
}

/// How a measure is counted and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A count, with its Chinese measure word (件, 户, 处, 次).
    Count(&'static str),
    SquareMetres,
    Mu,
    Yuan,
}

impl Unit {
    /// How a target figure of this unit is typed: counts are whole numbers.
    fn field_type(self) -> Option<FieldType> {
        match self {
            Unit::Count(_) => None,
            Unit::SquareMetres => Some(FieldType::AreaM2),
            Unit::Mu => Some(FieldType::AreaMu),
            Unit::Yuan => Some(FieldType::Money),
        }
    }
}

/// A yearly measure a target can be set on.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub kind: Kind,
    pub key: &'static str,
    /// What the measure counts, as a report phrases it ("拆除违章建筑").
    pub zh: &'static str,
    pub en: &'static str,
    /// Short labels for the summary screen and the dashboard ("拆除面积").
    pub short_zh: &'static str,
    pub short_en: &'static str,
    pub unit: Unit,
}

/// Every measure a target can name. Flows, counted from 1 January to the period's end with the
/// rules above.
pub const MEASURES: &[Measure] = &[
    Measure {
        kind: Kind::Petition,
        key: "closed",
        zh: "办结信访事项",
        en: "petitions closed",
        short_zh: "信访办结",
        short_en: "petitions closed",
        unit: Unit::Count("件"),
    },
    Measure {
        kind: Kind::Petition,
        key: "opened",
        zh: "登记信访事项",
        en: "petitions registered",
        short_zh: "信访登记",
        short_en: "petitions in",
        unit: Unit::Count("件"),
    },
    Measure {
        kind: Kind::Labour,
        key: "closed",
        zh: "办结劳资纠纷",
        en: "labour disputes closed",
        short_zh: "劳资办结",
        short_en: "disputes closed",
        unit: Unit::Count("件"),
    },
    Measure {
        kind: Kind::Labour,
        key: "amount_recovered",
        zh: "追回欠薪及赔偿",
        en: "amount recovered",
        short_zh: "追回金额",
        short_en: "recovered",
        unit: Unit::Yuan,
    },
    Measure {
        kind: Kind::Land,
        key: "signed",
        zh: "签订征地补偿协议",
        en: "households signed",
        short_zh: "征地签约",
        short_en: "signed",
        unit: Unit::Count("户"),
    },
    Measure {
        kind: Kind::Land,
        key: "paid",
        zh: "兑付补偿款",
        en: "households paid",
        short_zh: "征地兑付",
        short_en: "paid",
        unit: Unit::Count("户"),
    },
    Measure {
        kind: Kind::Land,
        key: "handed_over",
        zh: "交地",
        en: "households handed over",
        short_zh: "交地",
        short_en: "handed over",
        unit: Unit::Count("户"),
    },
    Measure {
        kind: Kind::Land,
        key: "approved_mu",
        zh: "完成建设用地报批",
        en: "area approved for construction",
        short_zh: "报批面积",
        short_en: "approved",
        unit: Unit::Mu,
    },
    Measure {
        kind: Kind::Hazard,
        key: "rectified",
        zh: "整改销号安全隐患",
        en: "hazards rectified",
        short_zh: "隐患整改",
        short_en: "rectified",
        unit: Unit::Count("处"),
    },
    Measure {
        kind: Kind::Hazard,
        key: "inspections",
        zh: "开展安全检查",
        en: "safety inspections",
        short_zh: "安全检查",
        short_en: "inspections",
        unit: Unit::Count("次"),
    },
    Measure {
        kind: Kind::Hazard,
        key: "drills",
        zh: "开展应急演练",
        en: "emergency drills",
        short_zh: "应急演练",
        short_en: "drills",
        unit: Unit::Count("次"),
    },
    Measure {
        kind: Kind::Demolition,
        key: "area_demolished_m2",
        zh: "拆除违章建筑",
        en: "illegal structures demolished",
        short_zh: "拆除面积",
        short_en: "demolished",
        unit: Unit::SquareMetres,
    },
    Measure {
        kind: Kind::Demolition,
        key: "demolished",
        zh: "拆除违建",
        en: "structures demolished",
        short_zh: "拆除违建",
        short_en: "demolished",
        unit: Unit::Count("处"),
    },
];

/// The measure `key` of `kind`, or a one-line error listing the valid ones.
pub fn measure(kind: Kind, key: &str) -> Result<&'static Measure> {
    let key = key.trim();
    MEASURES
        .iter()
        .find(|m| m.kind == kind && m.key.eq_ignore_ascii_case(key))
        .ok_or_else(|| LedgerError::BadValue {
            what: format!("measure for {kind}"),
            value: key.to_string(),
            hint: format!(
                "use one of {}",
                MEASURES
                    .iter()
                    .filter(|m| m.kind == kind)
                    .map(|m| m.key)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
}

/// Parse a target figure for `m`: counts as whole numbers, areas and amounts as the fields take them.
pub fn parse_target_value(m: &Measure, s: &str) -> Result<rust_decimal::Decimal> {
    match m.unit.field_type() {
        Some(ty) => super::units::parse_decimal(s, ty),
        None => {
            let t = s.trim().replace([',', '，'], "");
            t.parse::<u64>()
                .map(rust_decimal::Decimal::from)
                .map_err(|_| LedgerError::BadValue {
                    what: format!("target for {} {}", m.kind, m.key),
                    value: s.trim().to_string(),
                    hint: "write a whole number such as 30".into(),
                })
        }
    }
}

/// The figures of `period`, reading the ledger once.
pub fn figures(ledger: &Ledger, period: &Period, today: NaiveDate) -> Result<Figures> {
    let data = Data::read(ledger)?;
    Figures::compute(&data, ledger.calendar(), period, today)
}

/// Compute from data already read (the interface keeps its own copy).
pub fn figures_from(
    data: &Data,
    calendar: &Calendar,
    period: &Period,
    today: NaiveDate,
) -> Result<Figures> {
    Figures::compute(data, calendar, period, today)
}
