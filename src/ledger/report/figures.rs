//! The figures of a period, computed in one pass over the cases and their histories (the rules
//! are in the module documentation of `report`).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::Data;
use super::MEASURES;
use super::period::Period;
use super::rates::{OnTime, Rate, Rates, on_time};
use super::replay::{
    Day, SeenNotes, Snap, WindowTotals, day_no, head_due, open_before, snapshot, tally,
};
use crate::ledger::calendar::Calendar;
use crate::ledger::error::Result;
use crate::ledger::schema::Kind;
use crate::ledger::store::{Fact, Head, What};
use crate::ledger::target::Target;

/// Everything the summary, the report and its JSON say about a period.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub period: Period,
    /// The day stocks are taken on: the period's last day, or today if that is earlier.
    pub end: NaiveDate,
    pub today: NaiveDate,
    /// One row per kind, in the order of [`Kind::ALL`].
    pub kinds: Vec<KindRow>,
    /// Open cases overdue at the end, most overdue first (at most ten).
    pub most_overdue: Vec<OverdueItem>,
    pub coordination: Coordination,
    pub petition: PetitionFigures,
    pub labour: LabourFigures,
    pub land: LandFigures,
    pub hazard: HazardFigures,
    pub demolition: DemolitionFigures,
    /// The targets of the year the period ends in, measured from 1 January to the end.
    pub targets: Vec<TargetProgress>,
    /// The assessment rates (考核指标), defined in `report::rates`.
    pub rates: Rates,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KindRow {
    pub kind: Option<Kind>,
    pub handled: u64,
    pub opened: u64,
    pub closed: u64,
    pub reopened: u64,
    pub extended: u64,
    pub open: u64,
    pub overdue: u64,
    /// Open and due within 7 days of the end (not overdue).
    pub due_soon: u64,
    /// Open with a party's window lapsed or a waiting period run at the end: the follow-on step
    /// (close, enforce, apply to the court) may be taken; nobody is late.
    pub lapsed: u64,
    /// Open and waiting at the end: the office may not act before a date (可于…后).
    pub waiting: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueItem {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub assignee: Option<String>,
    pub due: NaiveDate,
    pub days_overdue: i64,
}

/// 协调: petitions and labour disputes together, as the summaries count "协调事件".
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coordination {
    /// Petitions and labour disputes handled in the period.
    pub matters: u64,
    pub rounds: u64,
    pub person_times: u64,
    /// Petitions closed in the period with a satisfaction recorded.
    pub rated: u64,
    pub satisfied: u64,
    pub basically_satisfied: u64,
    pub dissatisfied: u64,
    /// (satisfied + basically satisfied) ÷ rated, in percent to one decimal.
    pub satisfaction_rate: Option<Decimal>,
}

/// A case named in a report, with the figures the sentence gives.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
    pub people: i64,
    pub households: i64,
    pub opened: NaiveDate,
    /// How it stood at the end: what a report may say of it.
    pub outcome: PetitionOutcome,
}

/// How a collective petition stood at the period's end, as the record shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PetitionOutcome {
    /// Closed satisfied or basically satisfied, never escalated: 成功稳控.
    Stabilised,
    /// Flagged 越级访 (escalated past the office).
    Escalated,
    /// Closed with the petitioners dissatisfied.
    Dissatisfied,
    /// Refused or diverted to the statutory channel (不予受理, 导入法定途径).
    Referred,
    /// Still being handled.
    Open,
}

/// How a labour dispute closed in the period ended, as the record shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeOutcome {
    /// Closed after a mediation agreement (调解成功, 履行中): 成功化解.
    Agreement,
    /// Closed after an award (已裁决, 诉讼, 执行): 成功化解.
    Award,
    /// Closed with neither: withdrawn or abandoned after mediation failed (撤回).
    Withdrawn,
}

impl DisputeOutcome {
    /// Whether a report may call it 成功化解.
    pub fn resolved(self) -> bool {
        self != DisputeOutcome::Withdrawn
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PetitionFigures {
    pub handled: u64,
    pub opened: u64,
    pub closed: u64,
    pub open: u64,
    /// Sums over the petitions handled (values at the end).
    pub people: i64,
    pub households: i64,
    pub batches: i64,
    /// Person-times of petitions: their coordination notes in the period, plus the
    /// `person_times` of those opened in it.
    pub person_times: u64,
    pub rounds: u64,
    /// Collective petitions (collective flag, or five or more people) handled.
    pub collective: u64,
    /// Petitions handled that were flagged 越级访 (escalated).
    pub escalated: u64,
    /// Petitions registered in the period flagged 重复访 (repeat).
    pub repeat: u64,
    /// The collective petitions handled, most people first.
    pub named: Vec<Named>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    pub id: String,
    pub employer: String,
    /// The worker as a report may name them: a personal name shortened to the surname (杜**).
    pub worker: String,
    pub workers: i64,
    pub subtype: Option<String>,
    pub closed: NaiveDate,
    pub outcome: DisputeOutcome,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LabourFigures {
    pub handled: u64,
    pub opened: u64,
    pub closed: u64,
    pub open: u64,
    pub workers: i64,
    /// Claimed and recovered of the disputes handled, as recorded at the end.
    pub claimed: Decimal,
    pub recovered: Decimal,
    /// Recovered amounts recorded in the period (all disputes).
    pub recovered_in_period: Decimal,
    pub rounds: u64,
    pub person_times: u64,
    /// Disputes closed in the period, however they ended (see [`Resolved::outcome`]): those
    /// naming a worker first (the summaries name them), then by the number of workers, then in
    /// order of closing.
    pub resolved: Vec<Resolved>,
    /// Of them, the disputes withdrawn or abandoned.
    pub withdrawn: u64,
    /// recovered ÷ claimed, in percent to one decimal.
    pub recovery_rate: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub key: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ProjectFigures {
    pub project: String,
    pub households: u64,
    pub area_mu: Decimal,
    pub approved_mu: Decimal,
    /// Land acquired (signed or past, or decided) or marked not approved, and not yet approved:
    /// what awaits conversion from farmland (未完成农转用).
    pub awaiting_mu: Decimal,
    /// Households at or past signing (signed, paid, handed over).
    pub signed: u64,
    /// Households paid or handed over.
    pub paid: u64,
    pub handed_over: u64,
    pub holdouts: u64,
    pub compensation_due: Decimal,
    pub compensation_paid: Decimal,
    pub outstanding: Decimal,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LandFigures {
    /// Households registered by the end.
    pub households: u64,
    /// Households by stage at the end, in workflow order (stages with none left out).
    pub by_stage: Vec<Count>,
    /// Households holding out at the end, by reason, most first.
    pub holdouts: Vec<Count>,
    /// The policy references recorded on holdouts disputing the standard (e.g. 水田15%返还).
    pub standard_policies: Vec<String>,
    pub area_mu: Decimal,
    pub approved_mu: Decimal,
    /// See [`ProjectFigures::awaiting_mu`].
    pub awaiting_mu: Decimal,
    pub compensation_due: Decimal,
    pub compensation_paid: Decimal,
    /// Σ max(due − paid, 0) per household.
    pub outstanding: Decimal,
    pub signed_in_period: u64,
    pub paid_in_period: u64,
    pub handed_over_in_period: u64,
    /// Projects with the most households first (all of them; a report shows the first few).
    pub projects: Vec<ProjectFigures>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct HazardFigures {
    pub found: u64,
    pub found_general: u64,
    pub found_major: u64,
    pub found_ungraded: u64,
    /// Of the hazards found in the period, those closed by its end.
    pub rectified: u64,
    /// Hazards found before the period and closed in it.
    pub rectified_earlier: u64,
    /// rectified ÷ found, in percent to one decimal.
    pub rectification_rate: Option<Decimal>,
    pub open: u64,
    pub open_major: u64,
    pub overdue: u64,
    pub inspections: u64,
    pub drills: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SelfDemolition {
    pub id: String,
    pub owner: String,
    pub structure: Option<String>,
    pub area_m2: Decimal,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DemolitionFigures {
    pub found: u64,
    /// Structures that entered `demolished` or `enforced` in the period.
    pub demolished: u64,
    /// Area recorded as demolished in the period, and of it by land ownership and method.
    pub area_m2: Decimal,
    pub area_state_m2: Decimal,
    pub area_collective_m2: Decimal,
    pub area_self_m2: Decimal,
    pub area_enforced_m2: Decimal,
    /// From 1 January of the period's last year to its end (what yearly targets measure).
    pub area_year_m2: Decimal,
    /// Open at the end and not yet demolished.
    pub open: u64,
    /// Demolished (or enforced) at the end, awaiting verification (验收): demolished, not
    /// still being dealt with.
    pub awaiting_verification: u64,
    pub overdue: u64,
    /// Self-demolitions in the period by owner, largest first.
    pub self_demolitions: Vec<SelfDemolition>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetProgress {
    pub kind: Kind,
    pub measure: String,
    pub year: i32,
    pub guaranteed: Decimal,
    pub stretch: Option<Decimal>,
    pub actual: Decimal,
    /// actual ÷ guaranteed in percent, one decimal.
    pub guaranteed_pct: Option<Decimal>,
    pub stretch_pct: Option<Decimal>,
}

/// `num ÷ den` in percent, rounded half-up to one decimal; None when `den` is zero.
pub fn pct(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    Some(
        (num * Decimal::ONE_HUNDRED / den)
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

/// A worker's personal name shortened to the surname as the summaries print it (杜**); other
/// parties (companies, "12名职工") are kept.
pub fn short_name(s: &str) -> String {
    let s = s.trim();
    let n = s.chars().count();
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    if (2..=4).contains(&n) && s.chars().all(cjk) && !s.ends_with("公司") && !s.ends_with("职工")
    {
        let first: String = s.chars().take(1).collect();
        format!("{first}**")
    } else {
        s.to_string()
    }
}

fn count_vec(map: BTreeMap<String, u64>, order: &[&str]) -> Vec<Count> {
    let mut v: Vec<Count> = map
        .into_iter()
        .map(|(key, count)| Count { key, count })
        .collect();
    let pos = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
    v.sort_by(|a, b| {
        pos(&a.key)
            .cmp(&pos(&b.key))
            .then_with(|| a.key.cmp(&b.key))
    });
    v
}

impl Figures {
    pub fn compute(
        data: &Data,
        calendar: &Calendar,
        period: &Period,
        today: NaiveDate,
    ) -> Result<Figures> {
        Figures::compute_with(data, calendar, period, today, true)
    }

    /// `pass_over`: leave out, unread, the cases no figure can count (see below); without it
    /// every case is read, which must give the same figures (tests/report_demo.rs compares).
    pub fn compute_with(
        data: &Data,
        calendar: &Calendar,
        period: &Period,
        today: NaiveDate,
        pass_over: bool,
    ) -> Result<Figures> {
        let end = period.end(today);
        let year = period.to.year();
        let year_from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(period.from);
        let ytd_end = end.max(year_from);
        let mut rows: BTreeMap<Kind, KindRow> = Kind::ALL
            .iter()
            .map(|k| {
                (
                    *k,
                    KindRow {
                        kind: Some(*k),
                        ..Default::default()
                    },
                )
            })
            .collect();
        let mut most_overdue = Vec::new();
        let mut period_totals = WindowTotals::default();
        let mut ytd = WindowTotals::default();
        let mut co = Coordination::default();
        let mut pe = PetitionFigures::default();
        let mut la = LabourFigures::default();
        let mut ld = LandFigures::default();
        let mut hz = HazardFigures::default();
        let mut dm = DemolitionFigures::default();
        let mut land_stage: BTreeMap<String, u64> = BTreeMap::new();
        let mut holdouts: BTreeMap<String, u64> = BTreeMap::new();
        let mut policies: Vec<String> = Vec::new();
        let mut projects: BTreeMap<String, ProjectFigures> = BTreeMap::new();
        let mut self_by_owner: BTreeMap<String, SelfDemolition> = BTreeMap::new();
        let (mut accepted, mut answered, mut rectified) =
            (OnTime::default(), OnTime::default(), OnTime::default());

        // A case closed before the period (and the year) began, registered before it, with
        // nothing in its history on or after that day, counts in no flow and in no stock but
        // land's: such cases (most of an old ledger) are passed over without reading their facts.
        let first = day_no(period.from.min(year_from));
        let counted = |case: &Head, latest: Day| {
            !pass_over
                || case.kind == Kind::Land
                || case.is_open()
                || day_no(case.opened) >= first
                || latest >= first
        };
        let mut snap = Snap::default();
        // Shared notes already counted, in the period and from 1 January.
        let (mut seen, mut seen_ytd) = (SeenNotes::default(), SeenNotes::default());
        let mut cases = data.cases();
        while let Some((case, events, days)) = cases.next(counted)? {
            let case = &case;
            let kind = case.kind;
            let def = kind.def();
            let t = tally(kind, events, days, period.from, period.to, &mut seen);
            let exists = case.opened <= end;
            snapshot(&mut snap, case, events, days, end);
            // Targets measure 1 January to the end; with a period that starts on 1 January and
            // has ended, that is the period itself.
            if year_from == period.from && ytd_end == period.to {
                ytd.add(case, &snap, &t, year_from, ytd_end);
            } else {
                let ty = tally(kind, events, days, year_from, ytd_end, &mut seen_ytd);
                ytd.add(case, &snap, &ty, year_from, ytd_end);
            }
            period_totals.add(case, &snap, &t, period.from, period.to);

            let ot = on_time(
                case,
                events,
                days,
                period.from,
                period.to,
                end,
                &data.rule_set,
                calendar,
            );
            for (sum, one) in [
                (&mut accepted, ot.accepted),
                (&mut answered, ot.answered),
                (&mut rectified, ot.rectified),
            ] {
                sum.on_time += one.on_time;
                sum.due += one.due;
            }

            let opened_in = period.contains(case.opened);
            let handled = case.opened <= period.to
                && (t.touched || open_before(case, events, days, period.from));
            let open_at_end = exists && !def.is_terminal(snap.state);
            let row = rows.entry(kind).or_default();
            row.handled += u64::from(handled);
            row.opened += u64::from(opened_in);
            row.closed += u64::from(t.closed.is_some());
            row.reopened += u64::from(t.reopened);
            row.extended += u64::from(t.extended);
            let mut overdue = false;
            // A company's rectification deadline passed without a re-inspection request
            // (逾期未整改): the company's lateness, not the office's.
            let mut lapsed = false;
            if open_at_end {
                row.open += 1;
                if case.is_open()
                    && let Some(d) = head_due(case, &data.rule_set, calendar, end)
                    && !d.paused
                {
                    use crate::ledger::deadline::Standing;
                    let standing = d.standing(end);
                    lapsed = standing == Standing::WindowLapsed;
                    row.lapsed += u64::from(matches!(
                        standing,
                        Standing::WindowLapsed | Standing::Allowed
                    ));
                    row.waiting += u64::from(matches!(standing, Standing::NotBefore(_)));
                    if d.overdue(end) {
                        overdue = true;
                        row.overdue += 1;
                        most_overdue.push(OverdueItem {
                            id: case.id.to_string(),
                            kind,
                            title: case.title().to_string(),
                            assignee: case.assignee.map(String::from),
                            due: d.date,
                            days_overdue: (end - d.date).num_days(),
                        });
                    } else if d.is_duty() && (d.date - end).num_days() <= 7 {
                        row.due_soon += 1;
                    }
                }
            }

            match kind {
                Kind::Petition => {
                    let pt = u64::from(opened_in)
                        .saturating_mul(u64::try_from(snap.int("person_times")).unwrap_or(0));
                    pe.rounds += u64::from(t.rounds);
                    pe.person_times += t.people + pt;
                    pe.repeat += u64::from(opened_in && snap.flag("repeat"));
                    if handled {
                        pe.handled += 1;
                        pe.escalated += u64::from(snap.flag("escalated"));
                        pe.people += snap.int("people");
                        pe.households += snap.int("households");
                        pe.batches += snap.int("batches");
                        if snap.flag("collective") || snap.int("people") >= 5 {
                            pe.collective += 1;
                            let name = [
                                case.party().trim(),
                                case.location().trim(),
                                case.title().trim(),
                            ]
                            .into_iter()
                            .find(|s| !s.is_empty())
                            .unwrap_or_default()
                            .to_string();
                            let outcome = if snap.flag("escalated") {
                                PetitionOutcome::Escalated
                            } else {
                                match (snap.state, snap.text("satisfaction")) {
                                    ("closed", Some("satisfied" | "basically")) => {
                                        PetitionOutcome::Stabilised
                                    }
                                    ("closed", Some("dissatisfied")) => {
                                        PetitionOutcome::Dissatisfied
                                    }
                                    (s, _) if def.is_terminal(s) && s != "closed" => {
                                        PetitionOutcome::Referred
                                    }
                                    _ => PetitionOutcome::Open,
                                }
                            };
                            pe.named.push(Named {
                                id: case.id.to_string(),
                                name,
                                people: snap.int("people"),
                                households: snap.int("households"),
                                opened: case.opened,
                                outcome,
                            });
                        }
                    }
                    pe.opened += u64::from(opened_in);
                    pe.open += u64::from(open_at_end);
                    if t.closed.is_some() {
                        pe.closed += 1;
                        match snap.text("satisfaction") {
                            Some("satisfied") => co.satisfied += 1,
                            Some("basically") => co.basically_satisfied += 1,
                            Some("dissatisfied") => co.dissatisfied += 1,
                            _ => {}
                        }
                    }
                }
                Kind::Labour => {
                    la.rounds += u64::from(t.rounds);
                    la.person_times += t.people;
                    la.recovered_in_period += t.recovered;
                    if handled {
                        la.handled += 1;
                        la.workers += snap.int("workers");
                        la.claimed += snap.dec("amount_claimed");
                        la.recovered += snap.dec("amount_recovered");
                    }
                    la.opened += u64::from(opened_in);
                    la.open += u64::from(open_at_end);
                    if let Some(closed) = t.closed {
                        la.closed += 1;
                        let outcome = dispute_outcome(events, days, period.from, period.to);
                        la.withdrawn += u64::from(!outcome.resolved());
                        la.resolved.push(Resolved {
                            id: case.id.to_string(),
                            employer: snap
                                .text("employer")
                                .unwrap_or(case.title().trim())
                                .to_string(),
                            worker: short_name(case.party()),
                            workers: snap.int("workers"),
                            subtype: snap.text("subtype").map(String::from),
                            closed,
                            outcome,
                        });
                    }
                }
                Kind::Land => {
                    ld.signed_in_period += u64::from(t.reached("signed"));
                    ld.paid_in_period += u64::from(t.reached("paid"));
                    ld.handed_over_in_period += u64::from(t.reached("handed_over"));
                    if exists {
                        ld.households += 1;
                        *land_stage.entry(snap.state.to_string()).or_default() += 1;
                        let area = snap.dec("area_mu");
                        let approved = snap.flag("approved");
                        let due_amt = snap.dec("compensation_due");
                        let paid_amt = snap.dec("compensation_paid");
                        let outstanding = (due_amt - paid_amt).max(Decimal::ZERO);
                        ld.area_mu += area;
                        let explicit_no =
                            snap.get("approved").and_then(|v| v.as_bool()) == Some(false);
                        let acquired =
                            matches!(snap.state, "signed" | "paid" | "handed_over" | "decided");
                        let awaiting = !approved && (explicit_no || acquired);
                        if approved {
                            ld.approved_mu += area;
                        }
                        if awaiting {
                            ld.awaiting_mu += area;
                        }
                        ld.compensation_due += due_amt;
                        ld.compensation_paid += paid_amt;
                        ld.outstanding += outstanding;
                        let holding = snap.state == "holdout";
                        if holding {
                            let reason = snap.text("holdout_reason").unwrap_or("other").to_string();
                            if reason == "standard_dispute"
                                && let Some(p) = snap.text("policy_note")
                                && !policies.iter().any(|x| x == p)
                            {
                                policies.push(p.to_string());
                            }
                            *holdouts.entry(reason).or_default() += 1;
                        }
                        let name = snap.text("project").unwrap_or("").to_string();
                        let p = projects
                            .entry(name.clone())
                            .or_insert_with(|| ProjectFigures {
                                project: name,
                                ..Default::default()
                            });
                        p.households += 1;
                        p.area_mu += area;
                        if approved {
                            p.approved_mu += area;
                        }
                        if awaiting {
                            p.awaiting_mu += area;
                        }
                        p.signed +=
                            u64::from(matches!(snap.state, "signed" | "paid" | "handed_over"));
                        p.paid += u64::from(matches!(snap.state, "paid" | "handed_over"));
                        p.handed_over += u64::from(snap.state == "handed_over");
                        p.holdouts += u64::from(holding);
                        p.compensation_due += due_amt;
                        p.compensation_paid += paid_amt;
                        p.outstanding += outstanding;
                    }
                }
                Kind::Hazard => {
                    if opened_in {
                        hz.found += 1;
                        match snap.text("grade") {
                            Some("general") => hz.found_general += 1,
                            Some("major") => hz.found_major += 1,
                            _ => hz.found_ungraded += 1,
                        }
                        if exists && def.is_terminal(snap.state) {
                            hz.rectified += 1;
                        }
                    } else if t.closed.is_some() {
                        hz.rectified_earlier += 1;
                    }
                    if open_at_end {
                        hz.open += 1;
                        hz.open_major += u64::from(snap.text("grade") == Some("major"));
                        hz.overdue += u64::from(overdue || lapsed);
                    }
                }
                Kind::Demolition => {
                    dm.found += u64::from(opened_in);
                    dm.demolished += u64::from(t.reached("demolished") || t.reached("enforced"));
                    dm.area_m2 += t.area;
                    match snap.text("land_ownership") {
                        Some("state") => dm.area_state_m2 += t.area,
                        Some("collective") => dm.area_collective_m2 += t.area,
                        _ => {}
                    }
                    match snap.text("method") {
                        Some("self") => {
                            dm.area_self_m2 += t.area;
                            if !t.area.is_zero() {
                                let owner = snap
                                    .text("owner")
                                    .unwrap_or(case.party().trim())
                                    .to_string();
                                let s = self_by_owner.entry(owner.clone()).or_insert_with(|| {
                                    SelfDemolition {
                                        id: case.id.to_string(),
                                        owner,
                                        structure: snap.text("structure").map(String::from),
                                        area_m2: Decimal::ZERO,
                                    }
                                });
                                s.area_m2 += t.area;
                            }
                        }
                        Some("enforced") => dm.area_enforced_m2 += t.area,
                        _ => {}
                    }
                    if open_at_end {
                        if matches!(snap.state, "demolished" | "enforced") {
                            dm.awaiting_verification += 1;
                        } else {
                            dm.open += 1;
                        }
                        dm.overdue += u64::from(overdue);
                    }
                }
            }
        }

        // Coordination: petitions and labour disputes together.
        co.matters = pe.handled + la.handled;
        co.rounds = pe.rounds + la.rounds;
        co.person_times = pe.person_times + la.person_times;
        co.rated = co.satisfied + co.basically_satisfied + co.dissatisfied;
        co.satisfaction_rate = pct(
            Decimal::from(co.satisfied + co.basically_satisfied),
            Decimal::from(co.rated),
        );
        pe.named
            .sort_by(|a, b| b.people.cmp(&a.people).then_with(|| a.id.cmp(&b.id)));
        la.resolved.sort_by(|a, b| {
            (
                a.worker.is_empty(),
                std::cmp::Reverse(a.workers),
                a.closed,
                &a.id,
            )
                .cmp(&(
                    b.worker.is_empty(),
                    std::cmp::Reverse(b.workers),
                    b.closed,
                    &b.id,
                ))
        });

        let land_states: Vec<&str> = Kind::Land
            .def()
            .states
            .iter()
            .map(|s| s.key.as_str())
            .collect();
        ld.by_stage = count_vec(land_stage, &land_states);
        let mut h = count_vec(
            holdouts,
            &[
                "standard_dispute",
                "refuses_payment",
                "boundary_dispute",
                "refuses_to_sign",
                "other",
            ],
        );
        h.sort_by_key(|c| std::cmp::Reverse(c.count));
        ld.holdouts = h;
        ld.standard_policies = policies;
        let mut pv: Vec<ProjectFigures> = projects.into_values().collect();
        pv.sort_by(|a, b| {
            b.households
                .cmp(&a.households)
                .then_with(|| a.project.cmp(&b.project))
        });
        ld.projects = pv;

        hz.rectification_rate = pct(Decimal::from(hz.rectified), Decimal::from(hz.found));
        la.recovery_rate = pct(la.recovered, la.claimed);
        let rates = Rates {
            timely_acceptance: accepted.rate(),
            answered_on_time: answered.rate(),
            satisfaction: Rate::counts(co.satisfied + co.basically_satisfied, co.rated),
            repeat: Rate::counts(pe.repeat, pe.opened),
            rectification: Rate::counts(hz.rectified, hz.found),
            rectified_on_time: rectified.rate(),
            recovery: Rate::of(la.recovered, la.claimed),
        };
        hz.inspections = period_totals.inspections();
        hz.drills = period_totals.drills;

        dm.area_year_m2 = ytd.area;
        let mut sd: Vec<SelfDemolition> = self_by_owner.into_values().collect();
        sd.sort_by(|a, b| {
            b.area_m2
                .cmp(&a.area_m2)
                .then_with(|| a.owner.cmp(&b.owner))
        });
        dm.self_demolitions = sd;

        most_overdue.sort_by(|a, b| {
            b.days_overdue
                .cmp(&a.days_overdue)
                .then_with(|| a.id.cmp(&b.id))
        });
        most_overdue.truncate(10);

        Ok(Figures {
            period: *period,
            end,
            today,
            kinds: rows.into_values().collect(),
            most_overdue,
            coordination: co,
            petition: pe,
            labour: la,
            land: ld,
            hazard: hz,
            demolition: dm,
            targets: progress(&data.targets, year, &ytd),
            rates,
        })
    }

    /// The row of one kind.
    pub fn row(&self, kind: Kind) -> KindRow {
        self.kinds
            .iter()
            .find(|r| r.kind == Some(kind))
            .cloned()
            .unwrap_or_default()
    }

    /// The totals over every kind.
    pub fn total(&self) -> KindRow {
        let mut t = KindRow::default();
        for r in &self.kinds {
            t.handled += r.handled;
            t.opened += r.opened;
            t.closed += r.closed;
            t.reopened += r.reopened;
            t.extended += r.extended;
            t.open += r.open;
            t.overdue += r.overdue;
            t.due_soon += r.due_soon;
            t.lapsed += r.lapsed;
            t.waiting += r.waiting;
        }
        t
    }
}

/// How a labour dispute closed in `[from, to]` ended: by the state its last close in the period
/// left. A close after an agreement or an award resolved it; a close from 调解不成 (or straight
/// from registration or mediation) is a withdrawal or an abandonment.
fn dispute_outcome(facts: &[Fact], days: &[Day], from: NaiveDate, to: NaiveDate) -> DisputeOutcome {
    let (from, to) = (day_no(from), day_no(to));
    let def = Kind::Labour.def();
    let left = facts
        .iter()
        .zip(days)
        .rev()
        .filter(|(_, d)| from <= **d && **d <= to)
        .find_map(|(f, _)| match f.what {
            What::State { from: was, to: now } if def.is_terminal(now) => Some(was),
            _ => None,
        });
    match left {
        Some("settled" | "paying") => DisputeOutcome::Agreement,
        Some("awarded" | "litigation" | "enforcing") => DisputeOutcome::Award,
        _ => DisputeOutcome::Withdrawn,
    }
}

/// Progress of the year's targets from the totals of 1 January to the end.
pub(super) fn progress(
    targets: &[Target],
    year: i32,
    totals: &WindowTotals,
) -> Vec<TargetProgress> {
    let mut out: Vec<TargetProgress> = targets
        .iter()
        .filter(|t| t.year == year)
        .filter_map(|t| {
            let actual = totals.value(t.kind, &t.measure)?;
            Some(TargetProgress {
                kind: t.kind,
                measure: t.measure.clone(),
                year: t.year,
                guaranteed: t.guaranteed,
                stretch: t.stretch,
                actual,
                guaranteed_pct: pct(actual, t.guaranteed),
                stretch_pct: t.stretch.and_then(|s| pct(actual, s)),
            })
        })
        .collect();
    let order = |t: &TargetProgress| {
        MEASURES
            .iter()
            .position(|m| m.kind == t.kind && m.key == t.measure)
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(order);
    out
}

#[cfg(test)]
mod tests;
