//! A case and its values: the common fields every kind has, the kind's own typed fields, and the
//! deadline clock. Values are typed: dates are chrono dates, money and areas exact decimals.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::LedgerError;
use super::i18n::Lang;
use super::schema::{FieldDef, FieldType, Kind};
use super::units;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    Text(String),
    Int(i64),
    Dec(Decimal),
    Date(NaiveDate),
    Bool(bool),
    List(Vec<String>),
}

impl Value {
    pub fn as_dec(&self) -> Option<Decimal> {
        match self {
            Value::Dec(d) => Some(*d),
            Value::Int(i) => Some(Decimal::from(*i)),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a user would type it back (keys for choices, ISO dates, plain decimals).
    pub fn raw(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Dec(d) => d.normalize().to_string(),
            Value::Date(d) => d.to_string(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Value::List(v) => v.join(", "),
        }
    }

    /// The value as shown to a reader in `lang`, with units and choice labels.
    pub fn display(&self, def: &FieldDef, lang: Lang) -> String {
        match (self, def.ty) {
            (Value::Dec(d), FieldType::Money) => units::money(*d),
            (Value::Dec(d), FieldType::AreaMu) => {
                format!("{}{}", units::mu(*d), lang.pick("亩", " mu"))
            }
            (Value::Dec(d), FieldType::AreaM2) => {
                format!("{}{}", units::m2(*d), lang.pick("平方米", " m²"))
            }
            (Value::Text(s), FieldType::Enum) => def
                .choice(s)
                .map(|c| c.label(lang).to_string())
                .unwrap_or_else(|| s.clone()),
            (Value::Bool(b), _) => if *b {
                lang.pick("是", "yes")
            } else {
                lang.pick("否", "no")
            }
            .to_string(),
            _ => self.raw(),
        }
    }
}

/// Longest text a field may hold: a page of a petition's demands, not a pasted file.
pub const MAX_TEXT: usize = 4000;

pub fn check_text(what: &str, s: &str) -> Result<(), LedgerError> {
    if s.chars().count() > MAX_TEXT {
        return Err(LedgerError::BadValue {
            what: what.to_string(),
            value: format!("{}…", s.chars().take(20).collect::<String>()),
            hint: format!("keep it under {MAX_TEXT} characters; attach long documents elsewhere"),
        });
    }
    Ok(())
}

/// Parse user text into a field's typed value. Empty text clears the field (returns None).
pub fn parse_value(def: &FieldDef, text: &str) -> Result<Option<Value>, LedgerError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // A list is measured in the form the ledger keeps ("a, b"), which can be longer than what
    // was typed ("a,b"): a list that is accepted can always be typed back.
    if def.ty != FieldType::List {
        check_text(&def.key, t)?;
    }
    let v = match def.ty {
        FieldType::Text => Value::Text(t.to_string()),
        FieldType::Int => {
            let n: i64 = t
                .replace([',', '，'], "")
                .parse()
                .map_err(|_| LedgerError::BadValue {
                    what: def.key.clone(),
                    value: t.to_string(),
                    hint: "write a whole number such as 150".into(),
                })?;
            if !(0..=10_000_000).contains(&n) {
                return Err(LedgerError::BadValue {
                    what: def.key.clone(),
                    value: t.to_string(),
                    hint: "a count must be between 0 and 10000000".into(),
                });
            }
            Value::Int(n)
        }
        FieldType::Money | FieldType::AreaMu | FieldType::AreaM2 => {
            Value::Dec(units::parse_decimal(t, def.ty).map_err(|e| match e {
                LedgerError::BadValue { value, hint, .. } => LedgerError::BadValue {
                    what: def.key.clone(),
                    value,
                    hint,
                },
                e => e,
            })?)
        }
        FieldType::Date => Value::Date(units::parse_date(t).map_err(|e| match e {
            LedgerError::BadValue { value, hint, .. } => LedgerError::BadValue {
                what: def.key.clone(),
                value,
                hint,
            },
            e => e,
        })?),
        FieldType::Bool => match t.to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "是" | "有" => Value::Bool(true),
            "no" | "n" | "false" | "0" | "否" | "无" => Value::Bool(false),
            _ => {
                return Err(LedgerError::BadValue {
                    what: def.key.clone(),
                    value: t.to_string(),
                    hint: "write yes or no (是/否)".into(),
                });
            }
        },
        FieldType::Enum => match def.choice(t) {
            Some(c) => Value::Text(c.key.clone()),
            None => {
                return Err(LedgerError::BadValue {
                    what: def.key.clone(),
                    value: t.to_string(),
                    hint: format!("use one of {}", def.option_keys()),
                });
            }
        },
        FieldType::List => {
            // Only separators ("，", "、;") is an empty list: clear the field as empty text does.
            let items = split_list(t);
            if items.is_empty() {
                return Ok(None);
            }
            let v = Value::List(items);
            check_text(&def.key, &v.raw())?;
            v
        }
    };
    Ok(Some(v))
}

pub fn split_list(t: &str) -> Vec<String> {
    t.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Priority::Low => lang.pick("低", "low"),
            Priority::Normal => lang.pick("中", "normal"),
            Priority::High => lang.pick("高", "high"),
            Priority::Urgent => lang.pick("急", "urgent"),
        }
    }

    pub fn parse(s: &str) -> Result<Priority, LedgerError> {
        let s = s.trim();
        Priority::ALL
            .into_iter()
            .find(|p| p.key().eq_ignore_ascii_case(s) || p.label(Lang::Zh) == s)
            .ok_or_else(|| LedgerError::BadValue {
                what: "priority".into(),
                value: s.to_string(),
                hint: "use low, normal, high or urgent (低/中/高/急)".into(),
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteType {
    Visit,
    Call,
    Coordination,
    Meeting,
    /// A safety inspection (安全检查), counted in hazard summaries.
    Inspection,
    /// An emergency drill (应急演练), counted in hazard summaries.
    Drill,
    #[default]
    Other,
}

impl NoteType {
    pub const ALL: [NoteType; 7] = [
        NoteType::Visit,
        NoteType::Call,
        NoteType::Coordination,
        NoteType::Meeting,
        NoteType::Inspection,
        NoteType::Drill,
        NoteType::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            NoteType::Visit => "visit",
            NoteType::Call => "call",
            NoteType::Coordination => "coordination",
            NoteType::Meeting => "meeting",
            NoteType::Inspection => "inspection",
            NoteType::Drill => "drill",
            NoteType::Other => "other",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            NoteType::Visit => lang.pick("走访", "visit"),
            NoteType::Call => lang.pick("电话", "call"),
            NoteType::Coordination => lang.pick("协调", "coordination"),
            NoteType::Meeting => lang.pick("约谈", "meeting"),
            NoteType::Inspection => lang.pick("检查", "inspection"),
            NoteType::Drill => lang.pick("演练", "drill"),
            NoteType::Other => lang.pick("其他", "other"),
        }
    }

    /// Whether the note is a round of coordination as work summaries count them
    /// (协调次数: visits, coordination sessions and meetings; not phone calls or remarks).
    pub fn is_coordination(self) -> bool {
        matches!(
            self,
            NoteType::Visit | NoteType::Coordination | NoteType::Meeting
        )
    }

    pub fn parse(s: &str) -> Result<NoteType, LedgerError> {
        let s = s.trim();
        NoteType::ALL
            .into_iter()
            .find(|t| t.key().eq_ignore_ascii_case(s) || t.label(Lang::Zh) == s)
            .ok_or_else(|| LedgerError::BadValue {
                what: "note type".into(),
                value: s.to_string(),
                hint: "use visit, call, coordination, meeting, inspection, drill or other (走访/电话/协调/约谈/检查/演练/其他)".into(),
            })
    }
}

/// The deadline clock of the current stage: which rule runs, since when, and what has moved it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    pub rule: String,
    pub started: NaiveDate,
    #[serde(default)]
    pub extended_days: u32,
    #[serde(default)]
    pub extensions: u32,
    #[serde(default)]
    pub paused_days: u32,
    #[serde(default)]
    pub paused_since: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub tags: Vec<String>,
    pub state: String,
    pub opened: NaiveDate,
    #[serde(default)]
    pub closed: Option<NaiveDate>,
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub fields: BTreeMap<String, Value>,
    #[serde(default)]
    pub clock: Option<Clock>,
    /// The due date as last computed (kept for indexing; readers recompute it with their calendar).
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// Number of events in the case's history; also its revision for lost-update checks.
    pub rev: u64,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// Where an imported case came from (file and row), so re-imports do not duplicate it.
    #[serde(default)]
    pub source: Option<String>,
}

impl Case {
    pub fn field(&self, key: &str) -> Option<&Value> {
        self.fields.get(key)
    }

    pub fn dec(&self, key: &str) -> Decimal {
        self.fields
            .get(key)
            .and_then(Value::as_dec)
            .unwrap_or_default()
    }

    pub fn int(&self, key: &str) -> i64 {
        self.fields.get(key).and_then(Value::as_int).unwrap_or(0)
    }

    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.fields.get(key).and_then(Value::as_date)
    }

    pub fn flag(&self, key: &str) -> bool {
        self.fields
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_text)
    }

    pub fn is_open(&self) -> bool {
        !self.kind.def().is_terminal(&self.state)
    }

    pub fn state_label(&self, lang: Lang) -> &str {
        self.kind
            .def()
            .state(&self.state)
            .map(|s| s.label(lang))
            .unwrap_or(&self.state)
    }
}

/// Mask a phone or ID number: keep the first three and last two characters (138****5678).
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 5 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_by_type() {
        let d = Kind::Land.def();
        let area = d.field("area_mu").unwrap();
        assert_eq!(
            parse_value(area, "54.8375").unwrap(),
            Some(Value::Dec("54.8375".parse().unwrap()))
        );
        let reason = d.field("holdout_reason").unwrap();
        assert_eq!(
            parse_value(reason, "地界冲突").unwrap(),
            Some(Value::Text("boundary_dispute".into()))
        );
        let e = parse_value(reason, "angry").unwrap_err().to_string();
        assert!(e.contains("refuses_to_sign"), "{e}");
        assert_eq!(parse_value(area, "  ").unwrap(), None);
        let size = d.field("household_size").unwrap();
        assert!(parse_value(size, "-3").is_err());
        assert!(parse_value(d.field("project").unwrap(), &"长".repeat(MAX_TEXT + 1)).is_err());
    }

    #[test]
    fn a_list_is_measured_as_it_is_kept() {
        let names = Kind::Petition.def().field("petitioners").unwrap();
        // 3,999 characters typed, but kept as "甲, 甲, …" it would be 5,998: refused.
        let typed = vec!["甲"; 2000].join(",");
        assert!(typed.chars().count() <= MAX_TEXT);
        assert!(parse_value(names, &typed).is_err());
        // Many separators around two names are kept as "甲, 乙": accepted.
        let sparse = format!("甲{}乙", ",".repeat(MAX_TEXT + 10));
        let v = parse_value(names, &sparse).unwrap().unwrap();
        assert_eq!(v.raw(), "甲, 乙");
        assert_eq!(parse_value(names, &v.raw()).unwrap(), Some(v));
    }

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask("13812345678"), "138******78");
        assert_eq!(mask("1234"), "****");
    }
}
