//! How records are stored as bytes. Case records and history events, which every list, summary
//! and the interface read by the hundred thousand, are a compact binary form, several times
//! quicker to decode than JSON and a third of its size; everything else is JSON. A record written
//! by schema 1 is JSON and still reads: a binary record starts with [`CASE_V2`] or [`EVENT_V2`],
//! which no JSON text starts with.
//!
//! The binary form, in field order: strings as a length (LEB128) and UTF-8 bytes, counts and
//! unsigned numbers LEB128, signed numbers zig-zag LEB128, an `Option` as 0 or 1 and the value, a
//! day as its number from 1 January of year 1, an instant as seconds and nanoseconds since 1970,
//! a decimal as its 16-byte exact representation (scale kept, so `34.90` stays `34.90`).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::super::access::{AuditEntry, UserRecord};
use super::super::error::{LedgerError, Result};
use super::super::event::{Change, Event};
use super::super::model::{Case, Clock, NoteType, Priority, Value};
use super::super::schema::Kind;
use super::super::target::Target;
use super::value::{self, Form};

/// The first byte of a binary case record.
const CASE_V2: u8 = 0x02;
/// The first byte of a binary history event written before effective dates.
const EVENT_V2: u8 = 0x03;
/// The first byte of a binary history event: [`EVENT_V2`]'s fields, then its effective date.
const EVENT_V3: u8 = 0x04;

/// A value kept in a ledger table.
pub(super) trait Record: Sized {
    fn to_bytes(&self) -> Result<Vec<u8>>;
    /// `key` names the record in the error if the bytes do not decode.
    fn from_bytes(key: &str, bytes: &[u8]) -> Result<Self>;
    /// Whether the record is the one `key` names (a case its id, an event its id and number);
    /// a key damaged on disk would otherwise show one case's record as another's.
    fn is_named(&self, _key: &str) -> bool {
        true
    }
}

pub(super) fn damaged(key: &str, message: impl Into<String>) -> LedgerError {
    LedgerError::Damaged {
        key: key.to_string(),
        message: message.into(),
    }
}

fn json_bytes<T: serde::Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| LedgerError::Storage(format!("cannot encode a record: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(key: &str, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| damaged(key, e.to_string()))
}

macro_rules! json_records {
    ($($t:ty),*) => {$(
        impl Record for $t {
            fn to_bytes(&self) -> Result<Vec<u8>> {
                json_bytes(self)
            }
            fn from_bytes(key: &str, bytes: &[u8]) -> Result<Self> {
                from_json(key, bytes)
            }
        }
    )*};
}

json_records!(Target, UserRecord, AuditEntry, super::chain::SealRecord);

impl Record for Event {
    fn is_named(&self, key: &str) -> bool {
        // Read under `ID#SEQ`, or under the case's id alone where the number is not at hand.
        key == self.case
            || key
                .strip_prefix(self.case.as_str())
                .and_then(|rest| rest.strip_prefix('#'))
                .is_some_and(|seq| seq == self.seq.to_string())
    }
    fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut w = Writer(Vec::with_capacity(96));
        w.0.push(EVENT_V3);
        let Event {
            case,
            seq,
            at,
            actor,
            change,
            on,
        } = self;
        w.str(case);
        w.uint(*seq);
        w.instant(at);
        w.str(actor);
        w.change(change);
        w.opt_day(on);
        Ok(w.0)
    }

    fn from_bytes(key: &str, bytes: &[u8]) -> Result<Event> {
        match bytes.first() {
            Some(&v @ (EVENT_V2 | EVENT_V3)) => {
                let mut r = Reader {
                    b: &bytes[1..],
                    key,
                };
                let ev = Event {
                    case: r.str("the event's case")?,
                    seq: r.uint("the event's number")?,
                    at: r.instant("the event's time")?,
                    actor: r.str("the actor")?,
                    change: r.change()?,
                    on: if v == EVENT_V3 {
                        r.opt_day("the day it happened")?
                    } else {
                        None
                    },
                };
                if !r.b.is_empty() {
                    return Err(damaged(
                        key,
                        format!("{} bytes after the end of the event", r.b.len()),
                    ));
                }
                Ok(ev)
            }
            _ => from_json(key, bytes),
        }
    }
}

impl Record for Case {
    fn is_named(&self, key: &str) -> bool {
        key == self.id
    }
    fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut w = Writer(Vec::with_capacity(384));
        w.0.push(CASE_V2);
        // Destructured so that a field added to Case cannot be forgotten here.
        let Case {
            id,
            kind,
            title,
            description,
            party,
            location,
            assignee,
            priority,
            tags,
            state,
            opened,
            closed,
            links,
            fields,
            clock,
            due,
            rev,
            created,
            updated,
            source,
        } = self;
        w.str(id);
        w.str(kind.key());
        w.str(title);
        w.str(description);
        w.str(party);
        w.str(location);
        w.opt(assignee.as_deref(), Writer::str);
        w.0.push(match priority {
            Priority::Low => 0,
            Priority::Normal => 1,
            Priority::High => 2,
            Priority::Urgent => 3,
        });
        w.strs(tags);
        w.str(state);
        w.day(*opened);
        w.opt(closed.as_ref(), |w, d| w.day(*d));
        w.strs(links);
        w.uint(fields.len() as u64);
        for (k, v) in fields {
            w.str(k);
            w.value(v);
        }
        w.opt(clock.as_ref(), Writer::clock);
        w.opt(due.as_ref(), |w, d| w.day(*d));
        w.uint(*rev);
        w.instant(created);
        w.instant(updated);
        w.opt(source.as_deref(), Writer::str);
        Ok(w.0)
    }

    fn from_bytes(key: &str, bytes: &[u8]) -> Result<Case> {
        match bytes.first() {
            Some(&CASE_V2) => {
                let mut r = Reader {
                    b: &bytes[1..],
                    key,
                };
                let case = r.case()?;
                if !r.b.is_empty() {
                    return Err(damaged(
                        key,
                        format!("{} bytes after the end of the case record", r.b.len()),
                    ));
                }
                Ok(case)
            }
            _ => from_json(key, bytes),
        }
    }
}

pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    pub(super) fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    pub(super) fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    pub(super) fn strs(&mut self, v: &[String]) {
        self.uint(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }

    pub(super) fn opt<T: ?Sized>(&mut self, v: Option<&T>, put: impl FnOnce(&mut Writer, &T)) {
        match v {
            None => self.0.push(0),
            Some(x) => {
                self.0.push(1);
                put(self, x);
            }
        }
    }

    pub(super) fn day(&mut self, d: NaiveDate) {
        self.int(i64::from(d.num_days_from_ce()));
    }

    pub(super) fn instant(&mut self, t: &DateTime<Utc>) {
        self.int(t.timestamp());
        self.uint(u64::from(t.timestamp_subsec_nanos()));
    }

    pub(super) fn value(&mut self, v: &Value) {
        value::put(self, v, Form::Record);
    }

    pub(super) fn opt_value(&mut self, v: &Option<Value>) {
        value::put_opt(self, v.as_ref(), Form::Record);
    }

    pub(super) fn opt_day(&mut self, d: &Option<NaiveDate>) {
        self.opt(d.as_ref(), |w, d| w.day(*d));
    }

    pub(super) fn change(&mut self, c: &Change) {
        match c {
            Change::Created {
                kind,
                state,
                source,
            } => {
                self.0.push(0);
                self.str(kind.key());
                self.str(state);
                self.opt(source.as_deref(), Writer::str);
            }
            Change::Field {
                field,
                before,
                after,
            } => {
                self.0.push(1);
                self.str(field);
                self.opt_value(before);
                self.opt_value(after);
            }
            Change::State { from, to, note } => {
                self.0.push(2);
                self.str(from);
                self.str(to);
                self.opt(note.as_deref(), Writer::str);
            }
            Change::Assigned { before, after } => {
                self.0.push(3);
                self.opt(before.as_deref(), Writer::str);
                self.opt(after.as_deref(), Writer::str);
            }
            Change::Note {
                note_type,
                text,
                people,
                date,
                shared,
            } => {
                // A shared note is its own kind of change, so notes written before shared notes
                // existed read unchanged.
                self.0.push(if shared.is_some() { 10 } else { 4 });
                self.str(note_type.key());
                self.str(text);
                self.opt(people.as_ref(), |w, n| w.uint(u64::from(*n)));
                self.day(*date);
                if let Some(s) = shared {
                    self.str(s);
                }
            }
            Change::Extended {
                days,
                reason,
                before,
                after,
            } => {
                self.0.push(5);
                self.uint(u64::from(*days));
                self.str(reason);
                self.opt_day(before);
                self.opt_day(after);
            }
            Change::Paused { reason } => {
                self.0.push(6);
                self.str(reason);
            }
            Change::Resumed { days } => {
                self.0.push(7);
                self.uint(u64::from(*days));
            }
            Change::Linked { other } => {
                self.0.push(8);
                self.str(other);
            }
            Change::PiiViewed { purpose } => {
                self.0.push(9);
                self.str(purpose);
            }
        }
    }

    pub(super) fn clock(&mut self, c: &Clock) {
        let Clock {
            rule,
            started,
            extended_days,
            extensions,
            paused_days,
            paused_since,
        } = c;
        self.str(rule);
        self.day(*started);
        self.uint(u64::from(*extended_days));
        self.uint(u64::from(*extensions));
        self.uint(u64::from(*paused_days));
        self.opt(paused_since.as_ref(), |w, d| w.day(*d));
    }
}

pub(super) struct Reader<'a> {
    pub(super) b: &'a [u8],
    pub(super) key: &'a str,
}

impl<'a> Reader<'a> {
    pub(super) fn bad(&self, what: &str) -> LedgerError {
        damaged(
            self.key,
            format!("the record is cut short or garbled at {what}"),
        )
    }

    pub(super) fn byte(&mut self, what: &str) -> Result<u8> {
        let (&first, rest) = self.b.split_first().ok_or_else(|| self.bad(what))?;
        self.b = rest;
        Ok(first)
    }

    pub(super) fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        if self.b.len() < n {
            return Err(self.bad(what));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }

    pub(super) fn uint(&mut self, what: &str) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte(what)?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(self.bad(what))
    }

    pub(super) fn int(&mut self, what: &str) -> Result<i64> {
        let n = self.uint(what)?;
        Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    pub(super) fn u32(&mut self, what: &str) -> Result<u32> {
        u32::try_from(self.uint(what)?).map_err(|_| self.bad(what))
    }

    pub(super) fn len(&mut self, what: &str) -> Result<usize> {
        let n = usize::try_from(self.uint(what)?).map_err(|_| self.bad(what))?;
        // A count can never exceed the bytes left: a garbled one must not allocate gigabytes.
        if n > self.b.len() {
            return Err(self.bad(what));
        }
        Ok(n)
    }

    pub(super) fn str(&mut self, what: &str) -> Result<String> {
        let n = self.len(what)?;
        let bytes = self.take(n, what)?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| damaged(self.key, format!("{what} is not UTF-8")))
    }

    /// A string borrowed from the record, not copied.
    pub(super) fn str_ref(&mut self, what: &str) -> Result<&'a str> {
        let n = self.len(what)?;
        let bytes = self.take(n, what)?;
        std::str::from_utf8(bytes).map_err(|_| damaged(self.key, format!("{what} is not UTF-8")))
    }

    pub(super) fn strs(&mut self, what: &str) -> Result<Vec<String>> {
        let n = self.len(what)?;
        (0..n).map(|_| self.str(what)).collect()
    }

    pub(super) fn flag(&mut self, what: &str) -> Result<bool> {
        match self.byte(what)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.bad(what)),
        }
    }

    pub(super) fn day(&mut self, what: &str) -> Result<NaiveDate> {
        let n = self.int(what)?;
        i32::try_from(n)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| self.bad(what))
    }

    pub(super) fn opt_day(&mut self, what: &str) -> Result<Option<NaiveDate>> {
        Ok(if self.flag(what)? {
            Some(self.day(what)?)
        } else {
            None
        })
    }

    pub(super) fn opt_str(&mut self, what: &str) -> Result<Option<String>> {
        Ok(if self.flag(what)? {
            Some(self.str(what)?)
        } else {
            None
        })
    }

    pub(super) fn instant(&mut self, what: &str) -> Result<DateTime<Utc>> {
        let secs = self.int(what)?;
        let nanos = self.u32(what)?;
        DateTime::from_timestamp(secs, nanos).ok_or_else(|| self.bad(what))
    }

    pub(super) fn opt_value(&mut self, what: &str) -> Result<Option<Value>> {
        Ok(value::take_opt(self, Form::Record, what)?.map(value::Read::into_value))
    }

    pub(super) fn kind(&mut self) -> Result<Kind> {
        let key = self.str("kind")?;
        Kind::ALL
            .into_iter()
            .find(|k| k.key() == key)
            .ok_or_else(|| damaged(self.key, format!("unknown kind {key:?}")))
    }

    pub(super) fn change(&mut self) -> Result<Change> {
        Ok(match self.byte("the kind of change")? {
            0 => Change::Created {
                kind: self.kind()?,
                state: self.str("state")?,
                source: self.opt_str("source")?,
            },
            1 => Change::Field {
                field: self.str("field")?,
                before: self.opt_value("the value before")?,
                after: self.opt_value("the value after")?,
            },
            2 => Change::State {
                from: self.str("state before")?,
                to: self.str("state after")?,
                note: self.opt_str("note")?,
            },
            3 => Change::Assigned {
                before: self.opt_str("assignee before")?,
                after: self.opt_str("assignee after")?,
            },
            t @ (4 | 10) => {
                let shared_note = t == 10;
                let t = self.str("note type")?;
                let note_type = NoteType::ALL
                    .into_iter()
                    .find(|n| n.key() == t)
                    .ok_or_else(|| damaged(self.key, format!("unknown note type {t:?}")))?;
                Change::Note {
                    note_type,
                    text: self.str("note")?,
                    people: if self.flag("people")? {
                        Some(self.u32("people")?)
                    } else {
                        None
                    },
                    date: self.day("note date")?,
                    shared: if shared_note {
                        Some(self.str("shared note")?)
                    } else {
                        None
                    },
                }
            }
            5 => Change::Extended {
                days: self.u32("days")?,
                reason: self.str("reason")?,
                before: self.opt_day("due before")?,
                after: self.opt_day("due after")?,
            },
            6 => Change::Paused {
                reason: self.str("reason")?,
            },
            7 => Change::Resumed {
                days: self.u32("days")?,
            },
            8 => Change::Linked {
                other: self.str("linked case")?,
            },
            9 => Change::PiiViewed {
                purpose: self.str("purpose")?,
            },
            _ => return Err(self.bad("the kind of change")),
        })
    }

    pub(super) fn value(&mut self) -> Result<Value> {
        Ok(value::take(self, Form::Record)?.into_value())
    }

    pub(super) fn case(&mut self) -> Result<Case> {
        let id = self.str("id")?;
        let kind = self.kind()?;
        let title = self.str("title")?;
        let description = self.str("description")?;
        let party = self.str("party")?;
        let location = self.str("location")?;
        let assignee = self.opt_str("assignee")?;
        let priority = match self.byte("priority")? {
            0 => Priority::Low,
            1 => Priority::Normal,
            2 => Priority::High,
            3 => Priority::Urgent,
            _ => return Err(self.bad("priority")),
        };
        let tags = self.strs("tags")?;
        let state = self.str("state")?;
        let opened = self.day("opened")?;
        let closed = self.opt_day("closed")?;
        let links = self.strs("links")?;
        let n = self.len("fields")?;
        let mut fields = BTreeMap::new();
        for _ in 0..n {
            let k = self.str("a field name")?;
            let v = self.value()?;
            fields.insert(k, v);
        }
        let clock = if self.flag("clock")? {
            Some(Clock {
                rule: self.str("the clock's rule")?,
                started: self.day("the clock's start")?,
                extended_days: self.u32("extended days")?,
                extensions: self.u32("extensions")?,
                paused_days: self.u32("paused days")?,
                paused_since: self.opt_day("paused since")?,
            })
        } else {
            None
        };
        let due = self.opt_day("due")?;
        let rev = self.uint("revision")?;
        let created = self.instant("created")?;
        let updated = self.instant("updated")?;
        let source = self.opt_str("source")?;
        Ok(Case {
            id,
            kind,
            title,
            description,
            party,
            location,
            assignee,
            priority,
            tags,
            state,
            opened,
            closed,
            links,
            fields,
            clock,
            due,
            rev,
            created,
            updated,
            source,
        })
    }
}

#[cfg(test)]
pub(super) mod tests;
