//! The wording of the work summary: counts with their measure words, money, areas, names and
//! the recurring clauses (targets, open cases, nothing recorded), in Chinese or English.

use rust_decimal::Decimal;

use super::figures::{Figures, Resolved, TargetProgress};
use super::{MEASURES, Unit};
use crate::ledger::i18n::Lang;
use crate::ledger::schema::Kind;
use crate::ledger::text::sanitize;
use crate::ledger::units;

/// A count in the customary approximate style when `approx` (rule in the module documentation).
pub fn approx_count(n: u64, lang: Lang, approx: bool) -> String {
    let step = if n >= 1000 { 100 } else { 10 };
    if !approx || n < 20 || n.is_multiple_of(step) {
        return n.to_string();
    }
    let floor = n / step * step;
    match lang {
        Lang::Zh => format!("{floor}余"),
        Lang::En => format!("over {floor}"),
    }
}

/// "83.3%", "100%".
pub fn percent_text(p: Decimal) -> String {
    format!("{}%", p.normalize())
}

/// Money in English: "1,205,000 yuan", "4,500.5 yuan".
pub(super) fn en_money(d: Decimal) -> String {
    let s = units::fixed(d, 2);
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |r| ("-", r));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{grouped} yuan")
    } else {
        format!("{sign}{grouped}.{frac} yuan")
    }
}

/// 亩 trimmed of trailing zeros, for targets ("400亩", not "400.0000亩").
pub(super) fn mu_short(d: Decimal) -> String {
    let s = units::mu(d);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub(super) struct W {
    pub(super) lang: Lang,
    pub(super) approx: bool,
}

impl W {
    pub(super) fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// A count with its measure word: "32件" / "32 matters".
    pub(super) fn n(&self, n: u64, zh_unit: &str, en_one: &str, en_many: &str) -> String {
        let s = approx_count(n, self.lang, self.approx);
        let word = if n == 1 { en_one } else { en_many };
        match self.lang {
            Lang::Zh => format!("{s}{zh_unit}"),
            Lang::En if word.is_empty() => s,
            Lang::En => format!("{s} {word}"),
        }
    }

    pub(super) fn i(&self, n: i64, zh_unit: &str, en_one: &str, en_many: &str) -> String {
        self.n(u64::try_from(n).unwrap_or(0), zh_unit, en_one, en_many)
    }

    pub(super) fn money(&self, d: Decimal) -> String {
        if self.zh() {
            units::money(d)
        } else {
            en_money(d)
        }
    }

    pub(super) fn m2(&self, d: Decimal) -> String {
        if self.zh() {
            format!("{}平方米", units::m2(d))
        } else {
            format!("{} m²", units::m2(d))
        }
    }

    pub(super) fn mu(&self, d: Decimal) -> String {
        if self.zh() {
            format!("{}亩", units::mu(d))
        } else {
            format!("{} mu", units::mu(d))
        }
    }

    pub(super) fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(zh, en)
    }

    /// A target figure with its unit; `bare` leaves the unit off (for "确保4000、力争4800平方米").
    pub(super) fn target_value(&self, unit: Unit, d: Decimal, bare: bool) -> String {
        match (unit, self.lang) {
            (Unit::Yuan, _) => self.money(d),
            (_, _) if bare => match unit {
                Unit::Mu => mu_short(d),
                _ => units::m2(d),
            },
            (Unit::Count(u), Lang::Zh) => format!("{}{u}", d.normalize()),
            (Unit::Count(_), Lang::En) => d.normalize().to_string(),
            (Unit::SquareMetres, _) => self.m2(d),
            (Unit::Mu, Lang::Zh) => format!("{}亩", mu_short(d)),
            (Unit::Mu, Lang::En) => format!("{} mu", mu_short(d)),
        }
    }

    pub(super) fn actual_value(&self, unit: Unit, d: Decimal) -> String {
        match unit {
            Unit::Count(u) => {
                let n = u64::try_from(d.trunc().mantissa()).unwrap_or(0);
                if self.zh() {
                    format!("{}{u}", approx_count(n, self.lang, self.approx))
                } else {
                    approx_count(n, self.lang, self.approx)
                }
            }
            Unit::SquareMetres => self.m2(d),
            Unit::Mu => self.mu(d),
            Unit::Yuan => self.money(d),
        }
    }

    /// How far a yearly target is: "全面完成今年确保4000、力争4800平方米的任务".
    pub(super) fn target_clause(&self, t: &TargetProgress, unit: Unit) -> String {
        let g_full = self.target_value(unit, t.guaranteed, false);
        let pct = |p: Option<Decimal>| p.map(percent_text).unwrap_or_else(|| "—".into());
        match (t.stretch, self.lang) {
            (Some(s), Lang::Zh) if t.actual >= s => {
                let unit_bare = !matches!(unit, Unit::Yuan);
                let g = self.target_value(unit, t.guaranteed, unit_bare);
                format!(
                    "全面完成今年确保{g}、力争{}的任务",
                    self.target_value(unit, s, false)
                )
            }
            (Some(s), Lang::Zh) if t.actual >= t.guaranteed => {
                format!(
                    "完成今年确保{g_full}的任务,达到力争目标{}的{}",
                    self.target_value(unit, s, false),
                    pct(t.stretch_pct)
                )
            }
            (Some(s), Lang::Zh) => {
                format!(
                    "完成今年确保{g_full}任务的{}(力争{})",
                    pct(t.guaranteed_pct),
                    self.target_value(unit, s, false)
                )
            }
            (None, Lang::Zh) if t.actual >= t.guaranteed => format!("全面完成今年{g_full}的任务"),
            (None, Lang::Zh) => format!("完成今年{g_full}任务的{}", pct(t.guaranteed_pct)),
            (Some(s), Lang::En) if t.actual >= s => format!(
                "fully meeting this year's guaranteed target of {g_full} and stretch target of {}",
                self.target_value(unit, s, false)
            ),
            (Some(s), Lang::En) if t.actual >= t.guaranteed => format!(
                "meeting this year's guaranteed target of {g_full} and reaching {} of the stretch target of {}",
                pct(t.stretch_pct),
                self.target_value(unit, s, false)
            ),
            (Some(s), Lang::En) => format!(
                "{} of this year's guaranteed target of {g_full} (stretch target {})",
                pct(t.guaranteed_pct),
                self.target_value(unit, s, false)
            ),
            (None, Lang::En) if t.actual >= t.guaranteed => {
                format!("fully meeting this year's target of {g_full}")
            }
            (None, Lang::En) => format!(
                "{} of this year's target of {g_full}",
                pct(t.guaranteed_pct)
            ),
        }
    }

    /// One sentence per target of `kind` (except those a section words itself).
    pub(super) fn target_sentences(&self, f: &Figures, kind: Kind, skip: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for t in f
            .targets
            .iter()
            .filter(|t| t.kind == kind && !skip.contains(&t.measure.as_str()))
        {
            let Some(m) = MEASURES
                .iter()
                .find(|m| m.kind == t.kind && m.key == t.measure)
            else {
                continue;
            };
            let clause = self.target_clause(t, m.unit);
            let actual = self.actual_value(m.unit, t.actual);
            out.push(match self.lang {
                Lang::Zh => format!("今年以来{}{actual},{clause}。", m.zh),
                Lang::En => format!("So far this year: {} {actual}, {clause}.", m.en),
            });
        }
        out
    }
}

pub(super) fn ordinal_zh(i: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(i)
        .copied()
        .unwrap_or("另")
}

pub(super) fn section_title(i: usize, zh: &str, en: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("## {}、{zh}", ordinal_zh(i)),
        Lang::En => format!("## {}. {en}", i + 1),
    }
}

/// Join names as the summaries do: "甲、乙、丙" / "A, B and C".
pub(super) fn join(items: &[String], lang: Lang) -> String {
    match lang {
        Lang::Zh => items.join("、"),
        Lang::En => match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        },
    }
}

pub(super) fn clean(s: &str) -> String {
    // Names go into Markdown: neutralise control characters and the characters that would
    // start markup in the middle of a sentence.
    sanitize(s)
        .replace(['*', '_', '`', '#', '[', ']'], "")
        .replace('\n', " ")
}

pub(super) fn dispute_zh(r: &Resolved) -> String {
    let what = match r.subtype.as_deref() {
        Some("injury") => "工伤",
        Some("contract") => "劳动合同",
        Some("insurance") => "社会保险",
        _ => "劳资",
    };
    let employer = clean(&r.employer);
    // The worker's shortened name keeps its asterisks (杜**), as the summaries print it.
    let worker = sanitize(&r.worker).replace('\n', " ");
    match (worker.is_empty(), r.workers) {
        (false, _) => format!("{employer}与其职工{worker}{what}纠纷"),
        (true, n) if n > 1 => format!("{employer}与{n}名职工{what}纠纷"),
        _ => format!("{employer}{what}纠纷"),
    }
}

pub(super) fn dispute_en(r: &Resolved) -> String {
    let what = match r.subtype.as_deref() {
        Some("injury") => "work-injury",
        Some("contract") => "labour-contract",
        Some("insurance") => "social-insurance",
        _ => "wage",
    };
    let employer = clean(&r.employer);
    let worker = sanitize(&r.worker).replace('\n', " ");
    match (worker.is_empty(), r.workers) {
        (false, _) => format!("the {what} dispute between {employer} and its worker {worker}"),
        (true, n) if n > 1 => format!("the {what} dispute between {employer} and {n} workers"),
        _ => format!("the {what} dispute at {employer}"),
    }
}

pub(super) fn structure_zh(s: Option<&str>) -> &'static str {
    match s {
        Some("brick_concrete") => "砖混结构建筑",
        Some("steel") => "钢结构建筑",
        Some("shed") => "简易棚",
        _ => "违章建筑",
    }
}

pub(super) fn structure_en(s: Option<&str>) -> &'static str {
    match s {
        Some("brick_concrete") => "a brick-concrete building",
        Some("steel") => "a steel-frame building",
        Some("shed") => "a simple shed",
        _ => "an illegal structure",
    }
}

pub(super) fn holdout_zh(reason: &str, n: &str, policies: &[String]) -> String {
    match reason {
        "standard_dispute" if !policies.is_empty() => {
            format!(
                "{n}农户对补偿标准有异议,涉及{}的问题",
                policies
                    .iter()
                    .map(|p| clean(p))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        }
        "standard_dispute" => format!("{n}农户对补偿标准有异议"),
        "refuses_payment" => format!("部分农户不愿意领取补偿款,共{n}"),
        "boundary_dispute" => format!("部分农户地界冲突,尚未调解清楚,共{n}"),
        "refuses_to_sign" => format!("{n}农户拒绝签订补偿协议"),
        _ => format!("{n}农户因其他原因未签约"),
    }
}

pub(super) fn holdout_en(reason: &str, n: &str, policies: &[String]) -> String {
    match reason {
        "standard_dispute" if !policies.is_empty() => format!(
            "disputes over the compensation standard, {n} ({})",
            policies
                .iter()
                .map(|p| clean(p))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        "standard_dispute" => format!("disputes over the compensation standard, {n}"),
        "refuses_payment" => format!("refusing to collect compensation, {n}"),
        "boundary_dispute" => format!("boundary disputes not yet settled, {n}"),
        "refuses_to_sign" => format!("refusing to sign the agreement, {n}"),
        _ => format!("not signed for other reasons, {n}"),
    }
}

pub(super) fn none_sentence(w: &W, lead: &str) -> String {
    match w.lang {
        Lang::Zh => format!("{lead}台账未记录此类事项。"),
        Lang::En => format!("{lead}, the ledger records none."),
    }
}

/// "；截至6月30日仍在办理3件，其中逾期1件。" — and the sentence's full stop.
pub(super) fn open_clause(
    w: &W,
    open: u64,
    overdue: u64,
    end_text: &str,
    verb_zh: &str,
    unit_zh: &str,
) -> String {
    if open == 0 {
        return w.pick("。", ".").to_string();
    }
    match w.lang {
        Lang::Zh => format!(
            ";期末{verb_zh}{}{}。",
            w.n(open, unit_zh, "", ""),
            if overdue > 0 {
                format!(",其中逾期{}", w.n(overdue, unit_zh, "", ""))
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "; as of {end_text}, {} open{}.",
            w.n(open, "", "remains", "remain"),
            if overdue > 0 {
                format!(", {} of them overdue", w.n(overdue, "", "", ""))
            } else {
                String::new()
            }
        ),
    }
}

pub(super) fn push_targets(out: &mut Vec<String>, w: &W, f: &Figures, kind: Kind, skip: &[&str]) {
    let t = w.target_sentences(f, kind, skip);
    if !t.is_empty() {
        out.push(t.join(if w.zh() { "" } else { " " }));
    }
}
