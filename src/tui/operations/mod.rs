//! The operations on cases, one file each: its form (or picker, or nothing), the requests a
//! submitted form becomes, and what to say when they are done. `submit` runs them (after a
//! confirmation when they touch several cases), `run` holds the one write path and undo.

use crate::ledger::{Command, Request};
use crate::tui::form::{Form, Target};

mod assign;
mod create;
mod demo;
mod edit;
mod extend;
mod import;
mod link;
mod move_;
mod note;
mod pause;
mod resume;
mod run;
mod submit;
mod tag;
mod views;

/// One request per target, each guarded by the revision the officer saw.
fn per(targets: &[Target], make: &dyn Fn(&str) -> Command) -> Vec<Request> {
    targets
        .iter()
        .map(|t| Request {
            command: make(&t.id),
            expect_rev: Some(t.rev),
            on: None,
            past: false,
        })
        .collect()
}

/// A field's text, if it is not empty.
fn opt(form: &Form, key: &str) -> Option<String> {
    Some(form.value(key)).filter(|s| !s.is_empty())
}
