//! History: every change to a case is an event with actor, time and before/after values,
//! appended and never rewritten.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::i18n::Lang;
use super::model::{NoteType, Value};
use super::schema::Kind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub case: String,
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The operating-system user whose process made the change.
    pub actor: String,
    pub change: Change,
}

/// The day an event counts from for the clocks (a stage entered, a clock paused): the one place
/// that says which of an event's times that is.
pub fn event_day(e: &Event) -> NaiveDate {
    e.at.with_timezone(&chrono::Local).date_naive()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    Created {
        kind: Kind,
        state: String,
        #[serde(default)]
        source: Option<String>,
    },
    /// A field edit; common fields (title, party, …) are recorded under their keys as text.
    Field {
        field: String,
        before: Option<Value>,
        after: Option<Value>,
    },
    State {
        from: String,
        to: String,
        #[serde(default)]
        note: Option<String>,
    },
    Assigned {
        before: Option<String>,
        after: Option<String>,
    },
    Note {
        note_type: NoteType,
        text: String,
        #[serde(default)]
        people: Option<u32>,
        /// The day the visit, call or meeting took place (defaults to the day it was recorded).
        date: NaiveDate,
    },
    Extended {
        days: u32,
        reason: String,
        before: Option<NaiveDate>,
        after: Option<NaiveDate>,
    },
    Paused {
        reason: String,
    },
    Resumed {
        days: u32,
    },
    Linked {
        other: String,
    },
    /// Personal data was shown in full to the actor (`--with-pii`).
    PiiViewed {
        purpose: String,
    },
}

impl Change {
    pub fn key(&self) -> &'static str {
        match self {
            Change::Created { .. } => "created",
            Change::Field { .. } => "field",
            Change::State { .. } => "state",
            Change::Assigned { .. } => "assigned",
            Change::Note { .. } => "note",
            Change::Extended { .. } => "extended",
            Change::Paused { .. } => "paused",
            Change::Resumed { .. } => "resumed",
            Change::Linked { .. } => "linked",
            Change::PiiViewed { .. } => "pii_viewed",
        }
    }

    /// One line describing the change in `lang` (unsanitised: callers sanitise for display).
    pub fn describe(&self, kind: Kind, lang: Lang) -> String {
        let def = kind.def();
        let state = |k: &str| {
            def.state(k)
                .map(|s| s.label(lang).to_string())
                .unwrap_or_else(|| k.to_string())
        };
        let shown = |field: &str, v: &Option<Value>| -> String {
            match v {
                None => lang.pick("(空)", "(empty)").to_string(),
                Some(Value::List(l)) if l.is_empty() => lang.pick("(空)", "(empty)").to_string(),
                Some(v) => match def.field(field) {
                    Some(fd) if fd.pii => super::model::mask(&v.raw()),
                    Some(fd) => v.display(fd, lang),
                    None => v.raw(),
                },
            }
        };
        match self {
            Change::Created {
                state: s, source, ..
            } => {
                let mut t = format!(
                    "{} {}",
                    lang.pick("登记,状态", "created in state"),
                    state(s)
                );
                if let Some(src) = source {
                    t.push_str(&format!(
                        " ({} {src})",
                        lang.pick("导入自", "imported from")
                    ));
                }
                t
            }
            Change::Field {
                field,
                before,
                after,
            } => {
                let label = def
                    .field(field)
                    .map(|f| f.label(lang).to_string())
                    .or_else(|| super::schema::common_label(field, lang).map(String::from))
                    .unwrap_or_else(|| field.clone());
                format!(
                    "{label}: {} → {}",
                    shown(field, before),
                    shown(field, after)
                )
            }
            Change::State { from, to, note } => {
                let mut t = format!("{} → {}", state(from), state(to));
                if let Some(n) = note {
                    t.push_str(&format!(" · {n}"));
                }
                t
            }
            Change::Assigned { before, after } => format!(
                "{}: {} → {}",
                lang.pick("责任人", "assignee"),
                before.as_deref().unwrap_or("-"),
                after.as_deref().unwrap_or("-")
            ),
            Change::Note {
                note_type,
                text,
                people,
                date,
            } => {
                let mut t = format!("[{}] {text}", note_type.label(lang));
                if let Some(p) = people {
                    t.push_str(&format!(" ({p}{})", lang.pick("人次", " present")));
                }
                t.push_str(&format!(" @{date}"));
                t
            }
            Change::Extended {
                days,
                reason,
                before,
                after,
            } => format!(
                "{} {days}{}: {} → {} · {reason}",
                lang.pick("延期", "extended by"),
                lang.pick("日", " days"),
                before.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                after.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            ),
            Change::Paused { reason } => {
                format!("{} · {reason}", lang.pick("暂停计时", "clock paused"))
            }
            Change::Resumed { days } => format!(
                "{} ({days}{})",
                lang.pick("恢复计时", "clock resumed"),
                lang.pick("日", " days paused")
            ),
            Change::Linked { other } => format!("{} {other}", lang.pick("关联", "linked to")),
            Change::PiiViewed { purpose } => format!(
                "{} · {purpose}",
                lang.pick("查看个人信息", "personal data viewed")
            ),
        }
    }
}
