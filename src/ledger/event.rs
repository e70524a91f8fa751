//! History: every change to a case is an event with actor, time and before/after values,
//! appended and never rewritten.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
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
    /// The day the change happened, as the officer stated it (`--on`); `at` stays the clock's.
    /// Events written before effective dates existed have none and took effect on the local
    /// day they were recorded ([`Event::effective`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

impl Event {
    /// The day the change took effect: its stated date, or the local day it was recorded.
    pub fn effective(&self) -> NaiveDate {
        self.on
            .unwrap_or_else(|| self.at.with_timezone(&chrono::Local).date_naive())
    }

    /// The local day the change was recorded on.
    pub fn recorded(&self) -> NaiveDate {
        self.at.with_timezone(&chrono::Local).date_naive()
    }

    /// Where the day it happened differs from the day it was recorded: both, in `lang`
    /// ("记录于 12-03,发生于 11-28"); None where they agree.
    pub fn dates_note(&self, lang: Lang) -> Option<String> {
        let (rec, on) = (self.recorded(), self.effective());
        if rec == on {
            return None;
        }
        // Month and day within one year; whole dates across years.
        let fmt = |d: NaiveDate| {
            if on.year() == rec.year() {
                d.format("%m-%d").to_string()
            } else {
                d.format("%Y-%m-%d").to_string()
            }
        };
        Some(match lang {
            Lang::Zh => format!("记录于 {},发生于 {}", fmt(rec), fmt(on)),
            Lang::En => format!("recorded {}, happened {}", fmt(rec), fmt(on)),
        })
    }
}

/// The day an event counts from for the clocks (a stage entered, a clock paused): the one place
/// that says which of an event's times that is.
pub fn event_day(e: &Event) -> NaiveDate {
    e.effective()
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
        /// One note recorded on several cases (a meeting about three disputes): the same id on
        /// each case's event, so figures count its round and people once. None for a note on
        /// one case.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shared: Option<String>,
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
                shared,
            } => {
                let mut t = format!("[{}] {text}", note_type.label(lang));
                if let Some(p) = people {
                    t.push_str(&format!(" ({p}{})", lang.pick("人次", " present")));
                }
                t.push_str(&format!(" @{date}"));
                if let Some(s) = shared {
                    t.push_str(&format!(" · {} {s}", lang.pick("共同记录", "shared note")));
                }
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
