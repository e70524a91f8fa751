//! The client side: a [`Store`] that asks a ledger server over its Unix socket. The command line
//! and the interface use it through [`crate::ledger::Ledger`] exactly as they use a local file.

use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use super::protocol::{Call, Hello, MAX_REPLY, PROTOCOL, Welcome, read_frame, write_frame};
use crate::ledger::ops::Store;
use crate::ledger::{Calendar, Ledger, LedgerError, Result};

/// How often a waiting read wakes to check its deadline.
const POLL: Duration = Duration::from_millis(500);
/// How long a reply may take to begin: the server's writes wait at most 20 s for the file.
const REPLY_WITHIN: Duration = Duration::from_secs(120);
/// How long a reply may take to arrive in full once begun (a whole large ledger).
const BODY_WITHIN: Duration = Duration::from_secs(600);

pub struct RemoteStore {
    socket: PathBuf,
    user: String,
    conn: Mutex<Option<UnixStream>>,
    /// A second connection for `wait_version`, so an interface waiting for changes does not
    /// hold up its own requests.
    waiter: Mutex<Option<UnixStream>>,
}

fn unreachable(socket: &Path, e: &io::Error) -> LedgerError {
    let fix = "start it (`systemctl start taizhang`, or `taizhang serve` as the service account), or fix --server, TAIZHANG_SERVER or server= in config.toml";
    let message = match e.kind() {
        io::ErrorKind::NotFound => {
            format!("no server is listening there (the socket does not exist): {fix}")
        }
        io::ErrorKind::ConnectionRefused => {
            format!("nothing is listening on it (the server stopped): {fix}")
        }
        io::ErrorKind::PermissionDenied => format!(
            "permission denied: ask to be added to the socket's group (`ls -l {}` shows it), then log in again",
            socket.display()
        ),
        _ => format!("{e}: {fix}"),
    };
    LedgerError::Unreachable {
        socket: socket.display().to_string(),
        message,
    }
}

/// Whether the server refused a call it does not know (it is of an earlier version): the client
/// then asks in the older way, for calls that have one.
fn unknown_call(e: &LedgerError) -> bool {
    matches!(e, LedgerError::Protocol { message, .. } if message.starts_with(super::UNKNOWN_CALL))
}

fn lost(socket: &Path, e: impl std::fmt::Display) -> LedgerError {
    LedgerError::Unreachable {
        socket: socket.display().to_string(),
        message: format!(
            "the connection broke before the server answered ({e}): if you were changing something, check whether it was recorded before trying again"
        ),
    }
}

/// The server closed the connection before anything was asked of it: nothing can have changed.
fn not_sent(socket: &Path, e: impl std::fmt::Display) -> LedgerError {
    LedgerError::Unreachable {
        socket: socket.display().to_string(),
        message: format!(
            "the server closed the connection before the request was sent ({e}): nothing was changed; try again in a moment"
        ),
    }
}

/// Whether the server has closed the connection (it does after an idle hour, or on shutdown):
/// a peek that returns end-of-file, or anything unasked-for.
fn is_closed(s: &UnixStream) -> bool {
    use nix::sys::socket::{MsgFlags, recv};
    let mut b = [0u8; 1];
    match recv(
        s.as_raw_fd(),
        &mut b,
        MsgFlags::MSG_PEEK | MsgFlags::MSG_DONTWAIT,
    ) {
        Ok(_) => true,
        Err(nix::errno::Errno::EAGAIN) => false,
        Err(_) => true,
    }
}

impl RemoteStore {
    /// Connect and introduce ourselves; the server answers with the user it authenticated.
    pub fn connect(socket: &Path) -> Result<RemoteStore> {
        let (stream, welcome) = open(socket)?;
        Ok(RemoteStore {
            socket: socket.to_path_buf(),
            user: welcome.user,
            conn: Mutex::new(Some(stream)),
            waiter: Mutex::new(None),
        })
    }

    fn call<T: DeserializeOwned>(
        &self,
        slot: &Mutex<Option<UnixStream>>,
        call: &Call,
        within: Duration,
    ) -> Result<T> {
        let mut guard = slot.lock().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().is_some_and(is_closed) {
            *guard = None;
        }
        let stream = match guard.as_mut() {
            Some(s) => s,
            None => guard.insert(open(&self.socket)?.0),
        };
        // A request the server never had whole cannot have changed anything.
        if let Err(e) = write_frame(stream, call) {
            *guard = None;
            return Err(not_sent(&self.socket, e));
        }
        let deadline = Instant::now() + within;
        let result = read_frame(stream, MAX_REPLY, BODY_WITHIN, || Instant::now() < deadline);
        if result.is_err() {
            // Whatever went wrong, this connection is out of step: the next call opens another.
            *guard = None;
        }
        match result {
            Ok(bytes) => serde_json::from_slice::<Result<T, LedgerError>>(&bytes).map_err(|e| LedgerError::Protocol {
                socket: self.socket.display().to_string(),
                message: format!("unreadable reply ({e}): the server runs another version of taizhang; install the same version"),
            })?,
            Err(e) => Err(lost(&self.socket, e)),
        }
    }

    /// Ask on the request connection, or for `wait_version` on the second one, which may
    /// wait as long as the caller asked.
    fn ask<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        match call {
            Call::WaitVersion { timeout_ms, .. } => self.call(
                &self.waiter,
                &call,
                Duration::from_millis(timeout_ms) + REPLY_WITHIN,
            ),
            _ => self.call(&self.conn, &call, REPLY_WITHIN),
        }
    }
}

fn open(socket: &Path) -> Result<(UnixStream, Welcome)> {
    let mut stream = UnixStream::connect(socket).map_err(|e| unreachable(socket, &e))?;
    let setup = stream
        .set_read_timeout(Some(POLL))
        .and_then(|_| stream.set_write_timeout(Some(REPLY_WITHIN)));
    setup.map_err(|e| unreachable(socket, &e))?;
    let hello = Hello {
        protocol: PROTOCOL,
        program: format!("taizhang {}", env!("CARGO_PKG_VERSION")),
    };
    write_frame(&mut stream, &hello).map_err(|e| not_sent(socket, e))?;
    let deadline = Instant::now() + Duration::from_secs(30);
    let bytes = read_frame(&mut stream, 1 << 20, Duration::from_secs(30), || {
        Instant::now() < deadline
    })
    .map_err(|e| not_sent(socket, e))?;
    let welcome: Result<Welcome, LedgerError> =
        serde_json::from_slice(&bytes).map_err(|e| LedgerError::Protocol {
            socket: socket.display().to_string(),
            message: format!("unreadable greeting ({e}): is this a taizhang ledger server?"),
        })?;
    let welcome = welcome?;
    if welcome.protocol != PROTOCOL {
        return Err(LedgerError::Protocol {
            socket: socket.display().to_string(),
            message: format!(
                "the server ({}) speaks protocol {}, this taizhang speaks {PROTOCOL}: install the same version on both",
                welcome.program, welcome.protocol
            ),
        });
    }
    Ok((stream, welcome))
}

/// The client's side of every row of the operations table: send the request, read its typed
/// reply. The acting user is not sent: the server takes it from the socket.
macro_rules! remote_items {
    ($(
        $(#[$meta:meta])*
        $name:ident $Variant:ident ( $($arg:ident : $ty:ty = $fty:ty),* $(,)? ) -> $reply:ty
            { writes: $writes:tt, personal: $personal:tt, role: $role:ident, facade: $facade:tt }
            local |$s:ident, $u:ident| $local:expr
            $(, older |$os:ident, $ou:ident| $older:expr)?
        ;
    )*) => {
        impl Store for RemoteStore {
            fn location(&self) -> &Path {
                &self.socket
            }
            fn authenticated_user(&self) -> Option<&str> {
                Some(&self.user)
            }
            $(
                fn $name(&self, _user: &str, $($arg: $ty),*) -> Result<$reply> {
                    match self.ask::<$reply>(Call::$Variant { $($arg),* }) {
                        // A server of an earlier version does not know the request: ask as it
                        // allows.
                        $(Err(e) if unknown_call(&e) => {
                            let $os = self;
                            let $ou = _user;
                            $older
                        })?
                        other => other,
                    }
                }
            )*
        }
    };
}

crate::ledger::ops::operations!(remote_items);

/// The ledger held by the server listening on `socket`. Never falls back to a local file: an
/// unreachable server is an error saying so.
pub fn connect(socket: &Path, calendar: Calendar) -> Result<Ledger> {
    let store = RemoteStore::connect(socket)?;
    Ok(Ledger::with_store(Box::new(store), calendar))
}
