//! The ledger core: the casework domain and its storage. Nothing here draws a screen; the command
//! line and the interface are thin layers over [`api::Ledger`]'s one write path.

pub mod access;
pub mod api;
pub mod calendar;
pub mod clock;
pub mod command;
pub mod deadline;
pub mod error;
pub mod event;
pub mod history;
pub mod i18n;
pub mod model;
pub mod ops;
pub mod present;
pub mod query;
pub mod report;
pub mod request;
pub mod schema;
pub mod snapshot;
pub mod store;
pub mod target;
pub mod text;
pub mod units;

pub use api::Ledger;
pub use calendar::Calendar;
pub use command::Command;
pub use error::{LedgerError, Result};
pub use event::{Change, Event};
pub use i18n::Lang;
pub use model::{Case, NoteType, Priority, Value};
pub use request::{Outcome, Request};
pub use schema::Kind;
pub use target::Target;
