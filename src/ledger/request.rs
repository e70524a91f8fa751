//! What a caller asks the ledger to do with a command, and what the command did.

use super::command::Command;
use super::event::Change;

/// What a committed command did.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub id: String,
    pub rev: u64,
    pub changes: Vec<Change>,
}

/// A command with the revision of the case the user saw, for lost-update detection.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Request {
    pub command: Command,
    pub expect_rev: Option<u64>,
    /// The day the change happened (`--on`), when the officer says it was not today: never in
    /// the future, not before the case's registration or its previous change, and more than the
    /// ledger's limit of days back only for a supervisor where roles are in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<chrono::NaiveDate>,
    /// A stage the case had already reached, brought in from another record (an import): it is
    /// recorded as it happened, and the law's clocks, which govern acting now, are not checked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub past: bool,
}

impl From<Command> for Request {
    fn from(command: Command) -> Self {
        Request {
            command,
            expect_rev: None,
            on: None,
            past: false,
        }
    }
}

impl Request {
    /// The same request, dated to the day it happened.
    pub fn on(mut self, on: Option<chrono::NaiveDate>) -> Self {
        self.on = on;
        self
    }
}
