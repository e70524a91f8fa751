//! How a case reads: its fields with their labels and units, its due date in words, personal data
//! masked. Shared by the command line, the interface and exports; free of any drawing code.

use chrono::NaiveDate;

use super::access::mask_value;
use super::deadline::{Due, Standing};
use super::i18n::Lang;
use super::model::Case;
use super::schema::{PeriodKind, common_label};

/// The due date in words, by what it means: the office's duty ("2026-05-30 剩3天",
/// "2026-05-15 ⚠逾期5天"), a party's window ("2026-05-30 当事人期限剩3天", "2026-05-15 期满未申请复查
/// → 下一步:办结"), a waiting period ("可于2026-06-01后"), or "—". Overdue is marked by a symbol, not
/// colour alone, and only the office's own duty is ever overdue.
pub fn due_cell(due: Option<&Due>, today: NaiveDate, lang: Lang) -> String {
    let Some(d) = due else {
        return "—".to_string();
    };
    let date = d.date.format("%Y-%m-%d");
    let offer = || {
        if !d.offered(today) {
            return String::new();
        }
        let names: Vec<&str> = d
            .offer
            .iter()
            .map(|(_, zh, en)| lang.pick(zh, en))
            .collect();
        format!(" → {}{}", lang.pick("下一步:", "next: "), names.join("/"))
    };
    match d.standing(today) {
        Standing::Paused => format!("{date} {}", lang.pick("⏸暂停", "⏸paused")),
        Standing::Overdue(n) => format!(
            "{date} ⚠{}",
            match lang {
                Lang::Zh => format!("逾期{n}天"),
                Lang::En => format!("{n}d overdue"),
            }
        ),
        Standing::Late(n) => match lang {
            Lang::Zh => format!("{date} {}超期{n}天", d.by.as_deref().unwrap_or("")),
            Lang::En => format!("{date} {n}d past {}'s limit", d.by.as_deref().unwrap_or("")),
        },
        Standing::DueIn(0) => format!("{date} {}", lang.pick("今天到期", "due today")),
        Standing::DueIn(l) => match (lang, d.earliest) {
            (Lang::Zh, Some(_)) => format!("须于{date}前 剩{l}天"),
            (Lang::En, Some(_)) => format!("by {date}, {l}d left"),
            (Lang::Zh, None) => format!("{date} 剩{l}天"),
            (Lang::En, None) => format!("{date} {l}d left"),
        },
        Standing::WindowOpen(0) => {
            format!(
                "{date} {}",
                lang.pick("当事人期限今天届满", "party's window ends today")
            )
        }
        Standing::WindowOpen(l) => match lang {
            Lang::Zh => format!("{date} 当事人期限剩{l}天"),
            Lang::En => format!("{date} party's window, {l}d left"),
        },
        Standing::WindowLapsed => format!("{date} {}{}", d.lapsed(lang), offer()),
        Standing::NotBefore(after) => {
            let after = after.format("%Y-%m-%d");
            match (lang, d.kind) {
                (Lang::Zh, PeriodKind::Range) => format!("可于{after}后 须于{date}前"),
                (Lang::En, PeriodKind::Range) => format!("not before {after}, by {date}"),
                (Lang::Zh, _) => format!("可于{after}后"),
                (Lang::En, _) => format!("not before {after}"),
            }
        }
        Standing::Allowed => format!("{date} {}{}", d.lapsed(lang), offer()),
    }
}

/// Short form for narrow lists: "+3d", "-5d⚠", "⏸"; a party's window "限3d" / "w3d" and lapsed
/// "期满" / "lapsed"; a waiting period "≥06-01" until it has run, then "可办" / "may act".
pub fn due_short(due: Option<&Due>, today: NaiveDate, lang: Lang) -> String {
    let Some(d) = due else {
        return "—".into();
    };
    match d.standing(today) {
        Standing::Paused => "⏸".into(),
        Standing::Overdue(n) => format!("-{n}d⚠"),
        Standing::Late(n) => format!("-{n}d"),
        Standing::DueIn(l) => format!("+{l}d"),
        Standing::WindowOpen(l) => format!("{}{l}d", lang.pick("限", "w")),
        Standing::WindowLapsed => lang.pick("期满", "lapsed").into(),
        Standing::NotBefore(after) => format!("≥{}", after.format("%m-%d")),
        Standing::Allowed => lang.pick("可办", "may act").into(),
    }
}

/// Every field of the case with its label, in a stable order: the common fields, then the kind's
/// own. Phone and ID numbers are masked unless `with_pii`. Values are not yet sanitised.
pub fn field_lines(case: &Case, lang: Lang, with_pii: bool) -> Vec<(String, String)> {
    let def = case.kind.def();
    let label = |k: &str| common_label(k, lang).unwrap_or(k).to_string();
    let mut out = vec![
        (label("id"), case.id.clone()),
        (label("kind"), def.label(lang).to_string()),
        (label("title"), case.title.clone()),
        (
            label("state"),
            format!("{} ({})", case.state_label(lang), case.state),
        ),
        (label("party"), case.party.clone()),
        (label("location"), case.location.clone()),
        (
            label("assignee"),
            case.assignee.clone().unwrap_or_else(|| "—".into()),
        ),
        (label("priority"), case.priority.label(lang).to_string()),
        (label("tags"), case.tags.join(", ")),
        (label("opened"), case.opened.to_string()),
    ];
    if let Some(c) = case.closed {
        out.push((label("closed"), c.to_string()));
    }
    if !case.description.is_empty() {
        out.push((label("description"), case.description.clone()));
    }
    for f in &def.fields {
        if let Some(v) = case.fields.get(&f.key) {
            let shown = if f.pii && !with_pii {
                let mut v = v.clone();
                mask_value(&mut v);
                v.raw()
            } else {
                v.display(f, lang)
            };
            out.push((f.label(lang).to_string(), shown));
        }
    }
    if !case.links.is_empty() {
        out.push((label("links"), case.links.join(", ")));
    }
    out
}

/// One line of a case's history: what changed, and where the day it happened differs from the
/// day it was recorded, both ("… · 记录于 12-03,发生于 11-28").
pub fn event_text(e: &super::event::Event, kind: super::schema::Kind, lang: Lang) -> String {
    let text = e.change.describe(kind, lang);
    match e.dates_note(lang) {
        Some(both) => format!("{text} · {both}"),
        None => text,
    }
}
