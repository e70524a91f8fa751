//! The one binary encoding of a field's [`Value`], used by the case records and their events
//! (store/codec.rs) and by the figures records (store/facts.rs).
//!
//! A value is a type tag and its payload; texts, numbers and dates have the same payload in both
//! places. The two places number the tags differently and differ in three payloads, and files
//! hold both, so both layouts ([`Form`]) are kept byte for byte (changing either would need a new
//! record form, and for case records a new schema):
//!
//! | value   | [`Form::Record`]                  | [`Form::Figures`]                      |
//! |---------|-----------------------------------|----------------------------------------|
//! | none    | flag 0 before the value           | tag 0                                  |
//! | text    | 0, length, UTF-8                  | 1, length, UTF-8                       |
//! | integer | 1, zigzag varint                  | 2, zigzag varint                       |
//! | decimal | 2, 16 bytes of `Decimal::serialize` | 3, scale, zigzag varint mantissa     |
//! | date    | 3, days from CE (zigzag varint)   | 4, days from CE (zigzag varint)        |
//! | yes/no  | 4, 0 or 1                         | 5 (no) or 6 (yes)                      |
//! | list    | 5, count, texts                   | 7 (no figure reads a list's items)     |

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::codec::{Reader, Writer};
use crate::ledger::error::Result;
use crate::ledger::model::Value;

/// Where a value is written: the layout of its tag and payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// Case records and history events.
    Record,
    /// Figures records: compact, and read without copying.
    Figures,
}

/// A value as read: texts borrowed from the record; a list's items only in [`Form::Record`].
pub(super) enum Read<'a> {
    Text(&'a str),
    Int(i64),
    Dec(Decimal),
    Date(NaiveDate),
    Bool(bool),
    List(Vec<String>),
}

impl Read<'_> {
    pub(super) fn into_value(self) -> Value {
        match self {
            Read::Text(s) => Value::Text(s.to_string()),
            Read::Int(i) => Value::Int(i),
            Read::Dec(d) => Value::Dec(d),
            Read::Date(d) => Value::Date(d),
            Read::Bool(b) => Value::Bool(b),
            Read::List(l) => Value::List(l),
        }
    }
}

/// Write `v` in `form`.
pub(super) fn put(w: &mut Writer, v: &Value, form: Form) {
    let figures = form == Form::Figures;
    // The figures layout keeps tag 0 for "none" and numbers the types from 1.
    let tag = |w: &mut Writer, record_tag: u8| w.0.push(record_tag + u8::from(figures));
    match v {
        Value::Text(s) => {
            tag(w, 0);
            w.str(s);
        }
        Value::Int(i) => {
            tag(w, 1);
            w.int(*i);
        }
        Value::Dec(d) => {
            tag(w, 2);
            if figures {
                w.0.push(d.scale() as u8);
                big(w, d.mantissa());
            } else {
                w.0.extend_from_slice(&d.serialize());
            }
        }
        Value::Date(d) => {
            tag(w, 3);
            w.day(*d);
        }
        Value::Bool(b) if figures => w.0.push(if *b { 6 } else { 5 }),
        Value::Bool(b) => {
            tag(w, 4);
            w.0.push(u8::from(*b));
        }
        Value::List(_) if figures => w.0.push(7),
        Value::List(l) => {
            tag(w, 5);
            w.strs(l);
        }
    }
}

/// Write `v`, or that there is none, in `form`.
pub(super) fn put_opt(w: &mut Writer, v: Option<&Value>, form: Form) {
    match form {
        Form::Record => w.opt(v, |w, v| put(w, v, Form::Record)),
        Form::Figures => match v {
            None => w.0.push(0),
            Some(v) => put(w, v, Form::Figures),
        },
    }
}

/// Read a value written by [`put`] in `form`.
pub(super) fn take<'a>(r: &mut Reader<'a>, form: Form) -> Result<Read<'a>> {
    let tag = r.byte("a field")?;
    match payload(r, form, tag)? {
        Some(v) => Ok(v),
        None => Err(r.bad("a field's type")),
    }
}

/// Read a value or none written by [`put_opt`] in `form`; `what` names it in the record.
pub(super) fn take_opt<'a>(r: &mut Reader<'a>, form: Form, what: &str) -> Result<Option<Read<'a>>> {
    match form {
        Form::Record => Ok(if r.flag(what)? {
            Some(take(r, form)?)
        } else {
            None
        }),
        Form::Figures => {
            let tag = r.byte("a field")?;
            if tag == 0 {
                return Ok(None);
            }
            match payload(r, form, tag)? {
                Some(v) => Ok(Some(v)),
                None => Err(r.bad("a field's type")),
            }
        }
    }
}

/// The payload after `tag`; None if `tag` is no type's.
fn payload<'a>(r: &mut Reader<'a>, form: Form, tag: u8) -> Result<Option<Read<'a>>> {
    let figures = form == Form::Figures;
    let Some(record_tag) = tag.checked_sub(u8::from(figures)) else {
        return Ok(None);
    };
    Ok(Some(match record_tag {
        0 => Read::Text(r.str_ref("a text field")?),
        1 => Read::Int(r.int("a number field")?),
        2 if figures => {
            let scale = r.byte("a decimal field")?;
            let m = read_big(r, "a decimal field")?;
            Read::Dec(
                Decimal::try_from_i128_with_scale(m, u32::from(scale))
                    .map_err(|_| r.bad("a decimal field"))?,
            )
        }
        2 => {
            let b: [u8; 16] = r
                .take(16, "a decimal field")?
                .try_into()
                .map_err(|_| r.bad("a decimal field"))?;
            Read::Dec(Decimal::deserialize(b))
        }
        3 => Read::Date(r.day("a date field")?),
        4 if figures => Read::Bool(false),
        4 => Read::Bool(r.flag("a yes/no field")?),
        5 if figures => Read::Bool(true),
        5 => Read::List(r.strs("a list field")?),
        6 if figures => Read::List(Vec::new()),
        _ => return Ok(None),
    }))
}

fn big(w: &mut Writer, n: i128) {
    let mut z = ((n << 1) ^ (n >> 127)) as u128;
    while z >= 0x80 {
        w.0.push((z as u8) | 0x80);
        z >>= 7;
    }
    w.0.push(z as u8);
}

fn read_big(r: &mut Reader<'_>, what: &str) -> Result<i128> {
    let mut z = 0u128;
    for shift in (0..128).step_by(7) {
        let b = r.byte(what)?;
        z |= u128::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(((z >> 1) as i128) ^ -((z & 1) as i128));
        }
    }
    Err(r.bad(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(v: Option<&Value>, form: Form) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        put_opt(&mut w, v, form);
        w.0
    }

    /// The bytes files hold, pinned: either layout changing would misread existing ledgers.
    #[test]
    fn both_layouts_keep_the_bytes_files_hold() {
        let day_one = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let dec: Decimal = "3.25".parse().unwrap();
        let mut dec_record = vec![1, 2];
        dec_record.extend_from_slice(&dec.serialize());
        let cases: [(Option<Value>, Vec<u8>, Vec<u8>); 9] = [
            (None, vec![0], vec![0]),
            (
                Some(Value::Text("ab".into())),
                vec![1, 0, 2, b'a', b'b'],
                vec![1, 2, b'a', b'b'],
            ),
            (Some(Value::Int(-2)), vec![1, 1, 3], vec![2, 3]),
            (Some(Value::Dec(dec)), dec_record, vec![3, 2, 0x8a, 0x05]),
            (Some(Value::Date(day_one)), vec![1, 3, 2], vec![4, 2]),
            (Some(Value::Bool(false)), vec![1, 4, 0], vec![5]),
            (Some(Value::Bool(true)), vec![1, 4, 1], vec![6]),
            (
                Some(Value::List(vec!["a".into()])),
                vec![1, 5, 1, 1, b'a'],
                vec![7],
            ),
            (Some(Value::List(Vec::new())), vec![1, 5, 0], vec![7]),
        ];
        for (v, record, figures) in cases {
            assert_eq!(bytes(v.as_ref(), Form::Record), record, "{v:?} in a record");
            assert_eq!(
                bytes(v.as_ref(), Form::Figures),
                figures,
                "{v:?} in figures"
            );
            for form in [Form::Record, Form::Figures] {
                let b = bytes(v.as_ref(), form);
                let mut r = Reader { b: &b, key: "k" };
                let back = take_opt(&mut r, form, "v").unwrap().map(Read::into_value);
                let want = match (&v, form) {
                    (Some(Value::List(_)), Form::Figures) => Some(Value::List(Vec::new())),
                    _ => v.clone(),
                };
                assert_eq!(back, want, "{v:?} in {form:?}");
                assert!(r.b.is_empty());
            }
        }
    }
}
