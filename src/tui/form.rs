//! Forms: a column of labelled inputs that validate as they are typed, with the same parsers the
//! ledger uses (Decimal amounts and areas, dates in Chinese and ISO forms, choices by key or
//! label), so what the form accepts the ledger accepts. A form knows what it is for; the app
//! turns a submitted form into ledger commands.

use crate::ledger::model::{check_text, parse_value};
use crate::ledger::schema::{FieldDef, FieldType};
use crate::ledger::units::{parse_date, parse_day};
use crate::ledger::{Kind, Lang, NoteType, Priority};

use super::input::Input;

/// A case an operation applies to, with the revision the officer saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    pub rev: u64,
}

/// What a form is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    Create(Kind),
    Edit(Target),
    Move { targets: Vec<Target>, to: String },
    Note(Vec<Target>),
    Assign(Vec<Target>),
    Tag(Vec<Target>),
    Extend(Target),
    Pause(Target),
    Link(Target),
    SaveView { query: String },
}

impl Purpose {
    /// The cases the form is for, whose revisions guard its requests (taken afresh when the
    /// ledger refused a change made against an older one).
    pub fn targets_mut(&mut self) -> &mut [Target] {
        match self {
            Purpose::Edit(t) | Purpose::Extend(t) | Purpose::Pause(t) | Purpose::Link(t) => {
                std::slice::from_mut(t)
            }
            Purpose::Move { targets, .. }
            | Purpose::Note(targets)
            | Purpose::Assign(targets)
            | Purpose::Tag(targets) => targets,
            Purpose::Create(_) | Purpose::SaveView { .. } => &mut [],
        }
    }
}

impl Purpose {
    /// Which form this is, whatever revisions it was opened at: a draft comes back into the
    /// form with the same key.
    pub fn draft_key(&self) -> String {
        let mut p = self.clone();
        for t in p.targets_mut() {
            t.rev = 0;
        }
        format!("{p:?}")
    }
}

/// How a field's text is read and checked.
#[derive(Debug, Clone)]
pub enum Spec {
    Text,
    Priority,
    User,
    Date,
    /// When the change happened (发生日期): a day not in the future; the year may be left out.
    When,
    Typed(&'static FieldDef),
    NoteType,
    Count,
    Days,
    TagChanges,
    /// The tags of a case: words separated by spaces or commas, a leading `+` allowed.
    Tags,
    CaseId,
}

/// The tags written in a tags field: separated by spaces, commas or 、, each with an optional
/// leading `+` (as the tag form takes them): `+噪音 +集体访` is 噪音 and 集体访.
pub fn tag_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .map(|w| w.trim_start_matches('+'))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub spec: Spec,
    pub required: bool,
    pub input: Input,
    /// The value the field started with (an edit sends only the fields that changed).
    pub initial: String,
    /// What is wrong with the text as typed, if anything.
    pub error: Option<String>,
    /// How the ledger will read the text (`54.8375亩`, `2026-05-23`, `满意`).
    pub preview: Option<String>,
    /// Personal data: shown masked, never prefilled.
    pub masked: Option<String>,
    /// What to type, shown under the form while the field has the focus.
    pub hint: Option<String>,
    /// Values offered for completion (the officers known to the ledger, for an assignee).
    pub options: Vec<String>,
    /// Accepted, but worth a second look (an officer the ledger does not know).
    pub warning: Option<String>,
}

impl Field {
    pub fn new(key: &str, label: &str, spec: Spec) -> Field {
        Field {
            key: key.to_string(),
            label: label.to_string(),
            spec,
            required: false,
            input: Input::default(),
            initial: String::new(),
            error: None,
            preview: None,
            masked: None,
            hint: None,
            options: Vec::new(),
            warning: None,
        }
    }

    pub fn options(mut self, options: Vec<String>) -> Field {
        self.options = options;
        self
    }

    pub fn hint(mut self, text: &str) -> Field {
        self.hint = Some(text.to_string());
        self
    }

    /// The text as the ledger is to read it: a tags field as a comma-separated list.
    pub fn ledger_text(&self) -> String {
        match self.spec {
            Spec::Tags => tag_words(self.text()).join(","),
            _ => self.text().to_string(),
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn with(mut self, text: &str) -> Field {
        self.input.set(text);
        self.initial = text.to_string();
        self
    }

    /// The choices a field cycles through with ←/→, as (text typed, label shown).
    pub fn choices(&self, lang: Lang) -> Vec<String> {
        match &self.spec {
            Spec::Priority => Priority::ALL
                .iter()
                .map(|p| p.label(lang).to_string())
                .collect(),
            Spec::NoteType => NoteType::ALL
                .iter()
                .map(|t| t.label(lang).to_string())
                .collect(),
            Spec::Typed(d) if d.ty == FieldType::Enum => {
                let mut v = vec![String::new()];
                v.extend(d.options.iter().map(|o| o.label(lang).to_string()));
                v
            }
            Spec::Typed(d) if d.ty == FieldType::Bool => {
                vec![
                    String::new(),
                    lang.pick("是", "yes").into(),
                    lang.pick("否", "no").into(),
                ]
            }
            _ => Vec::new(),
        }
    }

    pub fn is_choice(&self) -> bool {
        matches!(self.spec, Spec::Priority | Spec::NoteType)
            || matches!(&self.spec, Spec::Typed(d) if matches!(d.ty, FieldType::Enum | FieldType::Bool))
    }

    /// The choices that hold what is typed (all of them while the field is empty or holds a
    /// whole choice).
    pub fn matching_choices(&self, lang: Lang) -> Vec<String> {
        let all: Vec<String> = if self.is_choice() {
            self.choices(lang)
        } else {
            self.options.clone()
        }
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
        let t = self.text().to_lowercase();
        if t.is_empty() || all.iter().any(|c| c.to_lowercase() == t) {
            return all;
        }
        // Choices narrow by any part (协 finds 协调); names by their start.
        let choice = self.is_choice();
        all.into_iter()
            .filter(|c| {
                let c = c.to_lowercase();
                if choice {
                    c.contains(&t)
                } else {
                    c.starts_with(&t)
                }
            })
            .collect()
    }

    /// Text typed into a choice field: a whole choice shown there (prefilled, or picked with
    /// ←/→) is replaced rather than added to.
    pub fn type_into_choice(&mut self, lang: Lang, text: &str) {
        let now = self.text().to_string();
        if !now.is_empty() && self.choices(lang).contains(&now) {
            self.input.clear();
        }
        self.input.insert(text);
    }

    /// Complete a partly typed choice when only one choice holds it (on leaving the field).
    pub fn complete_choice(&mut self, lang: Lang) {
        if self.text().is_empty() || (!self.is_choice() && self.options.is_empty()) {
            return;
        }
        if let [only] = &self.matching_choices(lang)[..]
            && only != self.text()
        {
            let only = only.clone();
            self.input.set(&only);
        }
    }

    /// Step to the next (or previous) choice.
    pub fn cycle(&mut self, lang: Lang, forward: bool) {
        let choices = self.choices(lang);
        if choices.is_empty() {
            return;
        }
        let now = self.input.text().trim().to_string();
        let pos = choices.iter().position(|c| *c == now);
        let n = choices.len();
        let next = match (pos, forward) {
            (Some(p), true) => (p + 1) % n,
            (Some(p), false) => (p + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        self.input.set(&choices[next]);
    }

    /// Check the text as typed; sets `error` and `preview`. Empty required fields are reported
    /// only when `submitting`, so a fresh form does not open full of complaints.
    pub fn validate(&mut self, lang: Lang, submitting: bool, known_id: &dyn Fn(&str) -> bool) {
        let t = self.input.text().trim().to_string();
        self.error = None;
        self.preview = None;
        self.warning = None;
        if t.is_empty() {
            if self.required && submitting {
                self.error = Some(lang.pick("必填", "required").into());
            }
            return;
        }
        let result: Result<Option<String>, String> = match &self.spec {
            Spec::Text => check_text(&self.key, &t)
                .map(|_| None)
                .map_err(|e| e.to_string()),
            Spec::Priority => Priority::parse(&t)
                .map(|p| Some(p.label(lang).to_string()))
                .map_err(|e| e.to_string()),
            Spec::User => {
                if t == "-" {
                    Ok(Some(lang.pick("取消指定", "unassign").into()))
                } else if t.chars().any(char::is_whitespace) || t.chars().count() > 64 {
                    Err(lang
                        .pick(
                            "账号名不能有空格,例如 wang",
                            "an account name has no spaces, e.g. wang",
                        )
                        .into())
                } else {
                    if !self.options.is_empty() && !self.options.contains(&t) {
                        self.warning = Some(match lang {
                            Lang::Zh => format!("台账里没有 {t} 这个人;确认拼写"),
                            Lang::En => {
                                format!("nobody called {t} in this ledger; check the spelling")
                            }
                        });
                    }
                    Ok(None)
                }
            }
            Spec::Date => parse_date(&t)
                .map(|d| Some(d.to_string()))
                .map_err(|e| e.to_string()),
            Spec::When => {
                let today = crate::ledger::clock::today();
                match parse_day(&t, today) {
                    Ok(d) if d > today => Err(lang
                        .pick(
                            "发生日期不能晚于今天",
                            "it cannot have happened after today",
                        )
                        .into()),
                    Ok(d) => Ok(Some(d.to_string())),
                    Err(e) => Err(e.to_string()),
                }
            }
            Spec::Typed(def) => match parse_value(def, &t) {
                Ok(Some(v)) => Ok(Some(if def.pii {
                    String::new()
                } else {
                    v.display(def, lang)
                })),
                Ok(None) => Ok(None),
                Err(e) => Err(e.to_string()),
            },
            Spec::NoteType => NoteType::parse(&t)
                .map(|n| Some(n.label(lang).to_string()))
                .map_err(|e| e.to_string()),
            Spec::Count | Spec::Days => match t.parse::<u32>() {
                Ok(0) if matches!(self.spec, Spec::Days) => {
                    Err(lang.pick("至少 1 天", "at least 1 day").into())
                }
                Ok(_) => Ok(None),
                Err(_) => Err(lang
                    .pick("请写一个整数,例如 15", "write a whole number such as 15")
                    .into()),
            },
            Spec::TagChanges => Ok(None),
            Spec::Tags => {
                let words = tag_words(&t);
                match words.iter().find(|w| w.starts_with('-')) {
                    Some(w) => Err(match lang {
                        Lang::Zh => format!("{w}:这里直接写标签,去掉标签请删去它"),
                        Lang::En => format!("{w}: write the tags; to remove one, delete it"),
                    }),
                    None => words
                        .iter()
                        .try_for_each(|w| check_text("tag", w).map_err(|e| e.to_string()))
                        .map(|_| Some(words.join("、"))),
                }
            }
            Spec::CaseId => {
                if known_id(&t) {
                    Ok(None)
                } else {
                    Err(format!(
                        "{} {}",
                        lang.pick("没有这个编号:", "no case"),
                        t.to_uppercase()
                    ))
                }
            }
        };
        match result {
            Ok(p) => self.preview = p.filter(|p| !p.is_empty() && *p != t),
            // Part of a choice, being typed: the choices it narrows to are shown, not an error
            // (leaving the field completes the one left).
            Err(_)
                if self.is_choice() && !submitting && !self.matching_choices(lang).is_empty() =>
            {
                if let [only] = &self.matching_choices(lang)[..] {
                    self.preview = Some(only.clone());
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    pub fn text(&self) -> &str {
        self.input.text().trim()
    }

    pub fn changed(&self) -> bool {
        self.text() != self.initial.trim()
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    /// A line under the title: which cases the form changes, what a transition needs.
    pub subtitle: String,
    pub purpose: Purpose,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last submission was refused.
    pub error: Option<String>,
    /// Set once a submission was tried: from then on empty required fields are flagged.
    pub tried: bool,
    /// Esc was pressed once on a form with typed text: the next Esc closes it.
    pub asked_cancel: bool,
}

impl Form {
    pub fn new(title: String, purpose: Purpose, fields: Vec<Field>) -> Form {
        Form {
            title,
            subtitle: String::new(),
            purpose,
            fields,
            focus: 0,
            error: None,
            tried: false,
            asked_cancel: false,
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn value(&self, key: &str) -> String {
        self.field(key)
            .map(|f| f.text().to_string())
            .unwrap_or_default()
    }

    pub fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn validate_all(&mut self, lang: Lang, known_id: &dyn Fn(&str) -> bool) -> bool {
        let tried = self.tried;
        for f in &mut self.fields {
            f.validate(lang, tried, known_id);
        }
        self.fields.iter().all(|f| f.error.is_none())
    }

    /// Move the focus to the first field with an error, if any.
    /// The day the form says the change happened (its "when" field), None for today or where
    /// the form has no such field.
    pub fn on(&self) -> Option<chrono::NaiveDate> {
        let today = crate::ledger::clock::today();
        self.field(WHEN)
            .and_then(|f| parse_day(f.text(), today).ok())
            .filter(|d| *d != today)
    }

    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }
}

/// The key of the field every change's form ends with: when it happened (发生日期).
pub const WHEN: &str = "on";

/// The "when" field, prefilled with today.
pub fn when_field(lang: Lang) -> Field {
    Field::new(WHEN, lang.pick("发生日期", "When"), Spec::When)
        .required()
        .with(&crate::ledger::clock::today().to_string())
}

/// The fields of a new case of `kind`: the common ones, then the kind's own from the schema.
pub fn case_fields(kind: Kind, lang: Lang) -> Vec<Field> {
    let l = |k: &str| {
        crate::ledger::schema::common_label(k, lang)
            .unwrap_or(k)
            .to_string()
    };
    let mut v = vec![
        Field::new("title", &l("title"), Spec::Text).required(),
        Field::new("party", &l("party"), Spec::Text),
        Field::new("location", &l("location"), Spec::Text),
        Field::new("assignee", &l("assignee"), Spec::User),
        Field::new("priority", &l("priority"), Spec::Priority).with(Priority::Normal.label(lang)),
        Field::new("tags", &l("tags"), Spec::Tags).hint(lang.pick(
            "多个标签用空格或逗号分开,如 噪音 集体访",
            "separate tags with spaces or commas, e.g. noise collective",
        )),
        Field::new("opened", &l("opened"), Spec::Date),
        Field::new("description", &l("description"), Spec::Text),
    ];
    for d in &kind.def().fields {
        // Named like a common field (a hazard company's 责任人): the kind's name in front.
        let label = if v.iter().any(|f| f.label == d.label(lang))
            || crate::ledger::schema::COMMON_FIELDS
                .iter()
                .any(|(_, zh, en)| lang.pick(zh, en) == d.label(lang))
        {
            match lang {
                Lang::Zh => format!("{}{}", kind.label(lang), d.label(lang)),
                Lang::En => format!("{} ({})", d.label(lang), kind.label(lang)),
            }
        } else {
            d.label(lang).to_string()
        };
        v.push(Field::new(&d.key, &label, Spec::Typed(d)));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_ids(_: &str) -> bool {
        false
    }

    #[test]
    fn typed_fields_validate_as_the_ledger_reads_them() {
        let def = Kind::Land.def().field("area_mu").unwrap();
        let mut f = Field::new("area_mu", "面积", Spec::Typed(def));
        f.input.set("54.8375");
        f.validate(Lang::Zh, false, &no_ids);
        assert_eq!(
            (f.error.as_deref(), f.preview.as_deref()),
            (None, Some("54.8375亩"))
        );
        f.input.set("54.8x");
        f.validate(Lang::Zh, false, &no_ids);
        assert!(
            f.error.as_deref().is_some_and(|e| e.contains("54.8x")),
            "{:?}",
            f.error
        );
        let mut d = Field::new("opened", "登记日期", Spec::Date);
        d.input.set("2026年5月3日");
        d.validate(Lang::Zh, false, &no_ids);
        assert_eq!(d.preview.as_deref(), Some("2026-05-03"));
        d.input.set("2026年2月30日");
        d.validate(Lang::Zh, false, &no_ids);
        assert!(d.error.is_some());
    }

    #[test]
    fn choices_cycle_and_required_fields_wait_for_submission() {
        let def = Kind::Petition.def().field("satisfaction").unwrap();
        let mut f = Field::new("satisfaction", "满意度", Spec::Typed(def));
        f.cycle(Lang::Zh, true);
        assert_eq!(f.text(), "满意");
        f.cycle(Lang::Zh, false);
        f.cycle(Lang::Zh, false);
        assert_eq!(f.text(), "不满意");
        let mut t = Field::new("title", "标题", Spec::Text).required();
        t.validate(Lang::En, false, &no_ids);
        assert!(t.error.is_none());
        t.validate(Lang::En, true, &no_ids);
        assert_eq!(t.error.as_deref(), Some("required"));
    }
}
