//! The figures section of a work summary as Markdown, in the register of the office's own
//! summaries ("上半年共参与协调事件32件、协调次数54次,涉及612人次…"), or in plain English.
//!
//! Figures are exact. With `approx`, counts (件, 次, 人次, 户, 人, 处) take the customary rounding:
//! below 20 and at a round number they stay exact; from 20 to 999 they are floored to the tens
//! ("32件" → "30余件"); from 1000 to the hundreds ("1234人次" → "1200余人次"). Areas, amounts and
//! rates always stay exact.

use chrono::Datelike;
use rust_decimal::Decimal;

use super::Unit;
use super::figures::{Figures, Named, PetitionOutcome, Resolved};
use super::period::date_text;
use super::wording::{
    W, approx_count, clean, dispute_en, dispute_zh, holdout_en, holdout_zh, join, none_sentence,
    open_clause, ordinal_zh, percent_text, push_targets, section_title, structure_en, structure_zh,
};
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::i18n::Lang;
use crate::ledger::schema::Kind;

/// The order named collective petitions are listed in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Most people first (the summaries' habit).
    #[default]
    Size,
    /// By registration date, earliest first.
    Date,
}

impl Order {
    pub fn parse(s: &str) -> Result<Order> {
        match s.trim().to_ascii_lowercase().as_str() {
            "size" | "people" | "人数" | "规模" => Ok(Order::Size),
            "date" | "opened" | "日期" | "时间" => Ok(Order::Date),
            other => Err(LedgerError::BadValue {
                what: "order".into(),
                value: other.into(),
                hint: "use date (earliest first) or size (most people first)".into(),
            }),
        }
    }
}

/// What a report says, beyond its figures.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    /// Counts in the customary approximate style (see the module documentation).
    pub approx: bool,
    /// The sections to print, in report order; None: every section with something recorded.
    pub sections: Option<Vec<Kind>>,
    pub order: Order,
    /// The typical cases (典型) the office chose to name; None: every case the record supports.
    pub names: Option<Vec<String>>,
}

impl Options {
    pub fn new(lang: Lang, approx: bool) -> Options {
        Options {
            lang,
            approx,
            sections: None,
            order: Order::Size,
            names: None,
        }
    }
}

const SECTIONS_HINT: &str = "use petition, labour, land, hazard, demolition (or 信访, 劳资纠纷, 征地补偿, 安全生产, 违建拆除), separated by commas, or all";

/// `petition,labour` → the sections of those kinds, in report order. Kinds by key, code or
/// label, or the sections' own names (信访维稳, 安全生产, 违建拆除…); `all` is every section.
pub fn parse_sections(s: &str) -> Result<Vec<Kind>> {
    let mut kinds = Vec::new();
    for item in s.split([',', '，', '、']).map(str::trim) {
        if item.is_empty() {
            continue;
        }
        if item.eq_ignore_ascii_case("all") || item == "全部" {
            return Ok(Kind::ALL.to_vec());
        }
        let kind = Kind::parse(item).or_else(|| {
            let lower = item.to_ascii_lowercase();
            Some(match lower.as_str() {
                "信访维稳"
                | "矛盾纠纷"
                | "信访维稳与矛盾纠纷调处"
                | "coordination"
                | "petitions" => Kind::Petition,
                "劳资" | "劳资纠纷调处" | "disputes" | "wages" => Kind::Labour,
                "征地" | "requisition" => Kind::Land,
                "安全生产" | "安全" | "隐患" | "safety" | "hazards" => Kind::Hazard,
                "违建" | "拆违" | "违章建筑" | "structures" | "demolitions" => {
                    Kind::Demolition
                }
                _ => return None,
            })
        });
        match kind {
            Some(k) if !kinds.contains(&k) => kinds.push(k),
            Some(_) => {}
            None => {
                return Err(LedgerError::BadValue {
                    what: "section".into(),
                    value: item.into(),
                    hint: SECTIONS_HINT.into(),
                });
            }
        }
    }
    if kinds.is_empty() {
        return Err(LedgerError::BadValue {
            what: "sections".into(),
            value: s.trim().into(),
            hint: SECTIONS_HINT.into(),
        });
    }
    kinds.sort_by_key(|k| Kind::ALL.iter().position(|x| x == k));
    Ok(kinds)
}

/// The cases a report may name as typical in `f`'s period: labour disputes closed in it by
/// agreement or award, and collective petitions closed satisfied without escalation.
pub fn typical(f: &Figures) -> Vec<String> {
    f.labour
        .resolved
        .iter()
        .filter(|r| r.outcome.resolved())
        .map(|r| r.id.clone())
        .chain(
            f.petition
                .named
                .iter()
                .filter(|n| n.outcome == PetitionOutcome::Stabilised)
                .map(|n| n.id.clone()),
        )
        .collect()
}

/// Refuse a name the record does not support as a typical case of the period.
pub fn check_names(f: &Figures, names: &[String]) -> Result<()> {
    let ok = typical(f);
    for n in names {
        if !ok.iter().any(|id| id.eq_ignore_ascii_case(n.trim())) {
            return Err(LedgerError::BadValue {
                what: "--name".into(),
                value: n.trim().into(),
                hint: format!(
                    "name a labour dispute closed by agreement or award, or a collective petition closed satisfied and not escalated, in {}{}",
                    f.period.title(Lang::En),
                    if ok.is_empty() {
                        " (the record supports none)".to_string()
                    } else {
                        format!(": {}", ok.join(", "))
                    }
                ),
            });
        }
    }
    Ok(())
}

fn chosen(names: &Option<Vec<String>>, id: &str) -> bool {
    names
        .as_ref()
        .is_none_or(|n| n.iter().any(|x| x.trim().eq_ignore_ascii_case(id)))
}

fn named_text(w: &W, n: &Named) -> String {
    let name = clean(&n.name);
    match w.lang {
        Lang::Zh if n.households > 0 => format!(
            "{name}{}{}",
            w.i(n.households, "户", "", ""),
            w.i(n.people, "人", "", "")
        ),
        Lang::Zh => format!("{name}{}", w.i(n.people, "人", "", "")),
        Lang::En if n.households > 0 => format!(
            "{name} ({}, {})",
            w.i(n.households, "", "household", "households"),
            w.i(n.people, "", "person", "people")
        ),
        Lang::En => format!("{name} ({})", w.i(n.people, "", "person", "people")),
    }
}

/// At most three of `items` (all of them when the office chose them) and whether the list was
/// cut short: "等" only then.
fn shown<T>(items: &[T], all: bool) -> (&[T], bool) {
    if all || items.len() <= 3 {
        (items, false)
    } else {
        (&items[..3], true)
    }
}

/// The figures section of a work summary for `f`'s period, as Markdown, every section with
/// something recorded.
pub fn markdown(f: &Figures, lang: Lang, approx: bool) -> String {
    markdown_with(f, &Options::new(lang, approx))
}

/// The figures section as `o` chooses: which sections, which typical cases, in which order.
pub fn markdown_with(f: &Figures, o: &Options) -> String {
    let (lang, approx) = (o.lang, o.approx);
    let w = W { lang, approx };
    let lead = f.period.lead(lang, f.today);
    let end_text = date_text(f.end, lang, true);
    let mut head: Vec<String> = Vec::new();
    head.push(match lang {
        Lang::Zh => format!("# {}工作总结·主要数据", f.period.title(lang)),
        Lang::En => format!("# Work summary figures: {}", f.period.title(lang)),
    });
    head.push(match lang {
        Lang::Zh => format!(
            "> 统计期间:{}至{};期末数据截至{end_text}。数字由台账按报表口径计算{}。",
            date_text(f.period.from, lang, true),
            date_text(f.period.to, lang, true),
            if approx { ",计数取约数" } else { "" }
        ),
        Lang::En => format!(
            "> Period: {} to {}; standing figures as of {end_text}. Computed from the ledger by the reporting rules{}.",
            date_text(f.period.from, lang, true),
            date_text(f.period.to, lang, true),
            if approx { "; counts rounded down as customary" } else { "" }
        ),
    });
    // Each section: its kind, whether it has anything to say, its paragraphs.
    let mut sections: Vec<(Kind, bool, Vec<String>)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let has_targets = |k: Kind| f.targets.iter().any(|t| t.kind == k);

    // 一、信访维稳与矛盾纠纷调处
    let co = &f.coordination;
    let pe = &f.petition;
    let la = &f.labour;
    let mut p = String::new();
    if co.matters == 0 {
        p.push_str(&match lang {
            Lang::Zh => format!("{lead}台账未记录信访和劳资纠纷事件。"),
            Lang::En => format!("{lead}, the ledger records no petitions or labour disputes."),
        });
    } else {
        let rate = co.satisfaction_rate.map(percent_text);
        p.push_str(&match lang {
            Lang::Zh => format!(
                "{lead}共参与协调事件{}、协调次数{},涉及{}{}。",
                w.n(co.matters, "件", "", ""),
                w.n(co.rounds, "次", "", ""),
                w.n(co.person_times, "人次", "", ""),
                rate.as_ref().map(|r| format!(",满意率{r}")).unwrap_or_default()
            ),
            Lang::En => format!(
                "{lead}, the office took part in coordinating {} (petitions and labour disputes) in {}, involving {}{}.",
                w.n(co.matters, "", "matter", "matters"),
                w.n(co.rounds, "", "round", "rounds"),
                w.n(co.person_times, "", "person-time", "person-times"),
                rate.as_ref().map(|r| format!("; satisfaction rate {r}")).unwrap_or_default()
            ),
        });
        let mut items: Vec<String> = Vec::new();
        let chose = o.names.is_some();
        // Only disputes that ended in an agreement or an award are 成功化解.
        let resolved: Vec<&Resolved> = la
            .resolved
            .iter()
            .filter(|r| r.outcome.resolved() && chosen(&o.names, &r.id))
            .collect();
        if !resolved.is_empty() {
            let (first, more) = shown(&resolved, chose);
            let names: Vec<String> = first
                .iter()
                .map(|r| if w.zh() { dispute_zh(r) } else { dispute_en(r) })
                .collect();
            let total = resolved.len() as u64;
            items.push(match lang {
                Lang::Zh if more => format!(
                    "成功化解{}等{}劳资纠纷",
                    names.join(","),
                    w.n(total, "件", "", "")
                ),
                Lang::Zh => format!("成功化解{}", names.join(",")),
                Lang::En if more => format!(
                    "resolved {} labour disputes, among them {}",
                    approx_count(total, lang, approx),
                    join(&names, lang)
                ),
                Lang::En => format!("resolved {}", join(&names, lang)),
            });
        }
        let mut named: Vec<&Named> = pe.named.iter().collect();
        if o.order == Order::Date {
            named.sort_by(|a, b| a.opened.cmp(&b.opened).then_with(|| a.id.cmp(&b.id)));
        }
        let of = |outcome: PetitionOutcome| -> Vec<&Named> {
            named
                .iter()
                .copied()
                .filter(|n| n.outcome == outcome)
                .collect()
        };
        let stabilised: Vec<&Named> = of(PetitionOutcome::Stabilised)
            .into_iter()
            .filter(|n| chosen(&o.names, &n.id))
            .collect();
        let mut clauses: Vec<String> = Vec::new();
        if !stabilised.is_empty() {
            let (first, more) = shown(&stabilised, chose);
            let list: Vec<String> = first.iter().map(|n| named_text(&w, n)).collect();
            clauses.push(match lang {
                Lang::Zh => format!(
                    "成功稳控{}{}上访事件",
                    list.join("、"),
                    if more { "等" } else { "" }
                ),
                Lang::En => format!(
                    "collective petitions closed to the petitioners' satisfaction: {}{}",
                    join(&list, lang),
                    if more { ", among others" } else { "" }
                ),
            });
        }
        // Whatever did not end satisfied is said as the record has it.
        for (outcome, zh, en) in [
            (
                PetitionOutcome::Escalated,
                "发生越级访",
                "went over the office's head (越级访)",
            ),
            (
                PetitionOutcome::Dissatisfied,
                "已办结,群众不满意",
                "closed with the petitioners dissatisfied",
            ),
            (
                PetitionOutcome::Referred,
                "依法不予受理或导入法定途径",
                "refused or referred to the statutory channel",
            ),
            (PetitionOutcome::Open, "仍在办理中", "still being handled"),
        ] {
            let these = of(outcome);
            if these.is_empty() {
                continue;
            }
            let (first, more) = shown(&these, false);
            let list: Vec<String> = first.iter().map(|n| named_text(&w, n)).collect();
            clauses.push(match lang {
                Lang::Zh => format!(
                    "{}{}上访事件{zh}",
                    list.join("、"),
                    if more { "等" } else { "" }
                ),
                Lang::En => format!(
                    "{}{} {en}",
                    join(&list, lang),
                    if more { " and others" } else { "" }
                ),
            });
        }
        if !clauses.is_empty() {
            items.push(clauses.join(w.pick(";", "; ")));
        }
        for (i, it) in items.iter().enumerate() {
            match lang {
                Lang::Zh => p.push_str(&format!("{}是{it}。", ordinal_zh(i))),
                Lang::En => {
                    let mut c = it.chars();
                    let cap: String = c
                        .next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default();
                    p.push_str(&format!(" {cap}."));
                }
            }
        }
    }
    out.push(p);
    let prow = f.row(Kind::Petition);
    if pe.handled > 0 || pe.opened > 0 {
        let mut s = match lang {
            Lang::Zh => format!(
                "{lead}登记信访事项{},办理{},办结{}",
                w.n(pe.opened, "件", "", ""),
                w.n(pe.handled, "件", "", ""),
                w.n(pe.closed, "件", "", "")
            ),
            Lang::En => format!(
                "{lead}, {} registered, {} handled and {} closed",
                w.n(pe.opened, "", "petition was", "petitions were"),
                w.n(pe.handled, "", "", ""),
                w.n(pe.closed, "", "", "")
            ),
        };
        if pe.people > 0 {
            s.push_str(&match lang {
                Lang::Zh => format!(
                    ",涉及群众{}{}{}",
                    w.i(pe.people, "人", "", ""),
                    if pe.households > 0 {
                        format!("、{}", w.i(pe.households, "户", "", ""))
                    } else {
                        String::new()
                    },
                    if pe.batches > 0 {
                        format!(",来访{}", w.i(pe.batches, "批次", "", ""))
                    } else {
                        String::new()
                    }
                ),
                Lang::En => format!(
                    ", involving {}{}{}",
                    w.i(pe.people, "", "person", "people"),
                    if pe.households > 0 {
                        format!(
                            " from {}",
                            w.i(pe.households, "", "household", "households")
                        )
                    } else {
                        String::new()
                    },
                    if pe.batches > 0 {
                        format!(" in {}", w.i(pe.batches, "", "batch", "batches"))
                    } else {
                        String::new()
                    }
                ),
            });
        }
        s.push_str(&open_clause(
            &w,
            pe.open,
            prow.overdue,
            &end_text,
            "仍在办理",
            "件",
        ));
        let r = &f.rates;
        s.push_str(&match lang {
            Lang::Zh => format!(
                "信访事项及时受理率{}、按期办结率{}、群众满意率{}、重复访率{}{}。",
                r.timely_acceptance.text(lang),
                r.answered_on_time.text(lang),
                r.satisfaction.text(lang),
                r.repeat.text(lang),
                if pe.escalated > 0 {
                    format!(",发生越级访{}", w.n(pe.escalated, "件", "", ""))
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                " Accepted on time: {}; answered on time: {}; satisfaction: {}; repeat petitions: {}{}.",
                r.timely_acceptance.text(lang),
                r.answered_on_time.text(lang),
                r.satisfaction.text(lang),
                r.repeat.text(lang),
                if pe.escalated > 0 {
                    format!(
                        "; {} went over the office's head",
                        w.n(pe.escalated, "", "petition", "petitions")
                    )
                } else {
                    String::new()
                }
            ),
        });
        out.push(s);
    }
    push_targets(&mut out, &w, f, Kind::Petition, &[]);
    sections.push((
        Kind::Petition,
        co.matters > 0 || pe.handled > 0 || pe.opened > 0 || has_targets(Kind::Petition),
        std::mem::take(&mut out),
    ));

    // 二、劳资纠纷
    let lrow = f.row(Kind::Labour);
    if la.handled == 0 && la.opened == 0 {
        out.push(none_sentence(&w, &lead));
    } else {
        let mut s = match lang {
            Lang::Zh => format!(
                "{lead}共调处劳资纠纷{},其中新登记{},办结{}{}",
                w.n(la.handled, "件", "", ""),
                w.n(la.opened, "件", "", ""),
                w.n(la.closed, "件", "", ""),
                if la.withdrawn > 0 {
                    format!("(其中申请人撤回或放弃{})", w.n(la.withdrawn, "件", "", ""))
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                "{lead}, {} handled ({} newly registered) and {} closed{}",
                w.n(la.handled, "", "labour dispute was", "labour disputes were"),
                w.n(la.opened, "", "", ""),
                w.n(la.closed, "", "", ""),
                if la.withdrawn > 0 {
                    format!(
                        ", {} of them withdrawn or abandoned",
                        w.n(la.withdrawn, "", "", "")
                    )
                } else {
                    String::new()
                }
            ),
        };
        if la.workers > 0 {
            s.push_str(&match lang {
                Lang::Zh => format!(",涉及职工{}", w.i(la.workers, "人", "", "")),
                Lang::En => format!(", involving {}", w.i(la.workers, "", "worker", "workers")),
            });
        }
        if !la.claimed.is_zero() || !la.recovered.is_zero() {
            let rate = f.rates.recovery.text(lang);
            s.push_str(&match lang {
                Lang::Zh => format!(
                    ";涉及金额{},已追回{},追回率{rate}",
                    w.money(la.claimed),
                    w.money(la.recovered),
                ),
                Lang::En => format!(
                    "; {} was claimed and {} recovered (recovery rate {rate})",
                    w.money(la.claimed),
                    w.money(la.recovered),
                ),
            });
        }
        s.push_str(&open_clause(
            &w,
            la.open,
            lrow.overdue,
            &end_text,
            "仍在调处",
            "件",
        ));
        out.push(s);
    }
    push_targets(&mut out, &w, f, Kind::Labour, &[]);
    sections.push((
        Kind::Labour,
        la.handled > 0 || la.opened > 0 || has_targets(Kind::Labour),
        std::mem::take(&mut out),
    ));

    // 三、征地补偿
    let ld = &f.land;
    if ld.households == 0 {
        out.push(none_sentence(&w, &lead));
    } else {
        let mut s = String::new();
        for p in ld.projects.iter().take(3) {
            let name = if p.project.is_empty() {
                w.pick("征地工作", "Requisition without a project")
                    .to_string()
            } else {
                clean(&p.project)
            };
            let stages: Vec<String> = [
                (p.signed, "已签约", "signed"),
                (p.paid, "已兑付", "paid"),
                (p.handed_over, "已交地", "handed over"),
                (p.holdouts, "未签", "holding out"),
            ]
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, zh, en)| match lang {
                Lang::Zh => format!("{zh}{}", w.n(*n, "户", "", "")),
                Lang::En => format!("{} {en}", w.n(*n, "", "", "")),
            })
            .collect();
            let stages = if stages.is_empty() {
                w.pick("均未签约", "none signed yet").to_string()
            } else {
                stages.join(w.pick("、", ", "))
            };
            let paid = if p.compensation_paid.is_zero() {
                w.pick("尚未兑付", "nothing paid yet").to_string()
            } else {
                String::new()
            };
            s.push_str(&match lang {
                Lang::Zh => format!(
                    "{name}共涉及{}、面积{},{stages};应兑付补偿款{},{}{}。",
                    w.n(p.households, "户", "", ""),
                    w.mu(p.area_mu),
                    w.money(p.compensation_due),
                    if paid.is_empty() {
                        format!("已兑付{}", w.money(p.compensation_paid))
                    } else {
                        paid.clone()
                    },
                    if p.outstanding.is_zero() || !paid.is_empty() {
                        String::new()
                    } else {
                        format!(",尚有{}未兑付", w.money(p.outstanding))
                    }
                ),
                Lang::En => format!(
                    "{name}: {}, {}; {stages}; compensation due {}, {}{}. ",
                    w.n(p.households, "", "household", "households"),
                    w.mu(p.area_mu),
                    w.money(p.compensation_due),
                    if paid.is_empty() {
                        format!("paid {}", w.money(p.compensation_paid))
                    } else {
                        paid.clone()
                    },
                    if p.outstanding.is_zero() || !paid.is_empty() {
                        String::new()
                    } else {
                        format!(", outstanding {}", w.money(p.outstanding))
                    }
                ),
            });
            if !p.approved_mu.is_zero() {
                s.push_str(&match lang {
                    Lang::Zh => format!("完成建设用地报批{},剩余{}未完成农转用。", w.mu(p.approved_mu), w.mu(p.awaiting_mu)),
                    Lang::En => format!(
                        "{} has been approved for construction use; {} still awaits conversion from farmland. ",
                                                w.mu(p.approved_mu),
                        w.mu(p.awaiting_mu)
                    ),
                });
            } else if !p.awaiting_mu.is_zero() {
                s.push_str(&match lang {
                    Lang::Zh => format!("已征收土地{}尚未完成建设用地报批。", w.mu(p.awaiting_mu)),
                    Lang::En => format!(
                        "{} acquired still awaits approval for construction use. ",
                        w.mu(p.awaiting_mu)
                    ),
                });
            }
        }
        if ld.projects.len() > 3 {
            let rest = &ld.projects[3..];
            let n: u64 = rest.iter().map(|p| p.households).sum();
            s.push_str(&match lang {
                Lang::Zh => format!("另有{}个项目共{}。", rest.len(), w.n(n, "户", "", "")),
                Lang::En => format!(
                    "{} more projects have {}. ",
                    rest.len(),
                    w.n(n, "", "household", "households")
                ),
            });
            s.push_str(&match lang {
                Lang::Zh => format!(
                    "全部项目应兑付补偿款{},已兑付{},尚有{}未兑付。",
                    w.money(ld.compensation_due),
                    w.money(ld.compensation_paid),
                    w.money(ld.outstanding)
                ),
                Lang::En => format!(
                    "Across all projects compensation due is {}, paid {}, outstanding {}.",
                    w.money(ld.compensation_due),
                    w.money(ld.compensation_paid),
                    w.money(ld.outstanding)
                ),
            });
        }
        out.push(s.trim_end().to_string());
        let mut s = String::new();
        let flows: Vec<String> = [
            (ld.signed_in_period, "新签约", "signed"),
            (ld.paid_in_period, "兑付", "paid"),
            (ld.handed_over_in_period, "交地", "handed over their land"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, zh, en)| match lang {
            Lang::Zh => format!("{zh}{}", w.n(*n, "户", "", "")),
            Lang::En => format!("{} {en}", w.n(*n, "", "household", "households")),
        })
        .collect();
        if !flows.is_empty() {
            s.push_str(&match lang {
                Lang::Zh => format!("{lead}{}。", flows.join("、")),
                Lang::En => format!("{lead}, {}. ", join(&flows, lang)),
            });
        }
        if !s.is_empty() {
            out.push(s.trim_end().to_string());
        }
        if !ld.holdouts.is_empty() {
            let parts: Vec<String> = ld
                .holdouts
                .iter()
                .map(|c| match lang {
                    Lang::Zh => {
                        holdout_zh(&c.key, &w.n(c.count, "户", "", ""), &ld.standard_policies)
                    }
                    Lang::En => holdout_en(
                        &c.key,
                        &w.n(c.count, "", "household", "households"),
                        &ld.standard_policies,
                    ),
                })
                .collect();
            out.push(match lang {
                Lang::Zh => format!(
                    "存在的问题:{}。",
                    parts
                        .iter()
                        .enumerate()
                        .map(|(i, p)| format!("{}是{p}", ordinal_zh(i)))
                        .collect::<Vec<_>>()
                        .join(";")
                ),
                Lang::En => format!("Outstanding problems: {}.", parts.join("; ")),
            });
        }
        let decided = ld
            .by_stage
            .iter()
            .find(|c| c.key == "decided")
            .map_or(0, |c| c.count);
        if decided > 0 {
            out.push(match lang {
                Lang::Zh => format!(
                    "对{}未签约农户依法作出征地补偿安置决定。",
                    w.n(decided, "户", "", "")
                ),
                Lang::En => format!(
                    "Compensation decisions have been issued for {} that did not sign.",
                    w.n(decided, "", "household", "households")
                ),
            });
        }
    }
    push_targets(&mut out, &w, f, Kind::Land, &[]);
    sections.push((
        Kind::Land,
        ld.households > 0 || has_targets(Kind::Land),
        std::mem::take(&mut out),
    ));

    // 四、安全生产
    let hz = &f.hazard;
    let mut s = match (lang, hz.inspections, hz.drills) {
        (Lang::Zh, 0, 0) => format!("{lead}台账未记录安全检查和应急演练。"),
        (Lang::En, 0, 0) => format!("{lead}, the ledger records no safety inspections or drills."),
        (Lang::Zh, 0, d) => format!("{lead}参加{}应急演练。", w.n(d, "次", "", "")),
        (Lang::En, 0, d) => format!(
            "{lead}, {} held.",
            w.n(d, "", "emergency drill was", "emergency drills were")
        ),
        (Lang::Zh, _, 0) => format!(
            "{lead}共计开展安全检查工作{}。",
            w.n(hz.inspections, "次", "", "")
        ),
        (Lang::Zh, _, d) => format!(
            "{lead}共计开展安全检查工作{},参加{}应急演练。",
            w.n(hz.inspections, "次", "", ""),
            w.n(d, "次", "", "")
        ),
        (Lang::En, _, 0) => format!(
            "{lead}, {} carried out.",
            w.n(
                hz.inspections,
                "",
                "safety inspection was",
                "safety inspections were"
            )
        ),
        (Lang::En, _, d) => format!(
            "{lead}, {} carried out and {} held.",
            w.n(
                hz.inspections,
                "",
                "safety inspection was",
                "safety inspections were"
            ),
            w.n(d, "", "emergency drill", "emergency drills")
        ),
    };
    if hz.found > 0 {
        let mut grades: Vec<String> = Vec::new();
        if w.zh() {
            if hz.found_general > 0 {
                grades.push(format!("一般隐患{}", w.n(hz.found_general, "处", "", "")));
            }
            if hz.found_major > 0 {
                grades.push(format!("重大隐患{}", w.n(hz.found_major, "处", "", "")));
            }
            if hz.found_ungraded > 0 {
                grades.push(format!("尚未定级{}", w.n(hz.found_ungraded, "处", "", "")));
            }
        } else {
            if hz.found_general > 0 {
                grades.push(format!("{} general", w.n(hz.found_general, "", "", "")));
            }
            if hz.found_major > 0 {
                grades.push(format!("{} major", w.n(hz.found_major, "", "", "")));
            }
            if hz.found_ungraded > 0 {
                grades.push(format!(
                    "{} not yet graded",
                    w.n(hz.found_ungraded, "", "", "")
                ));
            }
        }
        let rate = f.rates.rectification.text(lang);
        s.push_str(&match lang {
            Lang::Zh => format!(
                "排查发现安全隐患{},其中{},已整改销号{},整改率{rate}",
                w.n(hz.found, "处", "", ""),
                grades.join("、"),
                w.n(hz.rectified, "处", "", "")
            ),
            Lang::En => format!(
                " {} found ({}), of which {} rectified and closed, a rectification rate of {rate}",
                w.n(hz.found, "", "hazard was", "hazards were"),
                grades.join(", "),
                w.n(hz.rectified, "", "", "")
            ),
        });
        if hz.rectified_earlier > 0 {
            s.push_str(&match lang {
                Lang::Zh => format!(
                    ";另整改销号此前发现的隐患{}",
                    w.n(hz.rectified_earlier, "处", "", "")
                ),
                Lang::En => format!(
                    "; {} found earlier {} also closed",
                    w.n(hz.rectified_earlier, "", "hazard", "hazards"),
                    if hz.rectified_earlier == 1 {
                        "was"
                    } else {
                        "were"
                    }
                ),
            });
        }
        s.push_str(w.pick("。", "."));
    } else if hz.rectified_earlier > 0 {
        s.push_str(&match lang {
            Lang::Zh => format!(
                "整改销号此前发现的隐患{}。",
                w.n(hz.rectified_earlier, "处", "", "")
            ),
            Lang::En => format!(
                " {} found earlier {} closed.",
                w.n(hz.rectified_earlier, "", "hazard", "hazards"),
                if hz.rectified_earlier == 1 {
                    "was"
                } else {
                    "were"
                }
            ),
        });
    }
    if hz.open > 0 {
        s.push_str(&match lang {
            Lang::Zh => format!(
                "截至{},尚有{}隐患正在整改{}{}。",
                date_text(f.end, lang, false),
                w.n(hz.open, "处", "", ""),
                if hz.open_major > 0 {
                    format!(",其中重大隐患{}", w.n(hz.open_major, "处", "", ""))
                } else {
                    String::new()
                },
                if hz.overdue > 0 {
                    format!(",逾期未整改{}", w.n(hz.overdue, "处", "", ""))
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                " As of {end_text}, {} still being rectified{}{}.",
                w.n(hz.open, "", "hazard is", "hazards are"),
                if hz.open_major > 0 {
                    format!(", {} of them major", w.n(hz.open_major, "", "", ""))
                } else {
                    String::new()
                },
                if hz.overdue > 0 {
                    format!(", {} past the deadline", w.n(hz.overdue, "", "", ""))
                } else {
                    String::new()
                }
            ),
        });
    }
    let on_time = &f.rates.rectified_on_time;
    if on_time.denominator > Decimal::ZERO {
        s.push_str(&match lang {
            Lang::Zh => format!(
                "应按期整改隐患{},按期完成{},按期整改率{}。",
                w.n(dec_count(on_time.denominator), "处", "", ""),
                w.n(dec_count(on_time.numerator), "处", "", ""),
                on_time.text(lang)
            ),
            Lang::En => format!(
                " Of {} due for rectification, {} rectified on time ({}).",
                w.n(dec_count(on_time.denominator), "", "hazard", "hazards"),
                w.n(dec_count(on_time.numerator), "", "was", "were"),
                on_time.text(lang)
            ),
        });
    }
    out.push(s.trim().to_string());
    push_targets(&mut out, &w, f, Kind::Hazard, &[]);
    sections.push((
        Kind::Hazard,
        hz.inspections > 0
            || hz.drills > 0
            || hz.found > 0
            || hz.rectified_earlier > 0
            || hz.open > 0
            || f.rates.rectified_on_time.denominator > Decimal::ZERO
            || has_targets(Kind::Hazard),
        std::mem::take(&mut out),
    ));

    // 五、违建拆除
    let dm = &f.demolition;
    let area_target = f
        .targets
        .iter()
        .find(|t| t.kind == Kind::Demolition && t.measure == "area_demolished_m2");
    let from_new_year = f.period.from.ordinal() == 1 && f.period.to.year() == f.period.from.year();
    let dm_row = f.row(Kind::Demolition);
    if dm.area_m2.is_zero()
        && dm.area_year_m2.is_zero()
        && dm_row.handled == 0
        && area_target.is_none()
    {
        out.push(none_sentence(&w, &lead));
    } else {
        let clause = area_target.map(|t| w.target_clause(t, Unit::SquareMetres));
        let mut s = match lang {
            Lang::Zh if from_new_year => format!(
                "截至{},{lead}已累计拆除违章建筑{}",
                date_text(f.end, lang, false),
                w.m2(dm.area_m2)
            ),
            Lang::Zh => format!("{lead}拆除违章建筑{}", w.m2(dm.area_m2)),
            Lang::En if from_new_year => format!(
                "As of {end_text}, {} of illegal structures had been demolished",
                w.m2(dm.area_m2)
            ),
            Lang::En => format!(
                "{lead}, {} of illegal structures were demolished",
                w.m2(dm.area_m2)
            ),
        };
        if !from_new_year {
            s.push_str(&match lang {
                Lang::Zh => format!(",今年以来累计拆除{}", w.m2(dm.area_year_m2)),
                Lang::En => format!(", {} so far this year", w.m2(dm.area_year_m2)),
            });
        }
        if let Some(c) = clause {
            s.push_str(&format!("{}{c}", w.pick(",", ", ")));
        }
        if !dm.area_state_m2.is_zero() || !dm.area_collective_m2.is_zero() {
            let mut parts = Vec::new();
            if !dm.area_state_m2.is_zero() {
                parts.push(match lang {
                    Lang::Zh => format!("国有资产范围内拆除{}", w.m2(dm.area_state_m2)),
                    Lang::En => format!("{} on state-owned land", w.m2(dm.area_state_m2)),
                });
            }
            if !dm.area_collective_m2.is_zero() {
                parts.push(match lang {
                    Lang::Zh => format!("集体土地上拆除{}", w.m2(dm.area_collective_m2)),
                    Lang::En => format!("{} on collective land", w.m2(dm.area_collective_m2)),
                });
            }
            s.push_str(&match lang {
                Lang::Zh => format!(",其中{}", parts.join("、")),
                Lang::En => format!("; of this, {}", join(&parts, lang)),
            });
        }
        s.push_str(w.pick("。", "."));
        if let Some((first, rest)) = dm.self_demolitions.split_first() {
            s.push_str(&match lang {
                Lang::Zh => format!(
                    "通过与企业有效沟通,引导企业自行拆除,{}拆除了{}{}",
                    clean(&first.owner),
                    structure_zh(first.structure.as_deref()),
                    w.m2(first.area_m2)
                ),
                Lang::En => format!(
                    " Owners were persuaded to demolish their own structures: {} took down {} of {}",
                    clean(&first.owner),
                    w.m2(first.area_m2),
                    structure_en(first.structure.as_deref())
                ),
            });
            if !rest.is_empty() {
                let names: Vec<String> = rest.iter().take(3).map(|s| clean(&s.owner)).collect();
                let sum: Decimal = rest.iter().map(|s| s.area_m2).sum();
                s.push_str(&match lang {
                    Lang::Zh => format!(
                        ",{}{}也自行拆除了{}",
                        names.join("、"),
                        if rest.len() > 3 { "等" } else { "" },
                        w.m2(sum)
                    ),
                    Lang::En => format!(
                        ", and {}{}{} demolished {}",
                        join(&names, lang),
                        if rest.len() > 3 { " and others" } else { "" },
                        if rest.len() > 1 { " together" } else { "" },
                        w.m2(sum)
                    ),
                });
            }
            s.push_str(w.pick("。", "."));
        }
        out.push(s.trim().to_string());
        let mut s = match lang {
            Lang::Zh => format!(
                "{lead}巡查发现违建{},完成拆除{}",
                w.n(dm.found, "处", "", ""),
                w.n(dm.demolished, "处", "", "")
            ),
            Lang::En => format!(
                "{lead}, {} found and {} demolished",
                w.n(
                    dm.found,
                    "",
                    "illegal structure was",
                    "illegal structures were"
                ),
                w.n(dm.demolished, "", "", "")
            ),
        };
        if !dm.area_enforced_m2.is_zero() {
            s.push_str(&match lang {
                Lang::Zh => format!(",其中依法强制拆除{}", w.m2(dm.area_enforced_m2)),
                Lang::En => format!(", {} of it by enforcement", w.m2(dm.area_enforced_m2)),
            });
        }
        // Demolished but not yet verified is demolished: said apart from what is still dealt with.
        let waiting = dm.awaiting_verification;
        match (waiting, lang) {
            (0, _) => s.push_str(&open_clause(
                &w,
                dm.open,
                dm.overdue,
                &end_text,
                "正在处置",
                "处",
            )),
            (_, Lang::Zh) => s.push_str(&format!(
                ";期末已拆除待验收{}{}。",
                w.n(waiting, "处", "", ""),
                if dm.open > 0 {
                    format!(
                        "、正在处置{}{}",
                        w.n(dm.open, "处", "", ""),
                        if dm.overdue > 0 {
                            format!(",其中逾期{}", w.n(dm.overdue, "处", "", ""))
                        } else {
                            String::new()
                        }
                    )
                } else {
                    String::new()
                }
            )),
            (_, Lang::En) => s.push_str(&format!(
                "; as of {end_text}, {} demolished and awaiting verification{}.",
                w.n(waiting, "", "is", "are"),
                if dm.open > 0 {
                    format!(
                        " and {} still being dealt with{}",
                        w.n(dm.open, "", "", ""),
                        if dm.overdue > 0 {
                            format!(", {} of them overdue", w.n(dm.overdue, "", "", ""))
                        } else {
                            String::new()
                        }
                    )
                } else {
                    String::new()
                }
            )),
        }
        out.push(s);
    }
    push_targets(&mut out, &w, f, Kind::Demolition, &["area_demolished_m2"]);
    let dm_said = !(dm.area_m2.is_zero()
        && dm.area_year_m2.is_zero()
        && dm_row.handled == 0
        && area_target.is_none())
        || has_targets(Kind::Demolition);
    sections.push((Kind::Demolition, dm_said, std::mem::take(&mut out)));

    // The sections asked for, or those with something to say, numbered as printed.
    let mut shown: Vec<(Kind, Vec<String>)> = match &o.sections {
        Some(kinds) => sections
            .into_iter()
            .filter(|(k, _, _)| kinds.contains(k))
            .map(|(k, _, p)| (k, p))
            .collect(),
        None => sections
            .into_iter()
            .filter(|(_, said, _)| *said)
            .map(|(k, _, p)| (k, p))
            .collect(),
    };
    let mut out = head;
    if shown.is_empty() {
        out.push(match lang {
            Lang::Zh => format!("{lead}台账未记录信访、劳资纠纷、征地补偿、安全隐患和违建拆除事项。"),
            Lang::En => format!(
                "{lead}, the ledger records no petitions, labour disputes, land requisition, safety hazards or illegal structures."
            ),
        });
    }
    for (i, (kind, paragraphs)) in shown.iter_mut().enumerate() {
        let (zh, en) = section_name(*kind);
        out.push(section_title(i, zh, en, lang));
        out.append(paragraphs);
    }
    let mut text = out.join("\n\n");
    text.push('\n');
    text
}

/// A count held as a decimal (a rate's numerator or denominator).
fn dec_count(d: Decimal) -> u64 {
    u64::try_from(d.trunc().mantissa()).unwrap_or(0)
}

/// The heading of a kind's section.
fn section_name(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Petition => (
            "信访维稳与矛盾纠纷调处",
            "Petitions and dispute coordination",
        ),
        Kind::Labour => ("劳资纠纷调处", "Labour disputes"),
        Kind::Land => ("征地补偿", "Land requisition and compensation"),
        Kind::Hazard => ("安全生产", "Work safety"),
        Kind::Demolition => ("违建拆除", "Illegal structures"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::wording::en_money;
    use super::*;

    #[test]
    fn approximate_counts_floor_to_the_tens() {
        let a = |n| approx_count(n, Lang::Zh, true);
        assert_eq!(a(32), "30余");
        assert_eq!(a(54), "50余");
        assert_eq!(a(612), "610余");
        assert_eq!(a(1234), "1200余");
        assert_eq!(a(19), "19");
        assert_eq!(a(30), "30");
        assert_eq!(a(2000), "2000");
        assert_eq!(approx_count(32, Lang::Zh, false), "32");
        assert_eq!(approx_count(32, Lang::En, true), "over 30");
    }

    #[test]
    fn english_money_groups_thousands() {
        assert_eq!(en_money("1205000".parse().unwrap()), "1,205,000 yuan");
        assert_eq!(en_money("4500.5".parse().unwrap()), "4,500.5 yuan");
        assert_eq!(en_money("999".parse().unwrap()), "999 yuan");
    }
}
