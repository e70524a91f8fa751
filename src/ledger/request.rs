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
}

impl From<Command> for Request {
    fn from(command: Command) -> Self {
        Request {
            command,
            expect_rev: None,
        }
    }
}
