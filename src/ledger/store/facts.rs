//! What the figures count about a case, kept beside it in the `figures` table: a short copy of
//! the case (id, kind, state, dates, the names a report prints) and, of its history, only what a
//! report replays: transitions, changes of its kind's fields, notes (with their text only for
//! inspections, which are counted by name), extensions, and the time of everything else. Personal
//! data (phone numbers, identity numbers) is never copied here, and views of it leave no fact.
//!
//! One record per case, written in the same transaction as the case and its events, so
//! `summary` and `report` read one record per case instead of every event, and read it without
//! copying a string (see [`Digests::case`]). The table is derived data: `check` compares it with
//! what the cases and histories give, `check --repair` and an upgrade rebuild it, and a reader
//! that finds it behind the ledger (an older taizhang wrote since) replays the histories instead.
//!
//! Layout, in codec's primitives: [`FIGURES_V1`], the length of the head, the head, then the
//! facts, each a tag, its time (seconds since 1970) and its payload. New events append their
//! facts to the old record's without decoding them; appending and rebuilding give the same bytes.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::super::error::{LedgerError, Result};
use super::super::event::{Change, Event};
use super::super::model::{Case, NoteType, Value};
use super::super::schema::Kind;
use super::codec::{Reader, Writer};

/// The first byte of a figures record.
const FIGURES_V1: u8 = 0x04;

const CREATED: u8 = 0;
const STATE: u8 = 1;
const FIELD: u8 = 2;
const NOTE: u8 = 3;
const EXTENDED: u8 = 4;
const OTHER: u8 = 5;

/// A field's value as a fact holds it: borrowed from the record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    Text(&'a str),
    Int(i64),
    Dec(Decimal),
    Date(NaiveDate),
    Bool(bool),
    /// A list; no figure reads one, so its items are not kept.
    List,
}

impl<'a> FieldValue<'a> {
    pub fn as_dec(&self) -> Option<Decimal> {
        match self {
            FieldValue::Dec(d) => Some(*d),
            FieldValue::Int(i) => Some(Decimal::from(*i)),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            FieldValue::Int(i) => Some(*i),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            FieldValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_text(&self) -> Option<&'a str> {
        match self {
            FieldValue::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// The case as the figures know it now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Head<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub state: &'a str,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
    pub title: &'a str,
    pub party: &'a str,
    pub location: &'a str,
    pub assignee: Option<&'a str>,
}

impl Head<'_> {
    pub fn is_open(&self) -> bool {
        !self.kind.def().is_terminal(self.state)
    }
}

/// One recorded change, as far as the figures care.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fact<'a> {
    /// When it was recorded, in seconds since 1970 (UTC).
    pub at: i64,
    pub what: What<'a>,
}

impl Fact<'_> {
    pub fn at(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.at, 0).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum What<'a> {
    Created {
        state: &'a str,
    },
    State {
        from: &'a str,
        to: &'a str,
    },
    /// A change of one of the kind's own fields (not one holding personal data).
    Field {
        field: &'a str,
        before: Option<FieldValue<'a>>,
        after: Option<FieldValue<'a>>,
    },
    Note {
        note_type: NoteType,
        /// The note's text for an inspection (its name), empty for other notes.
        text: &'a str,
        people: Option<u32>,
        date: NaiveDate,
    },
    Extended,
    /// Anything else recorded on the case (an assignment, a common field, a pause, a link).
    Other,
}

fn head(w: &mut Writer, case: &Case) {
    w.str(&case.id);
    w.str(case.kind.key());
    w.str(&case.state);
    w.day(case.opened);
    w.opt_day(&case.closed);
    w.str(&case.title);
    w.str(&case.party);
    w.str(&case.location);
    w.opt(case.assignee.as_deref(), Writer::str);
}

/// The fact of one event of a case of `kind`, if it leaves one.
fn fact(w: &mut Writer, kind: Kind, ev: &Event) {
    let tag = |w: &mut Writer, t: u8| {
        w.0.push(t);
        w.int(ev.at.timestamp());
    };
    match &ev.change {
        Change::PiiViewed { .. } => {}
        Change::Created { state, .. } => {
            tag(w, CREATED);
            w.str(state);
        }
        Change::State { from, to, .. } => {
            tag(w, STATE);
            w.str(from);
            w.str(to);
        }
        Change::Field {
            field,
            before,
            after,
        } if kind.def().field(field).is_some_and(|f| !f.pii) => {
            tag(w, FIELD);
            w.str(field);
            w.opt_value(before);
            w.opt_value(after);
        }
        Change::Note {
            note_type,
            text,
            people,
            date,
        } => {
            tag(w, NOTE);
            w.str(note_type.key());
            w.str(if *note_type == NoteType::Inspection {
                text.trim()
            } else {
                ""
            });
            w.opt(people.as_ref(), |w, n| w.uint(u64::from(*n)));
            w.day(*date);
        }
        Change::Extended { .. } => tag(w, EXTENDED),
        _ => tag(w, OTHER),
    }
}

/// The record of `case` with its whole `history`.
pub fn build(case: &Case, history: &[Event]) -> Vec<u8> {
    append(None, case, history)
}

/// The record of `case` after `new` events: the facts of `old` (the record before them, if any)
/// with theirs added, under a head copied from `case`.
pub fn append(old: Option<&[u8]>, case: &Case, new: &[Event]) -> Vec<u8> {
    let mut h = Writer(Vec::with_capacity(96));
    head(&mut h, case);
    let old_facts = old.and_then(facts_part).unwrap_or_default();
    let mut w = Writer(Vec::with_capacity(
        h.0.len() + old_facts.len() + 24 * new.len() + 8,
    ));
    w.0.push(FIGURES_V1);
    w.uint(h.0.len() as u64);
    w.0.extend_from_slice(&h.0);
    w.0.extend_from_slice(old_facts);
    for ev in new {
        fact(&mut w, case.kind, ev);
    }
    w.0
}

/// The facts of a record: everything after its head. None if the record is not one (it is then
/// rebuilt from the history by `check --repair`; an append never builds on it).
fn facts_part(bytes: &[u8]) -> Option<&[u8]> {
    let mut r = Reader {
        b: bytes.strip_prefix(&[FIGURES_V1])?,
        key: "figures",
    };
    let n = r.len("the head's length").ok()?;
    r.b.get(n..)
}

fn kind_of(r: &mut Reader<'_>) -> Result<Kind> {
    let key = r.str_ref("kind")?;
    Kind::ALL
        .into_iter()
        .find(|k| k.key() == key)
        .ok_or_else(|| damaged(r.key, format!("unknown kind {key:?}")))
}

fn damaged(key: &str, message: String) -> LedgerError {
    LedgerError::Damaged {
        key: key.to_string(),
        message,
    }
}

fn value<'a>(r: &mut Reader<'a>) -> Result<Option<FieldValue<'a>>> {
    if !r.flag("a field")? {
        return Ok(None);
    }
    Ok(Some(match r.byte("a field")? {
        0 => FieldValue::Text(r.str_ref("a text field")?),
        1 => FieldValue::Int(r.int("a number field")?),
        2 => {
            let b: [u8; 16] = r
                .take(16, "a decimal field")?
                .try_into()
                .map_err(|_| r.bad("a decimal field"))?;
            FieldValue::Dec(Decimal::deserialize(b))
        }
        3 => FieldValue::Date(r.day("a date field")?),
        4 => FieldValue::Bool(r.flag("a yes/no field")?),
        5 => {
            for _ in 0..r.len("a list field")? {
                r.str_ref("a list field")?;
            }
            FieldValue::List
        }
        _ => return Err(r.bad("a field's type")),
    }))
}

/// Read a record: its head, and its facts into `facts` (cleared first). `key` names the record
/// in an error.
pub fn decode<'a>(key: &'a str, bytes: &'a [u8], facts: &mut Vec<Fact<'a>>) -> Result<Head<'a>> {
    facts.clear();
    let mut r = Reader { b: bytes, key };
    if r.byte("the record's form")? != FIGURES_V1 {
        return Err(r.bad("the record's form"));
    }
    let n = r.len("the head's length")?;
    let rest = &r.b[n..];
    r.b = &r.b[..n];
    let head = Head {
        id: r.str_ref("the case's id")?,
        kind: kind_of(&mut r)?,
        state: r.str_ref("state")?,
        opened: r.day("the registration date")?,
        closed: r.opt_day("the closing date")?,
        title: r.str_ref("title")?,
        party: r.str_ref("party")?,
        location: r.str_ref("location")?,
        assignee: if r.flag("assignee")? {
            Some(r.str_ref("assignee")?)
        } else {
            None
        },
    };
    if !r.b.is_empty() {
        return Err(r.bad("the end of the head"));
    }
    r.b = rest;
    while !r.b.is_empty() {
        let tag = r.byte("the kind of fact")?;
        let at = r.int("the fact's time")?;
        let what = match tag {
            CREATED => What::Created {
                state: r.str_ref("state")?,
            },
            STATE => What::State {
                from: r.str_ref("state before")?,
                to: r.str_ref("state after")?,
            },
            FIELD => What::Field {
                field: r.str_ref("field")?,
                before: value(&mut r)?,
                after: value(&mut r)?,
            },
            NOTE => {
                let t = r.str_ref("note type")?;
                let note_type = NoteType::ALL
                    .into_iter()
                    .find(|n| n.key() == t)
                    .ok_or_else(|| damaged(key, format!("unknown note type {t:?}")))?;
                What::Note {
                    note_type,
                    text: r.str_ref("note")?,
                    people: if r.flag("people")? {
                        Some(r.u32("people")?)
                    } else {
                        None
                    },
                    date: r.day("note date")?,
                }
            }
            EXTENDED => What::Extended,
            OTHER => What::Other,
            _ => return Err(r.bad("the kind of fact")),
        };
        facts.push(Fact { at, what });
    }
    Ok(head)
}

/// The figures records of a ledger, read in one pass into one buffer, in case id order.
#[derive(Debug, Default)]
pub struct Digests {
    buf: Vec<u8>,
    /// Per case: where its id starts, where its record starts, where it ends.
    spans: Vec<(usize, usize, usize)>,
}

impl Digests {
    pub fn push(&mut self, id: &str, record: &[u8]) {
        let start = self.buf.len();
        self.buf.extend_from_slice(id.as_bytes());
        let mid = self.buf.len();
        self.buf.extend_from_slice(record);
        self.spans.push((start, mid, self.buf.len()));
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The `i`th case's head, with its facts in `facts`.
    pub fn case<'a>(&'a self, i: usize, facts: &mut Vec<Fact<'a>>) -> Result<Head<'a>> {
        let (start, mid, end) = self.spans[i];
        let key = std::str::from_utf8(&self.buf[start..mid]).unwrap_or("figures");
        decode(key, &self.buf[mid..end], facts).map_err(|e| match e {
            LedgerError::Damaged { message, .. } => LedgerError::Damaged {
                key: format!("figures/{key}"),
                message: format!("{message} (derived data: `taizhang check --repair` rebuilds it)"),
            },
            e => e,
        })
    }
}

/// A case's field value in the form a fact holds it.
pub fn field_value(v: &Value) -> FieldValue<'_> {
    match v {
        Value::Text(s) => FieldValue::Text(s),
        Value::Int(i) => FieldValue::Int(*i),
        Value::Dec(d) => FieldValue::Dec(*d),
        Value::Date(d) => FieldValue::Date(*d),
        Value::Bool(b) => FieldValue::Bool(*b),
        Value::List(_) => FieldValue::List,
    }
}

#[cfg(test)]
mod tests {
    use super::super::codec::tests::{events, full_case};
    use super::*;

    #[test]
    fn appending_events_gives_the_same_record_as_building_from_the_whole_history() {
        let case = full_case();
        let history = events();
        let whole = build(&case, &history);
        for split in 0..=history.len() {
            let first = build(&case, &history[..split]);
            assert_eq!(
                append(Some(&first), &case, &history[split..]),
                whole,
                "{split}"
            );
        }
        // The head follows the case: a renamed case keeps its facts under the new head.
        let mut renamed = case.clone();
        renamed.title = "新标题".into();
        let rewritten = append(Some(&whole), &renamed, &[]);
        let mut facts = Vec::new();
        let head = decode("k", &rewritten, &mut facts).unwrap();
        assert_eq!(head.title, "新标题");
        let mut before = Vec::new();
        decode("k", &whole, &mut before).unwrap();
        assert_eq!(facts, before);
    }

    #[test]
    fn facts_keep_what_the_figures_count() {
        let case = full_case();
        let history = events();
        let record = build(&case, &history);
        let mut facts = Vec::new();
        let head = decode("k", &record, &mut facts).unwrap();
        assert_eq!(head.id, "XF-2026-0031");
        assert_eq!(head.kind, Kind::Petition);
        assert_eq!(head.assignee, Some("wang"));
        assert_eq!(head.closed, case.closed);
        // Every event leaves one fact but a view of personal data.
        let views = history
            .iter()
            .filter(|e| matches!(e.change, Change::PiiViewed { .. }))
            .count();
        assert!(views > 0);
        assert_eq!(facts.len(), history.len() - views);
        for (f, e) in facts.iter().zip(
            history
                .iter()
                .filter(|e| !matches!(e.change, Change::PiiViewed { .. })),
        ) {
            assert_eq!(f.at, e.at.timestamp());
            match (&e.change, f.what) {
                (Change::Field { field, .. }, What::Field { field: kept, .. }) => {
                    assert_eq!(field, kept);
                    assert!(Kind::Petition.def().field(field).is_some_and(|f| !f.pii));
                }
                (Change::Field { field, .. }, What::Other) => {
                    assert!(
                        Kind::Petition.def().field(field).is_none_or(|f| f.pii),
                        "{field}"
                    );
                }
                (
                    Change::Note {
                        note_type,
                        text,
                        people,
                        date,
                    },
                    What::Note {
                        note_type: t,
                        text: kept,
                        people: p,
                        date: d,
                    },
                ) => {
                    assert_eq!((*note_type, *people, *date), (t, p, d));
                    let want = if *note_type == NoteType::Inspection {
                        text.trim()
                    } else {
                        ""
                    };
                    assert_eq!(kept, want);
                }
                (Change::State { from, to, .. }, What::State { from: f0, to: t0 }) => {
                    assert_eq!((from.as_str(), to.as_str()), (f0, t0));
                }
                (Change::Created { state, .. }, What::Created { state: s }) => {
                    assert_eq!(state, s);
                }
                (Change::Extended { .. }, What::Extended) => {}
                (c, What::Other) => assert!(
                    !matches!(
                        c,
                        Change::Created { .. }
                            | Change::State { .. }
                            | Change::Note { .. }
                            | Change::Extended { .. }
                    ),
                    "{c:?}"
                ),
                (c, f) => panic!("{c:?} became {f:?}"),
            }
        }
    }

    #[test]
    fn personal_data_is_never_copied_into_a_record() {
        let case = full_case();
        let phone = Event {
            change: Change::Field {
                field: "phone".into(),
                before: None,
                after: Some(Value::Text("13800001111".into())),
            },
            ..events()[0].clone()
        };
        assert!(Kind::Petition.def().field("phone").is_some_and(|f| f.pii));
        let record = build(&case, &[phone]);
        assert!(!record.windows(11).any(|w| w == b"13800001111"));
        let mut facts = Vec::new();
        decode("k", &record, &mut facts).unwrap();
        assert_eq!(
            facts.iter().map(|f| f.what).collect::<Vec<_>>(),
            [What::Other]
        );
    }

    #[test]
    fn a_cut_or_garbled_record_is_an_error_naming_it_never_a_panic() {
        let record = build(&full_case(), &events());
        let mut facts = Vec::new();
        for n in 0..record.len() {
            // A cut may end exactly between two facts: that is a shorter history, not an error.
            if let Err(e) = decode("XF-2026-0031", &record[..n], &mut facts) {
                assert!(e.to_string().contains("XF-2026-0031"), "{e}");
            }
        }
        for i in 0..record.len() {
            for b in [0x00, 0x7f, 0xff] {
                let mut garbled = record.clone();
                garbled[i] = b;
                let _ = decode("k", &garbled, &mut Vec::new());
            }
        }
        let mut d = Digests::default();
        d.push("XF-2026-0031", b"\x04\x09short");
        let e = d.case(0, &mut facts).unwrap_err().to_string();
        assert!(
            e.contains("figures/XF-2026-0031") && e.contains("check --repair"),
            "{e}"
        );
    }
}
