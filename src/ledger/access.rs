//! Who may do what: the roles kept in the ledger (viewer, officer, supervisor), the checks the
//! write path applies to each command, and the audit records of privileged actions and refusals.
//!
//! The checks run inside the write transaction, against the case as stored, so a role and an
//! assignment cannot change between the check and the write. A ledger with no users at all is an
//! open ledger (one officer, or a team trusted by file permissions): nothing is checked.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::command::Command;
use super::error::LedgerError;
use super::event::{Change, Event};
use super::i18n::Lang;
use super::model::{Case, Value, mask};
use super::request::Outcome;
use super::schema::Kind;
use super::snapshot::Snapshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads cases and figures, with personal data masked.
    Viewer,
    /// Creates cases and works their own and unassigned ones.
    Officer,
    /// Also reassigns, closes major hazards, sets targets and rule sets, sees personal data,
    /// manages users and reads the audit log.
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Officer, Role::Supervisor];

    pub fn key(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Viewer => lang.pick("查阅", "viewer"),
            Role::Officer => lang.pick("经办", "officer"),
            Role::Supervisor => lang.pick("主管", "supervisor"),
        }
    }

    /// The English key or the Chinese label.
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_lowercase().as_str() {
            "viewer" | "查阅" | "查看" => Some(Role::Viewer),
            "officer" | "经办" | "经办人" => Some(Role::Officer),
            "supervisor" | "主管" | "领导" => Some(Role::Supervisor),
            _ => None,
        }
    }

    fn article(self) -> &'static str {
        match self {
            Role::Officer => "an",
            _ => "a",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// A user of the ledger: an operating-system account name and its role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    pub name: String,
    pub role: Role,
    pub since: DateTime<Utc>,
    pub by: String,
}

/// What `taizhang user` asks of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", content = "role", rename_all = "snake_case")]
pub enum UserChange {
    Add(Role),
    SetRole(Role),
    Remove,
}

/// One line of the audit log: a privileged action done, or an attempt refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub user: String,
    /// What was done or attempted, e.g. `move YH-2026-0003 closed`, `user add li viewer`.
    pub action: String,
    /// Why it was refused; None when it was done.
    #[serde(default)]
    pub refused: Option<String>,
    /// The same refusal repeated by the same user soon after, counted on this line instead of
    /// written again (a flood of refused attempts cannot fill the disk).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub repeats: u64,
    /// When the last of the repeats was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<DateTime<Utc>>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The most changes an officer may make in one batch: a batch holds the ledger's one write lock
/// for its whole length (about 0.15 ms a change), so every other writer waits behind it. A
/// supervisor's batches (imports of a whole 台账) are not bounded.
pub const OFFICER_BATCH_MAX: usize = 10_000;

/// Refuse a batch longer than `role` may make.
pub fn check_batch(role: Option<Role>, len: usize) -> Result<(), LedgerError> {
    if role == Some(Role::Officer) && len > OFFICER_BATCH_MAX {
        return Err(LedgerError::Requirement(format!(
            "{len} changes in one batch are more than an officer may make at once ({OFFICER_BATCH_MAX}), since every other writer waits for it: split the file, or ask a supervisor to import it"
        )));
    }
    Ok(())
}

/// The longest text the audit log keeps of an action or a reason; the rest is counted.
pub const AUDIT_TEXT_MAX: usize = 240;

/// `text` cut to [`AUDIT_TEXT_MAX`] characters, saying how long it was.
pub fn audit_text(text: &str) -> String {
    if text.chars().count() <= AUDIT_TEXT_MAX {
        return text.to_string();
    }
    let kept: String = text.chars().take(AUDIT_TEXT_MAX).collect();
    format!("{kept}… ({} bytes in all)", text.len())
}

/// A user's standing in a ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The ledger has no users: nothing is checked (file permissions are the boundary).
    Open,
    Known(Role),
    /// The ledger has users and this is not one of them.
    Unknown,
}

impl Access {
    /// The role to check against, or the refusal of an unknown user.
    pub fn role(self, user: &str) -> Result<Option<Role>, LedgerError> {
        match self {
            Access::Open => Ok(None),
            Access::Known(r) => Ok(Some(r)),
            Access::Unknown => Err(not_a_user(user)),
        }
    }

    /// Whether personal data may be shown in full.
    pub fn sees_pii(self) -> bool {
        matches!(self, Access::Open | Access::Known(Role::Supervisor))
    }
}

pub fn not_a_user(user: &str) -> LedgerError {
    LedgerError::Forbidden(format!(
        "{user} is not a user of this ledger: ask a supervisor to `taizhang user add {user} --role officer`"
    ))
}

/// The one-line refusal: who the user is, what the action needs, and how to get it done.
pub fn refuse(user: &str, role: Role, action: &str, needed: Role, fix: &str) -> LedgerError {
    LedgerError::Forbidden(format!(
        "{user} is {} {role}; {action} needs {} {needed}: {fix}",
        role.article(),
        needed.article()
    ))
}

/// Refuse unless `role` is at least `needed` (None: an open ledger, allowed).
pub fn require(
    user: &str,
    role: Option<Role>,
    needed: Role,
    action: &str,
    fix: &str,
) -> Result<(), LedgerError> {
    match role {
        Some(r) if r < needed => Err(refuse(user, r, action, needed, fix)),
        _ => Ok(()),
    }
}

/// A short description of a command for the audit log.
pub fn describe(cmd: &Command) -> String {
    match cmd {
        Command::Create { kind, title, .. } => format!("add {} {title:?}", kind.key()),
        Command::Edit { id, fields } => {
            format!(
                "edit {id} {}",
                fields
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        }
        Command::Move { id, to, .. } => format!("move {id} {to}"),
        Command::Assign { id, user } => format!("assign {id} {}", user.as_deref().unwrap_or("-")),
        Command::Note { id, .. } => format!("note {id}"),
        Command::SharedNote { ids, .. } => format!("note {}", ids.join(" ")),
        Command::Extend { id, days, .. } => format!("extend {id} {days}"),
        Command::Pause { id, .. } => format!("pause {id}"),
        Command::Resume { id } => format!("resume {id}"),
        Command::Link { id, other } => format!("link {id} {other}"),
        Command::Tag { id, .. } => format!("tag {id}"),
    }
}

/// May `user` work on `case` at all? Officers work their own and unassigned cases.
pub fn check_case(user: &str, role: Option<Role>, case: &Case) -> Result<(), LedgerError> {
    let Some(role) = role else { return Ok(()) };
    if role == Role::Viewer {
        return Err(refuse(
            user,
            role,
            "recording changes",
            Role::Officer,
            &format!("ask a supervisor to `taizhang user set-role {user} officer`"),
        ));
    }
    if role < Role::Supervisor
        && let Some(owner) = case.assignee.as_deref()
        && owner != user
    {
        return Err(refuse(
            user,
            role,
            &format!("working {}, which is assigned to {owner},", case.id),
            Role::Supervisor,
            &format!(
                "ask {owner} or a supervisor to `taizhang assign {} {user}`",
                case.id
            ),
        ));
    }
    Ok(())
}

fn is_major(case: &Case) -> bool {
    case.kind == Kind::Hazard
        && matches!(case.fields.get("grade"), Some(Value::Text(g)) if g == "major")
}

/// Checks on what a command did to a case (`before` is None for a creation): assignment to
/// others, closing a major hazard, and downgrading one, which would get round the closing rule.
pub fn check_changes(
    user: &str,
    role: Option<Role>,
    before: Option<&Case>,
    after: &Case,
    changes: &[Change],
) -> Result<(), LedgerError> {
    let Some(role) = role else { return Ok(()) };
    if role == Role::Viewer {
        return Err(refuse(
            user,
            role,
            "recording changes",
            Role::Officer,
            &format!("ask a supervisor to `taizhang user set-role {user} officer`"),
        ));
    }
    let id = &after.id;
    for change in changes {
        match change {
            Change::Assigned {
                after: Some(to), ..
            } if to != user => {
                // A new case's id is not taken until it is written: name it only if it exists.
                let (what, fix) = if before.is_none() {
                    (
                        format!("assigning a new case to {to}"),
                        "add it unassigned, or ask a supervisor to assign it".to_string(),
                    )
                } else {
                    (
                        format!("assigning {id} to {to}"),
                        format!("ask a supervisor to `taizhang assign {id} {to}`"),
                    )
                };
                require(user, Some(role), Role::Supervisor, &what, &fix)?;
            }
            Change::State { from, to, .. } => {
                let needed = after
                    .kind
                    .def()
                    .transition(from, to)
                    .and_then(|t| t.major_role.as_deref())
                    // A misspelt role in the workflow file must not open the door: the strictest.
                    .map(|r| Role::parse(r).unwrap_or(Role::Supervisor));
                if let Some(needed) = needed
                    && (is_major(after) || before.is_some_and(is_major))
                {
                    require(
                        user,
                        Some(role),
                        needed,
                        &format!("moving major hazard {id} to {to}"),
                        &format!("ask one to `taizhang move {id} {to}`"),
                    )?;
                }
            }
            Change::Field { field, .. }
                if field == "grade" && before.is_some_and(is_major) && !is_major(after) =>
            {
                require(
                    user,
                    Some(role),
                    Role::Supervisor,
                    &format!("downgrading major hazard {id}"),
                    &format!("ask one to `taizhang edit {id} grade=…`"),
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The one read policy: personal data (the Text and List values of a kind's pii fields, in a
/// case and in a field change's before and after) is masked for a reader who may not see it in
/// full. Every reader goes through it: the store's replies (embedded and served alike), exports,
/// `show` and `history`.
pub trait Personal {
    /// Mask the personal data in place.
    fn mask_personal(&mut self);

    /// Mask unless `access` may see personal data in full.
    fn mask_for(&mut self, access: Access) {
        if !access.sees_pii() {
            self.mask_personal();
        }
    }
}

impl Personal for Case {
    fn mask_personal(&mut self) {
        for f in self.kind.def().pii_fields() {
            if let Some(v) = self.fields.get_mut(&f.key) {
                mask_value(v);
            }
        }
    }
}

impl Personal for Event {
    fn mask_personal(&mut self) {
        if let Some(kind) = kind_of(&self.case) {
            mask_change(kind, &mut self.change);
        }
    }
}

impl Personal for Outcome {
    fn mask_personal(&mut self) {
        if let Some(kind) = kind_of(&self.id) {
            for c in &mut self.changes {
                mask_change(kind, c);
            }
        }
    }
}

impl Personal for Snapshot {
    /// A copy for someone who may not see everything: numbers masked, the audit log (a
    /// supervisor's to read) left out, and the copy marked partial.
    fn mask_personal(&mut self) {
        self.cases.mask_personal();
        self.audit.clear();
        self.partial = Some(
            "made by a user who is not a supervisor: phone and ID numbers masked, audit log left out"
                .into(),
        );
    }
}

impl<T: Personal> Personal for Vec<T> {
    fn mask_personal(&mut self) {
        self.iter_mut().for_each(T::mask_personal);
    }
}

impl<T: Personal> Personal for Option<T> {
    fn mask_personal(&mut self) {
        if let Some(v) = self {
            v.mask_personal();
        }
    }
}

impl<A: Personal, B: Personal> Personal for (A, B) {
    fn mask_personal(&mut self) {
        self.0.mask_personal();
        self.1.mask_personal();
    }
}

/// The kind a case id names (`XF-2026-0001`: a petition).
fn kind_of(id: &str) -> Option<Kind> {
    id.split('-').next().and_then(Kind::from_code)
}

/// Mask personal data in a case, for users who may not see it in full.
pub fn mask_case(case: &mut Case) {
    case.mask_personal();
}

/// Mask personal data in an event (field edits of personal-data fields).
pub fn mask_event(event: &mut Event) {
    event.mask_personal();
}

/// Mask a field change's before and after where the field is personal data.
pub fn mask_change(kind: Kind, change: &mut Change) {
    if let Change::Field {
        field,
        before,
        after,
    } = change
        && kind.def().field(field).is_some_and(|f| f.pii)
    {
        for v in [before, after].into_iter().flatten() {
            mask_value(v);
        }
    }
}

/// The one rule for a personal value: each text masked, keeping only its ends.
pub fn mask_value(v: &mut Value) {
    match v {
        Value::Text(s) => *s = mask(s),
        Value::List(l) => l.iter_mut().for_each(|s| *s = mask(s)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::calendar::Calendar;
    use crate::ledger::command::{self, Context};

    fn hazard(assignee: Option<&str>, grade: &str) -> Case {
        let cal = Calendar::none();
        let ctx = Context {
            today: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            time: None,
            recorded: false,
            rule_set: "national",
            calendar: &cal,
        };
        let mut fields = vec![("grade".to_string(), grade.to_string())];
        if let Some(a) = assignee {
            fields.push(("assignee".into(), a.into()));
        }
        let (mut c, _) = command::create(
            "YH-2026-0001".into(),
            Kind::Hazard,
            "隐患",
            &fields,
            None,
            &ctx,
            Utc::now(),
        )
        .unwrap();
        c.state = "recheck".into();
        c
    }

    fn close(_: &Case) -> Vec<Change> {
        vec![Change::State {
            from: "recheck".into(),
            to: "closed".into(),
            note: None,
        }]
    }

    #[test]
    fn roles_parse_from_keys_and_labels_and_order_by_power() {
        assert_eq!(Role::parse("Supervisor"), Some(Role::Supervisor));
        assert_eq!(Role::parse("经办"), Some(Role::Officer));
        assert_eq!(Role::parse("admin"), None);
        assert!(Role::Viewer < Role::Officer && Role::Officer < Role::Supervisor);
    }

    #[test]
    fn only_a_supervisor_closes_a_major_hazard() {
        let c = hazard(None, "major");
        let err = check_changes("wang", Some(Role::Officer), Some(&c), &c, &close(&c))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "wang is an officer; moving major hazard YH-2026-0001 to closed needs a supervisor: ask one to `taizhang move YH-2026-0001 closed`"
        );
        assert!(check_changes("zhang", Some(Role::Supervisor), Some(&c), &c, &close(&c)).is_ok());
        let g = hazard(None, "general");
        assert!(check_changes("wang", Some(Role::Officer), Some(&g), &g, &close(&g)).is_ok());
        // An open ledger checks nothing.
        assert!(check_changes("wang", None, Some(&c), &c, &close(&c)).is_ok());
    }

    #[test]
    fn an_officer_cannot_downgrade_a_major_hazard_to_close_it() {
        let before = hazard(None, "major");
        let after = hazard(None, "general");
        let ch = vec![Change::Field {
            field: "grade".into(),
            before: None,
            after: None,
        }];
        let err = check_changes("wang", Some(Role::Officer), Some(&before), &after, &ch)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("downgrading major hazard") && err.contains("needs a supervisor"),
            "{err}"
        );
        // Closing in the same command that downgrades is refused too.
        assert!(
            check_changes(
                "wang",
                Some(Role::Officer),
                Some(&before),
                &after,
                &close(&after)
            )
            .is_err()
        );
    }

    #[test]
    fn officers_work_their_own_and_unassigned_cases_only() {
        assert!(check_case("wang", Some(Role::Officer), &hazard(None, "general")).is_ok());
        assert!(
            check_case(
                "wang",
                Some(Role::Officer),
                &hazard(Some("wang"), "general")
            )
            .is_ok()
        );
        let err = check_case("wang", Some(Role::Officer), &hazard(Some("li"), "general"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("wang is an officer; working YH-2026-0001, which is assigned to li, needs a supervisor"), "{err}");
        assert!(
            check_case(
                "zhang",
                Some(Role::Supervisor),
                &hazard(Some("li"), "general")
            )
            .is_ok()
        );
        let err = check_case("zhao", Some(Role::Viewer), &hazard(None, "general"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("zhao is a viewer; recording changes needs an officer"),
            "{err}"
        );
    }

    #[test]
    fn officers_take_cases_but_do_not_hand_them_to_others() {
        let c = hazard(None, "general");
        let to = |u: &str| {
            vec![Change::Assigned {
                before: None,
                after: Some(u.into()),
            }]
        };
        assert!(check_changes("wang", Some(Role::Officer), Some(&c), &c, &to("wang")).is_ok());
        let err = check_changes("wang", Some(Role::Officer), Some(&c), &c, &to("li"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("assigning YH-2026-0001 to li needs a supervisor"),
            "{err}"
        );
        assert!(check_changes("zhang", Some(Role::Supervisor), Some(&c), &c, &to("li")).is_ok());
    }

    #[test]
    fn unknown_users_are_refused_and_told_how_to_get_in() {
        let err = Access::Unknown.role("zhao").unwrap_err().to_string();
        assert_eq!(
            err,
            "zhao is not a user of this ledger: ask a supervisor to `taizhang user add zhao --role officer`"
        );
        assert!(Access::Open.sees_pii() && Access::Known(Role::Supervisor).sees_pii());
        assert!(!Access::Known(Role::Officer).sees_pii());
    }

    #[test]
    fn the_policy_masks_every_text_of_a_personal_list() {
        let mut c = hazard(None, "general");
        let mut p = c.clone();
        p.kind = Kind::Petition;
        p.fields.insert(
            "phone".into(),
            Value::List(vec!["13812345678".into(), "13987654321".into()]),
        );
        p.mask_for(Access::Known(Role::Officer));
        assert_eq!(
            p.fields.get("phone"),
            Some(&Value::List(vec![
                "138******78".into(),
                "139******21".into()
            ]))
        );
        let mut e = Event {
            case: "XF-2026-0001".into(),
            seq: 2,
            at: Utc::now(),
            actor: "wang".into(),
            change: Change::Field {
                field: "phone".into(),
                before: Some(Value::List(vec!["13812345678".into()])),
                after: None,
            },
            on: None,
        };
        let kept = e.clone();
        e.mask_for(Access::Known(Role::Supervisor));
        assert_eq!(e.change, kept.change, "a supervisor sees it in full");
        e.mask_for(Access::Known(Role::Viewer));
        assert!(matches!(
            e.change,
            Change::Field { before: Some(Value::List(ref l)), .. } if l == &["138******78"]
        ));
        // Fields that are not personal data are left alone.
        let before = c.clone();
        c.mask_personal();
        assert_eq!(c.fields, before.fields);
    }

    #[test]
    fn masking_hides_personal_data_in_cases_and_events() {
        let cal = Calendar::none();
        let ctx = Context {
            today: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            time: None,
            recorded: false,
            rule_set: "national",
            calendar: &cal,
        };
        let fields = vec![("phone".to_string(), "13812345678".to_string())];
        let (mut c, _) = command::create(
            "XF-2026-0001".into(),
            Kind::Petition,
            "信访",
            &fields,
            None,
            &ctx,
            Utc::now(),
        )
        .unwrap();
        mask_case(&mut c);
        assert_eq!(
            c.fields.get("phone"),
            Some(&Value::Text("138******78".into()))
        );
        let mut e = Event {
            case: "XF-2026-0001".into(),
            seq: 2,
            at: Utc::now(),
            actor: "wang".into(),
            change: Change::Field {
                field: "phone".into(),
                before: None,
                after: Some(Value::Text("13812345678".into())),
            },
            on: None,
        };
        mask_event(&mut e);
        assert!(
            matches!(e.change, Change::Field { after: Some(Value::Text(ref s)), .. } if s == "138******78")
        );
    }
}
