//! How a case reads: its fields with their labels and units, its due date in words, personal data
//! masked. Shared by the command line, the interface and exports; free of any drawing code.

use chrono::NaiveDate;

use super::access::mask_value;
use super::deadline::Due;
use super::i18n::Lang;
use super::model::Case;
use super::schema::common_label;

/// "2026-05-30 (3天)" / "2026-05-15 ⚠逾期5天" / "—"; overdue is marked by a symbol, not colour alone.
pub fn due_cell(due: Option<&Due>, today: NaiveDate, lang: Lang) -> String {
    let Some(d) = due else {
        return "—".to_string();
    };
    let left = d.days_left(today);
    let date = d.date.format("%Y-%m-%d");
    if d.paused {
        return format!("{date} {}", lang.pick("⏸暂停", "⏸paused"));
    }
    match left {
        l if l < 0 => format!(
            "{date} ⚠{}",
            match lang {
                Lang::Zh => format!("逾期{}天", -l),
                Lang::En => format!("{}d overdue", -l),
            }
        ),
        0 => format!("{date} {}", lang.pick("今天到期", "due today")),
        l => format!(
            "{date} {}",
            match lang {
                Lang::Zh => format!("剩{l}天"),
                Lang::En => format!("{l}d left"),
            }
        ),
    }
}

/// Short form for narrow lists: "+3d", "-5d⚠", "0d", "⏸".
pub fn due_short(due: Option<&Due>, today: NaiveDate) -> String {
    match due {
        None => "—".into(),
        Some(d) if d.paused => "⏸".into(),
        Some(d) => {
            let l = d.days_left(today);
            if l < 0 {
                format!("{l}d⚠")
            } else {
                format!("+{l}d")
            }
        }
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
