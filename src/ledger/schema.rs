//! The kinds, their fields, states and transitions, and the deadline rule sets, loaded once from
//! the TOML data compiled into the program (kinds.toml, rules.toml).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::i18n::Lang;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Petition,
    Labour,
    Land,
    Hazard,
    Demolition,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Petition,
        Kind::Labour,
        Kind::Land,
        Kind::Hazard,
        Kind::Demolition,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Petition => "petition",
            Kind::Labour => "labour",
            Kind::Land => "land",
            Kind::Hazard => "hazard",
            Kind::Demolition => "demolition",
        }
    }

    pub fn def(self) -> &'static KindDef {
        schema().kind(self)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        self.def().label(lang)
    }

    /// Accepts the key, the code (XF), or either label, case-insensitively.
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        Kind::ALL.into_iter().find(|k| {
            let d = k.def();
            d.key.key().eq_ignore_ascii_case(s)
                || d.code.eq_ignore_ascii_case(s)
                || d.zh == s
                || d.en.eq_ignore_ascii_case(s)
                || (*k == Kind::Labour && s.eq_ignore_ascii_case("labor"))
        })
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.def().code.eq_ignore_ascii_case(code))
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Int,
    Money,
    AreaMu,
    AreaM2,
    Date,
    Bool,
    Enum,
    List,
}

impl FieldType {
    /// Decimal places kept for the decimal types.
    pub fn scale(self) -> Option<u32> {
        match self {
            FieldType::Money | FieldType::AreaM2 => Some(2),
            FieldType::AreaMu => Some(4),
            _ => None,
        }
    }

    pub fn is_decimal(self) -> bool {
        self.scale().is_some()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub key: String,
    pub zh: String,
    pub en: String,
}

impl Choice {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub key: String,
    pub zh: String,
    pub en: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(default)]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub pii: bool,
}

impl FieldDef {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn choice(&self, s: &str) -> Option<&Choice> {
        let s = s.trim();
        self.options
            .iter()
            .find(|c| c.key.eq_ignore_ascii_case(s) || c.zh == s || c.en.eq_ignore_ascii_case(s))
    }

    pub fn option_keys(&self) -> String {
        self.options
            .iter()
            .map(|c| format!("{} ({})", c.key, c.zh))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateDef {
    pub key: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub terminal: bool,
    pub deadline: Option<String>,
}

impl StateDef {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionDef {
    pub from: Vec<String>,
    pub to: String,
    #[serde(default)]
    pub note: bool,
    #[serde(default)]
    pub requires: Vec<String>,
    /// Role needed when the case is a major hazard (安全生产法 art 41: only a supervisor closes one).
    pub major_role: Option<String>,
    /// Waiting periods (rules) that must have run before this move: the move is refused until
    /// the day after each one's last day.
    #[serde(default)]
    pub wait: Vec<String>,
    /// Windows (rules) this move must come within: refused once one has lapsed (a late review
    /// request, a court application after its three months).
    #[serde(default)]
    pub within: Vec<String>,
    /// Enforcement: not at night or on a statutory holiday (行政强制法 art 43) unless urgent.
    #[serde(default)]
    pub daytime: bool,
    /// The move a lapsed window leads to (close the petition, proceed to enforcement): offered
    /// beside the lapsed date.
    #[serde(default)]
    pub on_lapse: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindDef {
    pub key: Kind,
    pub code: String,
    pub zh: String,
    pub en: String,
    pub initial: String,
    #[serde(rename = "field")]
    pub fields: Vec<FieldDef>,
    #[serde(rename = "state")]
    pub states: Vec<StateDef>,
    #[serde(rename = "transition")]
    pub transitions: Vec<TransitionDef>,
}

impl KindDef {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// A field by key or by either label (as import headers and forms may name it).
    pub fn field_by_name(&self, name: &str) -> Option<&FieldDef> {
        let name = name.trim();
        self.fields.iter().find(|f| {
            f.key.eq_ignore_ascii_case(name) || f.zh == name || f.en.eq_ignore_ascii_case(name)
        })
    }

    pub fn state(&self, key: &str) -> Option<&StateDef> {
        self.states.iter().find(|s| s.key == key)
    }

    pub fn state_by_name(&self, name: &str) -> Option<&StateDef> {
        let name = name.trim();
        self.states.iter().find(|s| {
            s.key.eq_ignore_ascii_case(name) || s.zh == name || s.en.eq_ignore_ascii_case(name)
        })
    }

    pub fn transition(&self, from: &str, to: &str) -> Option<&TransitionDef> {
        self.transitions
            .iter()
            .find(|t| t.to == to && t.from.iter().any(|f| f == from))
    }

    /// The states reachable from `from` in one step, in file order.
    pub fn next_states(&self, from: &str) -> Vec<&StateDef> {
        self.states
            .iter()
            .filter(|s| self.transition(from, &s.key).is_some())
            .collect()
    }

    pub fn is_terminal(&self, state: &str) -> bool {
        self.state(state).is_some_and(|s| s.terminal)
    }

    pub fn pii_fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(|f| f.pii)
    }
}

/// What a period's date means (DOMAIN.md "Kinds of period").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// The office must act by the date: passed, the office is late (逾期).
    #[default]
    Duty,
    /// The party may act until the date: not the office's lateness; lapsed, 期满未申请.
    Window,
    /// The office may not act before the date has passed: shown as 可于…后.
    Wait,
    /// Both: not before the rules in `not_before` have run, and by the date.
    Range,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Duty,
        PeriodKind::Window,
        PeriodKind::Wait,
        PeriodKind::Range,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PeriodKind::Duty => "duty",
            PeriodKind::Window => "window",
            PeriodKind::Wait => "wait",
            PeriodKind::Range => "range",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PeriodKind::Duty => lang.pick("办理时限", "duty"),
            PeriodKind::Window => lang.pick("当事人期限", "party window"),
            PeriodKind::Wait => lang.pick("等待期", "waiting period"),
            PeriodKind::Range => lang.pick("期间(不早于/不晚于)", "minimum and maximum"),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    #[serde(default)]
    pub kind: PeriodKind,
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub working: bool,
    #[serde(default)]
    pub months: Option<u32>,
    #[serde(default)]
    pub from_field: Option<String>,
    /// Counted from this field when `from_field` is empty (the day employment ended, when the
    /// day the worker knew is not recorded).
    #[serde(default)]
    pub or_field: Option<String>,
    /// With neither field recorded, count from the day the stage was entered rather than give
    /// no date (an answer's receipt not yet recorded).
    #[serde(default)]
    pub or_start: bool,
    /// A date set by whoever assigned the case (a transferred petition's deadline): the due date
    /// is this one when it is earlier.
    #[serde(default)]
    pub cap_field: Option<String>,
    /// Another authority's time limit (the arbitration committee's, the social insurance
    /// bureau's), named here: passed, it is that body's delay, not the office's overdue.
    #[serde(default)]
    pub by: Option<String>,
    /// A range's lower bound: the rules that must have run first.
    #[serde(default)]
    pub not_before: Vec<String>,
    /// What a lapsed window or a passed waiting period is called, e.g. "期满未申请复查".
    #[serde(default)]
    pub lapsed_zh: Option<String>,
    #[serde(default)]
    pub lapsed_en: Option<String>,
    #[serde(default)]
    pub extension_max_days: u32,
    #[serde(default)]
    pub extension_max_count: u32,
    #[serde(default)]
    pub basis: String,
}

/// rule set name -> kind key -> rule name -> rule
type RuleSets = BTreeMap<String, BTreeMap<String, BTreeMap<String, DeadlineRule>>>;

#[derive(Debug)]
pub struct Schema {
    kinds: Vec<KindDef>,
    rule_sets: RuleSets,
}

#[derive(Deserialize)]
struct KindsFile {
    kind: Vec<KindDef>,
}

pub const DEFAULT_RULE_SET: &str = "national";

impl Schema {
    fn load() -> Schema {
        // Both files are compiled in and parsed by a unit test, so a mistake in them fails the
        // build's tests rather than reaching a user.
        let kinds: KindsFile =
            toml::from_str(include_str!("kinds.toml")).expect("kinds.toml is valid (tested)");
        let rule_sets: RuleSets =
            toml::from_str(include_str!("rules.toml")).expect("rules.toml is valid (tested)");
        Schema {
            kinds: kinds.kind,
            rule_sets,
        }
    }

    pub fn kind(&self, kind: Kind) -> &KindDef {
        self.kinds
            .iter()
            .find(|k| k.key == kind)
            .expect("every kind is defined in kinds.toml (tested)")
    }

    pub fn rule_set_names(&self) -> Vec<&str> {
        self.rule_sets.keys().map(String::as_str).collect()
    }

    pub fn has_rule_set(&self, name: &str) -> bool {
        self.rule_sets.contains_key(name)
    }

    /// The fields any deadline rule counts from (`from_field`, `or_field`, `cap_field`), in
    /// order.
    pub fn due_fields(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .rule_sets
            .values()
            .flat_map(|kinds| kinds.values())
            .flat_map(|rules| rules.values())
            .flat_map(|r| [&r.from_field, &r.or_field, &r.cap_field])
            .filter_map(|f| f.as_deref())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The names of the rules of `kind` in `rule_set` (with those it inherits), in order.
    pub fn rule_names(&self, rule_set: &str, kind: Kind) -> Vec<&str> {
        let mut v: Vec<&str> = [rule_set, DEFAULT_RULE_SET]
            .iter()
            .filter_map(|set| self.rule_sets.get(*set))
            .filter_map(|k| k.get(kind.key()))
            .flat_map(|r| r.keys().map(String::as_str))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The rule `name` for `kind` in `rule_set`, falling back to the national set.
    pub fn rule(&self, rule_set: &str, kind: Kind, name: &str) -> Option<&DeadlineRule> {
        let find = |set: &str| {
            self.rule_sets
                .get(set)
                .and_then(|k| k.get(kind.key()))
                .and_then(|r| r.get(name))
        };
        find(rule_set).or_else(|| find(DEFAULT_RULE_SET))
    }
}

/// A digest of what the case records' clocks and stored due dates are worked out from: the rule
/// sets and which state runs which rule. A ledger whose records were written under another
/// recomputes them on first open (store/derived.rs).
pub fn clock_digest() -> String {
    static DIGEST: OnceLock<String> = OnceLock::new();
    DIGEST
        .get_or_init(|| {
            let mut text = String::from(include_str!("rules.toml"));
            for kind in Kind::ALL {
                for st in &kind.def().states {
                    text.push_str(&format!("\n{kind}.{}={:?}", st.key, st.deadline));
                }
            }
            // FNV-1a: stable across builds and platforms, unlike the std hasher.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in text.bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            format!("{h:016x}")
        })
        .as_str()
        .to_string()
}

pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(Schema::load)
}

/// Common fields every case has, with their labels (the kind-specific ones live in kinds.toml).
pub const COMMON_FIELDS: &[(&str, &str, &str)] = &[
    ("id", "编号", "ID"),
    ("kind", "类型", "Kind"),
    ("title", "标题", "Title"),
    ("description", "描述", "Description"),
    ("party", "当事方", "Party"),
    ("location", "地点", "Location"),
    ("assignee", "责任人", "Assignee"),
    ("priority", "优先级", "Priority"),
    ("tags", "标签", "Tags"),
    ("state", "状态", "State"),
    ("opened", "登记日期", "Opened"),
    ("due", "期限", "Due"),
    ("closed", "办结日期", "Closed"),
    ("links", "关联", "Links"),
];

pub fn common_label(key: &str, lang: Lang) -> Option<&'static str> {
    COMMON_FIELDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse_and_are_consistent() {
        let s = schema();
        for kind in Kind::ALL {
            let d = s.kind(kind);
            assert!(d.state(&d.initial).is_some(), "{kind}: initial state");
            for t in &d.transitions {
                assert!(d.state(&t.to).is_some(), "{kind}: transition to {}", t.to);
                for f in &t.from {
                    assert!(d.state(f).is_some(), "{kind}: transition from {f}");
                }
                for r in &t.requires {
                    assert!(d.field(r).is_some(), "{kind}: required field {r}");
                }
                for r in t.wait.iter().chain(&t.within) {
                    assert!(
                        s.rule(DEFAULT_RULE_SET, kind, r).is_some(),
                        "{kind}: rule {r}"
                    );
                }
            }
            for st in &d.states {
                if let Some(rule) = &st.deadline {
                    for set in s.rule_set_names() {
                        let r = s
                            .rule(set, kind, rule)
                            .unwrap_or_else(|| panic!("{set}/{kind}: rule {rule}"));
                        for f in [&r.from_field, &r.or_field, &r.cap_field]
                            .into_iter()
                            .flatten()
                        {
                            assert!(d.field(f).is_some(), "{kind}: rule field {f}");
                            assert_eq!(d.field(f).unwrap().ty, FieldType::Date, "{kind}.{f}");
                        }
                        for n in &r.not_before {
                            assert!(s.rule(set, kind, n).is_some(), "{kind}: rule {n}");
                        }
                        assert_eq!(
                            r.kind == PeriodKind::Range,
                            !r.not_before.is_empty(),
                            "{kind}: {rule} is a range exactly when it has a lower bound"
                        );
                        assert!(!r.basis.is_empty(), "{kind}: {rule} names its article");
                    }
                }
                // Every non-terminal state has a way out, every state but the first a way in.
                if !st.terminal {
                    assert!(
                        !d.next_states(&st.key).is_empty(),
                        "{kind}: {} stuck",
                        st.key
                    );
                }
                if st.key != d.initial {
                    assert!(
                        d.transitions.iter().any(|t| t.to == st.key),
                        "{kind}: {} unreachable",
                        st.key
                    );
                }
            }
            for f in &d.fields {
                assert_eq!(
                    f.ty == FieldType::Enum,
                    !f.options.is_empty(),
                    "{kind}.{}",
                    f.key
                );
            }
        }
        assert!(s.has_rule_set("zhejiang"));
    }

    #[test]
    fn kinds_parse_by_key_code_and_label() {
        assert_eq!(Kind::parse("信访"), Some(Kind::Petition));
        assert_eq!(Kind::parse("XF"), Some(Kind::Petition));
        assert_eq!(Kind::parse("labor"), Some(Kind::Labour));
        assert_eq!(Kind::parse("违建拆除"), Some(Kind::Demolition));
        assert_eq!(Kind::parse("nothing"), None);
    }
}
