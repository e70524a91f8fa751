//! The operations table: everything a ledger can be asked, one row each.
//!
//! **Adding an operation is one row in [`operations!`] plus its implementation as a method of
//! `LocalStore`.** From the rows follow the [`Store`] trait, its implementation for the local
//! file (which passes personal data through the read policy, [`super::access::Personal`]), the
//! [`Ledger`] facade's methods, the protocol's typed request [`Call`] with its reply type, the
//! server's dispatch ([`Call::answer`]) and the ledger server's client (which expands the same
//! table with [`operations!`]).
//!
//! A row reads:
//!
//! ```text
//! /// What it does (the doc of the trait method, the facade method and the request).
//! name Variant (arg: OwnedType = FacadeType, …) -> Reply
//!     { writes: bool, personal: bool, role: Role, facade: bool }
//!     local |store, user| expression calling LocalStore
//!     [, older |store, user| how to answer when a server of an earlier version does not know it];
//! ```
//!
//! `name` is the method, `Variant` the request (its snake_case name is the `op` on the wire).
//! Arguments are the owned wire types; the facade takes `FacadeType` and converts it with
//! [`Own`]. `personal` replies are masked for readers who may not see personal data
//! (`Access::sees_pii`), by the server and in embedded mode alike. `role` is the least role that
//! may ask (documentation: the store checks it). `facade: false` leaves the facade method to be
//! written by hand in `api.rs` (a different signature there).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::access::Role;
use super::api::Ledger;
use super::error::Result;
use super::store::{Digests, LocalStore};

/// The table. Called with the name of a macro, it hands that macro every row (the callback
/// pattern), so the ledger server's client expands the same rows without the core naming it.
macro_rules! operations {
    ($callback:path) => {
        $callback! {
            /// A counter bumped by every committed write: compare it to notice other officers'
            /// changes.
            version Version () -> u64
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.version();
            /// Block until the version differs from `after` or `timeout_ms` (≤ 60 s) passes;
            /// returns the version.
            wait_version WaitVersion (after: u64 = u64, timeout_ms: u64 = u64) -> u64
                { writes: false, personal: false, role: Viewer, facade: false }
                local |s, _u| s.wait_version(after, std::time::Duration::from_millis(timeout_ms));
            /// The rule set the deadlines follow.
            rule_set RuleSet () -> String
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.rule_set();
            /// Change the rule set (supervisors, once the ledger has users).
            set_rule_set SetRuleSet (name: String = &str) -> ()
                { writes: true, personal: false, role: Supervisor, facade: true }
                local |s, u| s.set_rule_set(u, &name);
            /// The yearly targets.
            targets Targets () -> Vec<$crate::ledger::target::Target>
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.targets();
            /// Set a yearly target (replacing any for the same kind, measure and year).
            set_target SetTarget (
                target: $crate::ledger::target::Target = &$crate::ledger::target::Target
            ) -> ()
                { writes: true, personal: false, role: Supervisor, facade: true }
                local |s, u| s.set_target(u, &target);
            /// Remove a target; false if there was none.
            remove_target RemoveTarget (
                kind: $crate::ledger::Kind = $crate::ledger::Kind,
                measure: String = &str,
                year: i32 = i32
            ) -> bool
                { writes: true, personal: false, role: Supervisor, facade: true }
                local |s, u| s.remove_target(u, kind, &measure, year);
            /// Apply commands in one transaction: all are committed, or none (the first error).
            /// `when[i]` dates command i; a server honours it for supervisors only, so nobody
            /// can date their work into the past. The outcomes' field changes are personal data.
            execute_batch ExecuteBatch (
                requests: Vec<$crate::ledger::request::Request> = Vec<$crate::ledger::request::Request>,
                when: Vec<(chrono::DateTime<chrono::Utc>, chrono::NaiveDate)>
                    = Vec<(chrono::DateTime<chrono::Utc>, chrono::NaiveDate)>
            ) -> Vec<$crate::ledger::request::Outcome>
                { writes: true, personal: true, role: Officer, facade: false }
                local |s, u| s.execute_batch(u, requests, &when);
            /// One case.
            get Get (id: String = &str) -> $crate::ledger::Case
                { writes: false, personal: true, role: Viewer, facade: true }
                local |s, _u| s.get(&id);
            /// Every case, in id order.
            cases Cases () -> Vec<$crate::ledger::Case>
                { writes: false, personal: true, role: Viewer, facade: true }
                local |s, _u| s.cases();
            /// The open cases, in id order (quicker than filtering every case: the ledger keeps
            /// an index of them; what `list` and the interface read first).
            open_cases OpenCases () -> Vec<$crate::ledger::Case>
                { writes: false, personal: true, role: Viewer, facade: true }
                local |s, _u| s.open_cases(),
                older |s, u| Ok(s.cases(u)?.into_iter().filter($crate::ledger::Case::is_open).collect());
            /// How many cases there are.
            count Count () -> u64
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.count();
            /// A case's events, oldest first.
            history History (id: String = &str) -> Vec<$crate::ledger::Event>
                { writes: false, personal: true, role: Viewer, facade: true }
                local |s, _u| s.history(&id);
            /// Every event of every case, grouped by case in id order (for reports).
            all_events AllEvents () -> Vec<$crate::ledger::Event>
                { writes: false, personal: true, role: Viewer, facade: true }
                local |s, _u| s.all_events();
            /// Every case's figures record (they hold no personal data; on the wire base64 of
            /// `Digests::to_wire`); None where the store's figures table is behind its ledger
            /// (the figures are then replayed from every case and event).
            digests Figures () -> Option<$crate::ledger::store::Digests>
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.digests(),
                older |_s, _u| Ok(None);
            /// Record that personal data of `ids` was shown in full to the user.
            record_pii_view RecordPiiView (ids: Vec<String> = &[String], purpose: String = &str) -> ()
                { writes: true, personal: false, role: Viewer, facade: true }
                local |s, u| s.record_pii_view(u, &ids, &purpose);
            /// The ledger's broken invariants (see `LocalStore::check`); anyone may ask.
            check Check () -> Vec<String>
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.check();
            /// Rebuild the data derived from the cases and their histories (a supervisor's
            /// alone; a refusal is recorded in the audit log). Returns each change made.
            repair Repair () -> Vec<String>
                { writes: true, personal: false, role: Supervisor, facade: true }
                local |s, u| s.repair(u);
            /// The case imported from `source` (an import reference), if any.
            find_by_source FindBySource (source: String = &str) -> Option<String>
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.find_by_source(&source);
            /// Every import reference and the case it made (one read, for imports of many rows).
            source_map SourceMap () -> std::collections::HashMap<String, String>
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.source_map();
            /// Every case with its history, the targets and the rule set, read in one
            /// transaction.
            snapshot Snapshot () -> $crate::ledger::snapshot::Snapshot
                { writes: false, personal: true, role: Viewer, facade: true }
                local |s, _u| s.snapshot();
            /// Write cases and their histories exactly as given (see `LocalStore::restore`).
            restore Restore (
                items: Vec<($crate::ledger::Case, Vec<$crate::ledger::Event>)>
                    = &[($crate::ledger::Case, Vec<$crate::ledger::Event>)],
                targets: Vec<$crate::ledger::target::Target> = &[$crate::ledger::target::Target],
                rule_set: Option<String> = Option<&str>
            ) -> $crate::ledger::snapshot::Restored
                { writes: true, personal: false, role: Supervisor, facade: true }
                local |s, u| s.restore(u, &items, &targets, rule_set.as_deref());
            /// Bring back a copy's users and audit log (see `LocalStore::restore_access`).
            restore_access RestoreAccess (
                users: Vec<$crate::ledger::access::UserRecord> = &[$crate::ledger::access::UserRecord],
                audit: Vec<$crate::ledger::access::AuditEntry> = &[$crate::ledger::access::AuditEntry]
            ) -> ()
                { writes: true, personal: false, role: Supervisor, facade: true }
                local |s, u| s.restore_access(u, &users, &audit);
            /// Seal the ledger: one digest of every case's history chain, kept and printed (a
            /// supervisor's; recorded).
            seal Seal () -> $crate::ledger::store::chain::SealInfo
                { writes: true, personal: false, role: Supervisor, facade: true }
                local |s, u| s.seal(u);
            /// What has changed since the seal with this digest (nothing when empty).
            verify_seal VerifySeal (digest: String = &str) -> Vec<String>
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.verify_seal(&digest);
            /// The users of the ledger and their roles (empty: an open ledger).
            users Users () -> Vec<$crate::ledger::access::UserRecord>
                { writes: false, personal: false, role: Viewer, facade: true }
                local |s, _u| s.users();
            /// Add a user, change a role or remove a user (supervisors only).
            change_user ChangeUser (
                name: String = &str,
                change: $crate::ledger::access::UserChange = $crate::ledger::access::UserChange
            ) -> ()
                { writes: true, personal: false, role: Supervisor, facade: true }
                local |s, u| s.change_user(u, &name, change);
            /// Privileged actions and refused attempts, oldest first (supervisors only).
            audit_log AuditLog () -> Vec<$crate::ledger::access::AuditEntry>
                { writes: false, personal: false, role: Supervisor, facade: true }
                local |s, u| s.audit_log(u);
        }
    };
}
pub(crate) use operations;

/// Expand `$body` only when the flag is `true` (the table's switches).
macro_rules! when {
    (true { $($body:tt)* }) => { $($body)* };
    (false { $($body:tt)* }) => {};
}

/// Convert a facade argument (borrowed, as callers hold it) into the owned type the table names.
pub trait Own<T> {
    fn own(self) -> T;
}

impl<T> Own<T> for T {
    fn own(self) -> T {
        self
    }
}

impl Own<String> for &str {
    fn own(self) -> String {
        self.to_string()
    }
}

impl<T: Clone> Own<Vec<T>> for &[T] {
    fn own(self) -> Vec<T> {
        self.to_vec()
    }
}

impl Own<super::target::Target> for &super::target::Target {
    fn own(self) -> super::target::Target {
        self.clone()
    }
}

impl Own<Option<String>> for Option<&str> {
    fn own(self) -> Option<String> {
        self.map(String::from)
    }
}

/// Where a dispatched request's typed reply goes (the server writes it to the connection).
pub trait Answer {
    type Out;
    fn reply<T: Serialize>(self, reply: Result<T>) -> Self::Out;
}

macro_rules! core_items {
    ($(
        $(#[$meta:meta])*
        $name:ident $Variant:ident ( $($arg:ident : $ty:ty = $fty:ty),* $(,)? ) -> $reply:ty
            { writes: $writes:tt, personal: $personal:tt, role: $role:ident, facade: $facade:tt }
            local |$s:ident, $u:ident| $local:expr
            $(, older |$os:ident, $ou:ident| $older:expr)?
        ;
    )*) => {
        /// The storage operations of a ledger. Every one names the user asking: embedded, the
        /// operating-system user; on a server, the user the kernel vouched for (a client's
        /// `RemoteStore` ignores it: the server decides).
        pub trait Store: Send + Sync {
            /// The ledger file, or the server's socket.
            fn location(&self) -> &Path;
            /// The authenticated user where a server decides who that is; None in embedded mode.
            fn authenticated_user(&self) -> Option<&str> {
                None
            }
            $(
                $(#[$meta])*
                fn $name(&self, user: &str, $($arg: $ty),*) -> Result<$reply>;
            )*
        }

        impl Store for LocalStore {
            fn location(&self) -> &Path {
                self.path()
            }
            $(
                #[allow(unused_mut)]
                fn $name(&self, user: &str, $($arg: $ty),*) -> Result<$reply> {
                    let $s = self;
                    let $u = user;
                    let mut reply: $reply = $local?;
                    when!($personal {
                        super::access::Personal::mask_for(&mut reply, self.access(user)?);
                    });
                    Ok(reply)
                }
            )*
        }

        impl Ledger {
            $(
                when!($facade {
                    $(#[$meta])*
                    pub fn $name(&self, $($arg: $fty),*) -> Result<$reply> {
                        self.store().$name(self.actor(), $(Own::own($arg)),*)
                    }
                });
            )*
        }

        /// One request of the ledger server's protocol: the operation
        /// and its arguments; the reply's `Ok` holds the operation's reply type.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        #[serde(tag = "op", rename_all = "snake_case")]
        pub enum Call {
            $(
                $(#[$meta])*
                $Variant { $($arg: $ty),* },
            )*
        }

        impl Call {
            /// Whether the call changes the ledger (the server then tells waiting interfaces).
            pub fn writes(&self) -> bool {
                match self {
                    $(Call::$Variant { .. } => $writes,)*
                }
            }

            /// Whether the reply holds personal data, masked for readers who may not see it.
            pub fn personal(&self) -> bool {
                match self {
                    $(Call::$Variant { .. } => $personal,)*
                }
            }

            /// The least role that may ask (the store checks it where the ledger has users).
            pub fn role(&self) -> Role {
                match self {
                    $(Call::$Variant { .. } => Role::$role,)*
                }
            }

            /// Carry out the request as `user` and hand its typed reply to `to`.
            pub fn answer<A: Answer>(self, store: &dyn Store, user: &str, to: A) -> A::Out {
                match self {
                    $(Call::$Variant { $($arg),* } => to.reply(store.$name(user, $($arg),*)),)*
                }
            }
        }
    };
}

operations!(core_items);

/// `figures` travels as base64 of [`Digests::to_wire`] (or null): compact, and opaque to
/// anything but the figures code.
impl Serialize for Digests {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use base64::Engine as _;
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(self.to_wire()))
    }
}

impl<'de> Deserialize<'de> for Digests {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Digests, D::Error> {
        use base64::Engine as _;
        let text = String::deserialize(d)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|e| {
                serde::de::Error::custom(format!("the figures the server sent do not decode ({e})"))
            })?;
        Digests::from_wire(&bytes).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_need_at_least_an_officer_except_recording_a_view() {
        let calls = [
            Call::SetRuleSet { name: "x".into() },
            Call::Repair {},
            Call::ExecuteBatch {
                requests: vec![],
                when: vec![],
            },
        ];
        for c in calls {
            assert!(c.writes() && c.role() >= Role::Officer, "{c:?}");
        }
        let view = Call::RecordPiiView {
            ids: vec![],
            purpose: "show --with-pii".into(),
        };
        assert!(view.writes() && view.role() == Role::Viewer);
        assert!(!Call::Get { id: "x".into() }.writes());
        assert!(Call::Get { id: "x".into() }.personal());
        assert!(!Call::Figures {}.personal());
    }

    #[test]
    fn figures_travel_as_base64_of_their_wire_form() {
        let none: Option<Digests> = None;
        assert_eq!(serde_json::to_string(&none).unwrap(), "null");
        let empty = serde_json::to_value(Some(Digests::default())).unwrap();
        assert_eq!(empty, serde_json::json!(""));
        let back: Option<Digests> = serde_json::from_value(empty).unwrap();
        assert!(back.is_some_and(|d| d.is_empty()));
        let err = serde_json::from_str::<Digests>(r#""not base64!""#).unwrap_err();
        assert!(err.to_string().contains("do not decode"), "{err}");
    }

    #[test]
    fn requests_without_arguments_keep_their_wire_form() {
        assert_eq!(
            serde_json::to_string(&Call::OpenCases {}).unwrap(),
            r#"{"op":"open_cases"}"#
        );
        assert!(matches!(
            serde_json::from_str::<Call>(r#"{"op":"figures"}"#).unwrap(),
            Call::Figures {}
        ));
        assert_eq!(
            serde_json::to_string(&Call::WaitVersion {
                after: 3,
                timeout_ms: 10
            })
            .unwrap(),
            r#"{"op":"wait_version","after":3,"timeout_ms":10}"#
        );
    }
}
