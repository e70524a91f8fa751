//! The ledger's settings: its rule set and its yearly targets (supervisors change them).

use super::derived::bump_version;
use super::users::{audit_in, require_supervisor};
use super::{KEY_RULE_SET, LocalStore, META, TARGETS, encode};
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::schema::{Kind, schema};
use crate::ledger::target::Target;

impl LocalStore {
    pub fn set_rule_set(&self, actor: &str, name: &str) -> Result<()> {
        if !schema().has_rule_set(name) {
            return Err(LedgerError::BadValue {
                what: "rule set".into(),
                value: name.to_string(),
                hint: format!("use one of {}", schema().rule_set_names().join(", ")),
            });
        }
        let action = format!("rules {name}");
        self.guarded(actor, &action, |txn| {
            require_supervisor(
                txn,
                actor,
                "changing the rule set",
                &format!("ask one to `taizhang rules {name}`"),
            )?;
            let mut meta = txn.open_table(META)?;
            meta.insert(KEY_RULE_SET, name.as_bytes())?;
            bump_version(&mut meta)?;
            audit_in(txn, actor, &action, None)
        })
    }

    /// Set a yearly target (replacing any for the same kind, measure and year).
    pub fn set_target(&self, actor: &str, t: &Target) -> Result<()> {
        let key = t.key();
        let action = format!("target set {key} {}", t.guaranteed);
        self.guarded(actor, &action, |txn| {
            require_supervisor(txn, actor, "changing targets", "ask one to set it")?;
            let mut meta = txn.open_table(META)?;
            let mut targets = txn.open_table(TARGETS)?;
            targets.insert(key.as_str(), encode(t)?.as_slice())?;
            bump_version(&mut meta)?;
            audit_in(txn, actor, &action, None)
        })
    }

    /// Remove a target; false if there was none.
    pub fn remove_target(&self, actor: &str, kind: Kind, measure: &str, year: i32) -> Result<bool> {
        let key = target_key(kind, measure, year);
        let action = format!("target remove {key}");
        self.guarded(actor, &action, |txn| {
            require_supervisor(txn, actor, "changing targets", "ask one to remove it")?;
            let mut meta = txn.open_table(META)?;
            let mut targets = txn.open_table(TARGETS)?;
            let removed = targets.remove(key.as_str())?.is_some();
            if removed {
                bump_version(&mut meta)?;
                audit_in(txn, actor, &action, None)?;
            }
            Ok(removed)
        })
    }
}

fn target_key(kind: Kind, measure: &str, year: i32) -> String {
    format!("{}/{measure}/{year}", kind.key())
}
