//! The ledger's errors. Each message is one line that names what was wrong and how to fix it.

use thiserror::Error;

// Serde: a ledger server sends its errors to the client, which shows them as if it had run the
// command itself.
#[derive(Debug, Error, serde::Serialize, serde::Deserialize)]
pub enum LedgerError {
    #[error("invalid {what} {value:?}: {hint}")]
    BadValue {
        what: String,
        value: String,
        hint: String,
    },
    #[error("unknown field {field:?} for {kind}: use one of {known}")]
    UnknownField {
        kind: String,
        field: String,
        known: String,
    },
    #[error("no case {0}: check the id with `taizhang list`")]
    NotFound(String),
    #[error("{id} cannot move from {from} to {to}: allowed next states are {allowed}")]
    Transition {
        id: String,
        from: String,
        to: String,
        allowed: String,
    },
    #[error("{0}")]
    Requirement(String),
    #[error(
        "{id} was changed by {by} meanwhile (now revision {now}, you had {had}): reload it and try again"
    )]
    Conflict {
        id: String,
        by: String,
        had: u64,
        now: u64,
    },
    #[error("query error at column {column}: {message}")]
    Query { column: usize, message: String },
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    #[error(
        "the ledger {path} is busy (another officer is writing); tried for {seconds}s, try again"
    )]
    Busy { path: String, seconds: u64 },
    #[error("the ledger {path} cannot be opened: {message}")]
    Open { path: String, message: String },
    #[error(
        "the ledger {path} was written by a newer taizhang (schema {found}, this one reads up to {supported}): upgrade taizhang"
    )]
    NewerSchema {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error(
        "damaged record {key} in the ledger: {message}; run `taizhang check` and restore it from a backup"
    )]
    Damaged { key: String, message: String },
    #[error("ledger storage error: {0}; run `taizhang check`")]
    Storage(String),
    #[error("{0}")]
    Permission(String),
    #[error("{0}")]
    Io(String),
    /// Refused by the user's role (viewer, officer, supervisor): says which role is needed.
    #[error("{0}")]
    Forbidden(String),
    /// The ledger server could not be reached; the client never falls back to a local file.
    #[error("cannot reach the ledger server at {socket}: {message}")]
    Unreachable { socket: String, message: String },
    /// The ledger server and this program do not understand each other.
    #[error("ledger server {socket}: {message}")]
    Protocol { socket: String, message: String },
}

pub type Result<T, E = LedgerError> = std::result::Result<T, E>;

macro_rules! storage_from {
    ($($t:ty),*) => {$(
        impl From<$t> for LedgerError {
            fn from(e: $t) -> Self {
                LedgerError::Storage(e.to_string())
            }
        }
    )*};
}

storage_from!(
    redb::Error,
    redb::StorageError,
    redb::TableError,
    redb::TransactionError,
    redb::CommitError,
    redb::DatabaseError
);
