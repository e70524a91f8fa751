//! How records are stored as bytes. Case records, which every list, summary and the interface read
//! by the hundred thousand, are a compact binary form, several times quicker to decode than JSON;
//! everything else is JSON. A case written by schema 1 is JSON and still reads: a binary record
//! starts with [`CASE_V2`], which no JSON text starts with.
//!
//! The binary form, in field order: strings as a length (LEB128) and UTF-8 bytes, counts and
//! unsigned numbers LEB128, signed numbers zig-zag LEB128, an `Option` as 0 or 1 and the value, a
//! day as its number from 1 January of year 1, an instant as seconds and nanoseconds since 1970,
//! a decimal as its 16-byte exact representation (scale kept, so `34.90` stays `34.90`).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::super::access::{AuditEntry, UserRecord};
use super::super::error::{LedgerError, Result};
use super::super::event::Event;
use super::super::model::{Case, Clock, Priority, Value};
use super::super::schema::Kind;
use super::Target;

/// The first byte of a binary case record.
const CASE_V2: u8 = 0x02;

/// A value kept in a ledger table.
pub(super) trait Record: Sized {
    fn to_bytes(&self) -> Result<Vec<u8>>;
    /// `key` names the record in the error if the bytes do not decode.
    fn from_bytes(key: &str, bytes: &[u8]) -> Result<Self>;
}

fn damaged(key: &str, message: impl Into<String>) -> LedgerError {
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

json_records!(Event, Target, UserRecord, AuditEntry);

impl Record for Case {
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

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn strs(&mut self, v: &[String]) {
        self.uint(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }

    fn opt<T: ?Sized>(&mut self, v: Option<&T>, put: impl FnOnce(&mut Writer, &T)) {
        match v {
            None => self.0.push(0),
            Some(x) => {
                self.0.push(1);
                put(self, x);
            }
        }
    }

    fn day(&mut self, d: NaiveDate) {
        self.int(i64::from(d.num_days_from_ce()));
    }

    fn instant(&mut self, t: &DateTime<Utc>) {
        self.int(t.timestamp());
        self.uint(u64::from(t.timestamp_subsec_nanos()));
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Text(s) => {
                self.0.push(0);
                self.str(s);
            }
            Value::Int(i) => {
                self.0.push(1);
                self.int(*i);
            }
            Value::Dec(d) => {
                self.0.push(2);
                self.0.extend_from_slice(&d.serialize());
            }
            Value::Date(d) => {
                self.0.push(3);
                self.day(*d);
            }
            Value::Bool(b) => {
                self.0.push(4);
                self.0.push(u8::from(*b));
            }
            Value::List(l) => {
                self.0.push(5);
                self.strs(l);
            }
        }
    }

    fn clock(&mut self, c: &Clock) {
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

struct Reader<'a> {
    b: &'a [u8],
    key: &'a str,
}

impl<'a> Reader<'a> {
    fn bad(&self, what: &str) -> LedgerError {
        damaged(
            self.key,
            format!("the case record is cut short or garbled at {what}"),
        )
    }

    fn byte(&mut self, what: &str) -> Result<u8> {
        let (&first, rest) = self.b.split_first().ok_or_else(|| self.bad(what))?;
        self.b = rest;
        Ok(first)
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        if self.b.len() < n {
            return Err(self.bad(what));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }

    fn uint(&mut self, what: &str) -> Result<u64> {
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

    fn int(&mut self, what: &str) -> Result<i64> {
        let n = self.uint(what)?;
        Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    fn u32(&mut self, what: &str) -> Result<u32> {
        u32::try_from(self.uint(what)?).map_err(|_| self.bad(what))
    }

    fn len(&mut self, what: &str) -> Result<usize> {
        let n = usize::try_from(self.uint(what)?).map_err(|_| self.bad(what))?;
        // A count can never exceed the bytes left: a garbled one must not allocate gigabytes.
        if n > self.b.len() {
            return Err(self.bad(what));
        }
        Ok(n)
    }

    fn str(&mut self, what: &str) -> Result<String> {
        let n = self.len(what)?;
        let bytes = self.take(n, what)?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| damaged(self.key, format!("{what} is not UTF-8")))
    }

    fn strs(&mut self, what: &str) -> Result<Vec<String>> {
        let n = self.len(what)?;
        (0..n).map(|_| self.str(what)).collect()
    }

    fn flag(&mut self, what: &str) -> Result<bool> {
        match self.byte(what)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.bad(what)),
        }
    }

    fn day(&mut self, what: &str) -> Result<NaiveDate> {
        let n = self.int(what)?;
        i32::try_from(n)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| self.bad(what))
    }

    fn opt_day(&mut self, what: &str) -> Result<Option<NaiveDate>> {
        Ok(if self.flag(what)? {
            Some(self.day(what)?)
        } else {
            None
        })
    }

    fn opt_str(&mut self, what: &str) -> Result<Option<String>> {
        Ok(if self.flag(what)? {
            Some(self.str(what)?)
        } else {
            None
        })
    }

    fn instant(&mut self, what: &str) -> Result<DateTime<Utc>> {
        let secs = self.int(what)?;
        let nanos = self.u32(what)?;
        DateTime::from_timestamp(secs, nanos).ok_or_else(|| self.bad(what))
    }

    fn value(&mut self) -> Result<Value> {
        Ok(match self.byte("a field")? {
            0 => Value::Text(self.str("a text field")?),
            1 => Value::Int(self.int("a number field")?),
            2 => {
                let b: [u8; 16] = self
                    .take(16, "a decimal field")?
                    .try_into()
                    .map_err(|_| self.bad("a decimal field"))?;
                Value::Dec(Decimal::deserialize(b))
            }
            3 => Value::Date(self.day("a date field")?),
            4 => Value::Bool(self.flag("a yes/no field")?),
            5 => Value::List(self.strs("a list field")?),
            _ => return Err(self.bad("a field's type")),
        })
    }

    fn case(&mut self) -> Result<Case> {
        let id = self.str("id")?;
        let kind_key = self.str("kind")?;
        let kind = Kind::ALL
            .into_iter()
            .find(|k| k.key() == kind_key)
            .ok_or_else(|| damaged(self.key, format!("unknown kind {kind_key:?}")))?;
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
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn full_case() -> Case {
        let mut fields = BTreeMap::new();
        fields.insert(
            "area_mu".to_string(),
            Value::Dec("54.8370".parse().unwrap()),
        );
        fields.insert("people".to_string(), Value::Int(-152));
        fields.insert("phone".to_string(), Value::Text("13800001111".into()));
        fields.insert("served".to_string(), Value::Date(d(2026, 2, 28)));
        fields.insert("collective".to_string(), Value::Bool(true));
        fields.insert(
            "petitioners".to_string(),
            Value::List(vec!["张三".into(), "李四".into(), String::new()]),
        );
        Case {
            id: "XF-2026-0031".into(),
            kind: Kind::Petition,
            title: "联合村草尼马上访 \u{202e}要求兑现".into(),
            description: "多行\n说明".into(),
            party: "德乐公司".into(),
            location: String::new(),
            assignee: Some("wang".into()),
            priority: Priority::Urgent,
            tags: vec!["集体访".into(), "重复访".into()],
            state: "accepted".into(),
            opened: d(2026, 3, 1),
            closed: Some(d(2027, 1, 5)),
            links: vec!["ZD-2026-0001".into()],
            fields,
            clock: Some(Clock {
                rule: "answer".into(),
                started: d(2026, 3, 1),
                extended_days: 30,
                extensions: 1,
                paused_days: 4,
                paused_since: Some(d(2026, 4, 2)),
            }),
            due: Some(d(2026, 5, 30)),
            rev: 300,
            created: DateTime::from_timestamp(1_767_225_600, 123_456_789).unwrap(),
            updated: DateTime::from_timestamp(-5, 999_999_999).unwrap(),
            source: Some("台账.xlsx#信访!12".into()),
        }
    }

    #[test]
    fn a_case_comes_back_exactly_as_written() {
        let full = full_case();
        let bytes = full.to_bytes().unwrap();
        assert_eq!(bytes[0], CASE_V2);
        assert_eq!(Case::from_bytes("k", &bytes).unwrap(), full);
        let json = serde_json::to_vec(&full).unwrap();
        assert!(
            bytes.len() * 2 < json.len(),
            "{} bytes vs {} in JSON",
            bytes.len(),
            json.len()
        );
        // Scale is kept: 54.8370 is not 54.837.
        let back = Case::from_bytes("k", &bytes).unwrap();
        assert_eq!(back.dec("area_mu").to_string(), "54.8370");

        let bare = Case {
            assignee: None,
            tags: vec![],
            closed: None,
            links: vec![],
            fields: BTreeMap::new(),
            clock: None,
            due: None,
            source: None,
            ..full
        };
        assert_eq!(
            Case::from_bytes("k", &bare.to_bytes().unwrap()).unwrap(),
            bare
        );
    }

    #[test]
    fn a_case_written_as_json_by_schema_1_still_reads() {
        let full = full_case();
        let json = serde_json::to_vec(&full).unwrap();
        assert_eq!(Case::from_bytes("k", &json).unwrap(), full);
    }

    #[test]
    fn a_cut_or_garbled_record_is_reported_with_its_key_never_a_panic() {
        let bytes = full_case().to_bytes().unwrap();
        for n in 1..bytes.len() {
            match Case::from_bytes("XF-2026-0031", &bytes[..n]) {
                Err(LedgerError::Damaged { key, .. }) => assert_eq!(key, "XF-2026-0031"),
                other => panic!("cut at {n}: {other:?}"),
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            Case::from_bytes("k", &longer),
            Err(LedgerError::Damaged { .. })
        ));
        // Flipping any byte never panics (it may still decode to some other case).
        for i in 1..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            let _ = Case::from_bytes("k", &b);
        }
        // A huge count is refused before anything is allocated.
        let mut huge = vec![CASE_V2];
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        assert!(matches!(
            Case::from_bytes("k", &huge),
            Err(LedgerError::Damaged { .. })
        ));
    }
}
