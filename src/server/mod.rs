//! `taizhang serve`: one process, under a service account, owns the ledger file; officers'
//! `taizhang` processes reach it over a Unix socket. The kernel tells the server who is at the
//! other end of each connection (SO_PEERCRED), so nobody can act as someone else, the roles in
//! the ledger decide what each may do, and the file itself is out of every officer's reach.
//!
//! One thread per connection, at most `max_connections`; requests are short redb transactions.
//! A request must arrive in full within [`REQUEST_WITHIN`] once begun, so a stalled client holds
//! only its own thread. SIGTERM stops accepting, lets requests under way finish, then exits.

pub mod client;
pub mod protocol;

use std::collections::HashMap;
use std::io;
use std::os::fd::{AsFd, FromRawFd};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::ledger::access::{self, Access, Role};
use crate::ledger::clock::current_user;
use crate::ledger::ops::{Answer, Store};
use crate::ledger::store::{LocalStore, MAX_WAIT};
use crate::ledger::text::sanitize;
use crate::ledger::{Calendar, LedgerError, Result};
use protocol::{
    Call, FrameError, Hello, PROTOCOL, Welcome, read_frame, read_frame_within, write_frame,
};

/// Where the server listens and clients look when nothing else is said.
pub const DEFAULT_SOCKET: &str = "/run/taizhang/taizhang.sock";
pub const DEFAULT_MAX_CONNECTIONS: usize = 64;
/// How often an idle connection thread wakes to notice a shutdown.
const POLL: Duration = Duration::from_millis(200);
/// Once a request has begun, all of it must arrive within this.
pub const REQUEST_WITHIN: Duration = Duration::from_secs(10);
/// How long a new connection has to say hello.
const HELLO_WITHIN: Duration = Duration::from_secs(5);
/// A connection with no request under way is closed after this (the client reconnects when it
/// next asks; an interface waiting for changes has a request under way).
const IDLE_LIMIT: Duration = Duration::from_secs(120);
/// The request bytes all connections together may be receiving at once: a request reserves its
/// announced length before its body is read, so 32 officers sending 60 MiB each cannot make the
/// server hold 2 GB.
pub const IN_FLIGHT_MAX: usize = 256 << 20;
/// Connections one account may hold at once (an interface holds two, each command one).
pub const PER_ACCOUNT: usize = 12;
/// Connections kept for supervisors when the server is nearly full, so they can always get in
/// to see what is happening.
pub const SUPERVISOR_RESERVE: usize = 4;
/// A client that stops reading a reply is dropped after this.
const WRITE_WITHIN: Duration = Duration::from_secs(30);
/// How long a shutdown waits for requests under way.
const DRAIN: Duration = Duration::from_secs(30);

pub struct Options {
    pub socket: PathBuf,
    pub db: PathBuf,
    pub calendar: Calendar,
    /// The rule set a ledger created by this start begins with.
    pub rule_set: Option<String>,
    /// Make this account the first supervisor of a ledger without users.
    pub init_supervisor: Option<String>,
    pub max_connections: usize,
    /// Days back an officer may date a change (`backdate_days` in the settings; default 30).
    pub backdate_days: Option<u32>,
}

struct Server {
    store: LocalStore,
    stop: Arc<AtomicBool>,
    /// The ledger version as of the last write through this server; waiters sleep on `changed`.
    version: Mutex<u64>,
    changed: Condvar,
    active: AtomicUsize,
    /// Unknown users turned away recently: recorded in the audit log once a minute at most, so a
    /// script retrying in a loop cannot fill the disk.
    turned_away: Mutex<HashMap<String, Instant>>,
    /// Open connections per account.
    per_account: Mutex<HashMap<String, usize>>,
    /// Request bytes being received or handled now (see [`IN_FLIGHT_MAX`]).
    in_flight: AtomicUsize,
}

fn log(msg: &str) {
    eprintln!("taizhang serve: {}", sanitize(msg));
}

fn io_err(what: &str, path: &Path, e: impl std::fmt::Display) -> LedgerError {
    LedgerError::Io(format!("{what} {}: {e}", path.display()))
}

/// Run the server until SIGTERM or SIGINT.
pub fn serve(opts: Options) -> Result<()> {
    let store = open_ledger(&opts)?;
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .map_err(|e| LedgerError::Io(format!("cannot handle signals: {e}")))?;
    }
    let (listener, bound) = listen(&opts.socket)?;
    let version = store.version()?;
    let server = Arc::new(Server {
        store,
        stop,
        version: Mutex::new(version),
        changed: Condvar::new(),
        active: AtomicUsize::new(0),
        turned_away: Mutex::new(HashMap::new()),
        per_account: Mutex::new(HashMap::new()),
        in_flight: AtomicUsize::new(0),
    });
    let users = server.store.users()?;
    log(&format!(
        "serving {} on {} for {} users ({} supervisors){}",
        opts.db.display(),
        opts.socket.display(),
        users.len(),
        users.iter().filter(|u| u.role == Role::Supervisor).count(),
        if bound.is_some() {
            ""
        } else {
            " (socket from systemd)"
        }
    ));
    let mut threads: Vec<JoinHandle<()>> = Vec::new();
    listener
        .set_nonblocking(true)
        .map_err(|e| io_err("cannot listen on", &opts.socket, e))?;
    while !server.stop.load(Ordering::SeqCst) {
        let mut fds = [nix::poll::PollFd::new(
            listener.as_fd(),
            nix::poll::PollFlags::POLLIN,
        )];
        // Interrupted by a signal: the loop condition sees the stop flag.
        let _ = nix::poll::poll(&mut fds, nix::poll::PollTimeout::from(250u16));
        match listener.accept() {
            Ok((stream, _)) => {
                threads.retain(|t| !t.is_finished());
                if let Some(t) = admit(&server, stream, opts.max_connections) {
                    threads.push(t);
                }
            }
            Err(e)
                if e.kind() == io::ErrorKind::WouldBlock
                    || e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                // E.g. out of file descriptors: wait for connections to end rather than spin.
                log(&format!("cannot accept a connection: {e}"));
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
    drop(listener);
    let busy = threads.iter().filter(|t| !t.is_finished()).count();
    log(&format!(
        "stopping: no new connections; waiting for {busy} open connections to finish their requests"
    ));
    server.changed.notify_all();
    let start = Instant::now();
    while threads.iter().any(|t| !t.is_finished()) && start.elapsed() < DRAIN {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left = threads.iter().filter(|t| !t.is_finished()).count();
    for t in threads.into_iter().filter(|t| t.is_finished()) {
        let _ = t.join();
    }
    if let Some(ino) = bound {
        // Only the socket this server made: a successor may already have bound a new one.
        if std::fs::symlink_metadata(&opts.socket).is_ok_and(|m| m.ino() == ino) {
            let _ = std::fs::remove_file(&opts.socket);
        }
    }
    if left > 0 {
        log(&format!(
            "stopped; {left} requests were still running after {}s",
            DRAIN.as_secs()
        ));
    } else {
        log("stopped");
    }
    Ok(())
}

/// Open (or create) the ledger with the server's permissions: the file 0600 and its directory
/// 0700 when the server creates them, both owned by the service account.
fn open_ledger(opts: &Options) -> Result<LocalStore> {
    let path = &opts.db;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            std::fs::create_dir_all(dir)
                .map_err(|e| io_err("cannot create the ledger's directory", dir, e))?;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| io_err("cannot restrict", dir, e))?;
        } else if let Ok(m) = std::fs::metadata(dir)
            && m.permissions().mode() & 0o077 != 0
        {
            log(&format!(
                "note: the ledger's directory {} is open to other users (mode {:o}); `chmod 700 {}` keeps the ledger to the server alone",
                dir.display(),
                m.permissions().mode() & 0o777,
                dir.display()
            ));
        }
    }
    let new = !path.exists();
    let mut store = LocalStore::open(path, opts.calendar.clone())?;
    if let Some(days) = opts.backdate_days {
        store = store.with_backdate_days(days);
    }
    // Whatever the embedded mode left (0660 for a group), the server's ledger is its own.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| io_err("cannot restrict", path, e))?;
    let me = current_user();
    if new && let Some(rs) = &opts.rule_set {
        store.set_rule_set(&me, rs)?;
    }
    if let Some(name) = &opts.init_supervisor
        && store.init_supervisor(&me, name)?
    {
        log(&format!(
            "{name} is the first supervisor of {}",
            path.display()
        ));
    }
    if store.users()?.is_empty() {
        return Err(LedgerError::Requirement(format!(
            "the ledger {} has no users yet: start the server once with --init-supervisor NAME (the account of the office's supervisor)",
            path.display()
        )));
    }
    Ok(store)
}

/// The listening socket: the one systemd passed (socket activation, LISTEN_FDS=1, fd 3), or a
/// new one at `path`, mode 0660 and owned by the group of its directory. Returns the inode of a
/// socket this process bound, to remove it on exit.
fn listen(path: &Path) -> Result<(UnixListener, Option<u64>)> {
    let ours = std::env::var("LISTEN_PID")
        .ok()
        .and_then(|p| p.parse::<u32>().ok())
        == Some(std::process::id());
    if ours && std::env::var("LISTEN_FDS").ok().as_deref() == Some("1") {
        // Checked before anything owns fd 3: closing a descriptor that was never open would
        // abort the process.
        if nix::sys::socket::getsockname::<nix::sys::socket::UnixAddr>(3).is_err() {
            return Err(LedgerError::Io(
                "LISTEN_FDS=1 but fd 3 is not a Unix socket: check the .socket unit (ListenStream=PATH)".into(),
            ));
        }
        // SAFETY: systemd passes the listening socket as fd 3 to the process named in LISTEN_PID;
        // it is open and a Unix socket (checked above), and nothing else in this process owns it.
        let listener = unsafe { UnixListener::from_raw_fd(3) };
        // SAFETY: plain environment edits before any other thread of this process exists.
        unsafe {
            std::env::remove_var("LISTEN_PID");
            std::env::remove_var("LISTEN_FDS");
            std::env::remove_var("LISTEN_FDNAMES");
        }
        return Ok((listener, None));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(LedgerError::Io(format!(
            "the socket's directory {} does not exist: create it owned by the service account and the officers' group, mode 2750 (see README: Running a ledger server)",
            dir.display()
        )));
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if std::os::unix::fs::FileTypeExt::is_socket(&m.file_type()) => {
            if UnixStream::connect(path).is_ok() {
                return Err(LedgerError::Io(format!(
                    "another server is already listening on {}: stop it first, or give another --socket",
                    path.display()
                )));
            }
            // Left by a server that was killed: nothing listens on it.
            std::fs::remove_file(path)
                .map_err(|e| io_err("cannot remove the stale socket", path, e))?;
        }
        Ok(_) => {
            return Err(LedgerError::Io(format!(
                "{} exists and is not a socket: give another --socket",
                path.display()
            )));
        }
        Err(_) => {}
    }
    // No moment when the socket is open to others: created under a umask, then set exactly.
    let old = nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o117));
    let bound = UnixListener::bind(path);
    nix::sys::stat::umask(old);
    let listener = bound.map_err(|e| io_err("cannot listen on", path, e))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))
        .map_err(|e| io_err("cannot set the mode of", path, e))?;
    let dir_gid = std::fs::metadata(dir)
        .map(|m| m.gid())
        .map_err(|e| io_err("cannot read", dir, e))?;
    if let Err(e) = nix::unistd::chown(path, None, Some(nix::unistd::Gid::from_raw(dir_gid))) {
        log(&format!(
            "note: cannot give the socket to group {dir_gid} of {} ({e}); only the service account's group can connect",
            dir.display()
        ));
    }
    let ino = std::fs::symlink_metadata(path)
        .map(|m| m.ino())
        .map_err(|e| io_err("cannot read", path, e))?;
    Ok((listener, Some(ino)))
}

/// Turn a connection away with one line the client shows.
fn turn_away(stream: &mut UnixStream, why: LedgerError) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = write_frame(stream, &Err::<Welcome, _>(why));
}

/// Start a thread for a new connection, or turn it away at once: an account the ledger does not
/// know, an account holding its share of connections, or a full server (whose last few places
/// are kept for supervisors).
fn admit(server: &Arc<Server>, mut stream: UnixStream, max: usize) -> Option<JoinHandle<()>> {
    let _ = stream.set_nonblocking(false);
    let user = match peer_user(&stream) {
        Ok(u) => u,
        Err(e) => {
            log(&format!("cannot tell who connected: {e}"));
            return None;
        }
    };
    let access = match server.admit_user(&user, "connect") {
        Ok(a) => a,
        Err(e) => {
            turn_away(&mut stream, e);
            return None;
        }
    };
    let limit = match access {
        Access::Known(Role::Supervisor) | Access::Open => max,
        _ => max.saturating_sub(SUPERVISOR_RESERVE).max(1),
    };
    if server.active.load(Ordering::SeqCst) >= limit {
        turn_away(
            &mut stream,
            LedgerError::Io(format!(
                "the ledger server is serving its limit of {max} connections: try again in a moment"
            )),
        );
        return None;
    }
    {
        let mut per = server.per_account.lock().unwrap_or_else(|p| p.into_inner());
        let n = per.entry(user.clone()).or_insert(0);
        if *n >= PER_ACCOUNT {
            drop(per);
            log(&format!(
                "turned away {user}: {PER_ACCOUNT} connections already open"
            ));
            turn_away(
                &mut stream,
                LedgerError::Io(format!(
                    "{user} already has {PER_ACCOUNT} connections open to the ledger server: close an interface or a command that is still running, then try again"
                )),
            );
            return None;
        }
        *n += 1;
    }
    server.active.fetch_add(1, Ordering::SeqCst);
    let who = user.clone();
    let s = Arc::clone(server);
    let spawned = std::thread::Builder::new()
        .name("connection".into())
        .spawn(move || {
            struct Leave<'a>(&'a Server, String);
            impl Drop for Leave<'_> {
                fn drop(&mut self) {
                    self.0.leave(&self.1);
                }
            }
            let _leave = Leave(&s, user.clone());
            if let Err(e) = s.connection(stream, user) {
                // A client going away mid-reply is ordinary; say so only for what is not.
                if !matches!(
                    e.kind(),
                    io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset
                ) {
                    log(&format!("connection ended: {e}"));
                }
            }
        });
    match spawned {
        Ok(t) => Some(t),
        Err(e) => {
            server.leave(&who);
            log(&format!("cannot start a thread for a connection: {e}"));
            None
        }
    }
}

/// The user the kernel says is at the other end of `stream`.
fn peer_user(stream: &UnixStream) -> io::Result<String> {
    let cred = nix::sys::socket::getsockopt(stream, nix::sys::socket::sockopt::PeerCredentials)
        .map_err(io::Error::from)?;
    let uid = nix::unistd::Uid::from_raw(cred.uid());
    Ok(match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) => u.name,
        // Never matches a user in the ledger: an account without a name is refused.
        _ => format!("uid{uid}"),
    })
}

fn send<T: Serialize>(stream: &mut UnixStream, reply: &Result<T>) -> io::Result<()> {
    write_frame(stream, reply)
}

/// A typed reply, written to the connection.
struct Reply<'a>(&'a mut UnixStream);

impl Answer for Reply<'_> {
    type Out = io::Result<()>;
    fn reply<T: Serialize>(self, reply: Result<T>) -> io::Result<()> {
        send(self.0, &reply)
    }
}

impl Server {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// A connection of `user` has ended.
    fn leave(&self, user: &str) {
        self.active.fetch_sub(1, Ordering::SeqCst);
        let mut per = self.per_account.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = per.get_mut(user) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                per.remove(user);
            }
        }
    }

    fn connection(&self, mut stream: UnixStream, user: String) -> io::Result<()> {
        stream.set_read_timeout(Some(POLL))?;
        stream.set_write_timeout(Some(WRITE_WITHIN))?;
        let opened = Instant::now();
        let hello = match read_frame(&mut stream, 64 << 10, HELLO_WITHIN, || {
            opened.elapsed() < HELLO_WITHIN && !self.stopping()
        }) {
            Ok(b) => b,
            Err(_) => return Ok(()),
        };
        let hello: Hello = match serde_json::from_slice(&hello) {
            Ok(h) => h,
            Err(e) => {
                let r: Result<Welcome> = Err(protocol_error(format!(
                    "unreadable greeting ({e}): connect with the taizhang program"
                )));
                return send(&mut stream, &r);
            }
        };
        if hello.protocol != PROTOCOL {
            let r: Result<Welcome> = Err(protocol_error(format!(
                "this server speaks protocol {PROTOCOL} and {} speaks {}: install the same taizhang version as the server",
                hello.program, hello.protocol
            )));
            return send(&mut stream, &r);
        }
        let access = match self.admit_user(&user, "connect") {
            Ok(a) => a,
            Err(e) => return send::<Welcome>(&mut stream, &Err(e)),
        };
        let welcome = Welcome {
            protocol: PROTOCOL,
            program: format!("taizhang {}", env!("CARGO_PKG_VERSION")),
            user: user.clone(),
            access,
            version: *self.version.lock().unwrap_or_else(|p| p.into_inner()),
        };
        send(&mut stream, &Ok(welcome))?;
        loop {
            let idle = Instant::now();
            // Roles can change while a connection is open: the limit follows the current one.
            let max = match self.store.access(&user) {
                Ok(Access::Known(Role::Supervisor)) => protocol::MAX_REQUEST_SUPERVISOR,
                Ok(Access::Known(Role::Officer)) => protocol::MAX_REQUEST_OFFICER,
                _ => protocol::MAX_REQUEST_VIEWER,
            };
            let mut reserved = 0usize;
            let body = match read_frame_within(
                &mut stream,
                max,
                REQUEST_WITHIN,
                || !self.stopping() && idle.elapsed() < IDLE_LIMIT,
                |len| {
                    let ok = self
                        .in_flight
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
                            (now + len <= IN_FLIGHT_MAX).then_some(now + len)
                        })
                        .is_ok();
                    if ok {
                        reserved = len;
                    }
                    ok
                },
            ) {
                Ok(b) => b,
                Err(FrameError::Busy(n)) => {
                    let r: Result<()> = Err(LedgerError::Io(format!(
                        "the ledger server is receiving as much as it holds at once ({} MiB); this request of {} MiB was not taken: send it again in a moment",
                        IN_FLIGHT_MAX >> 20,
                        n >> 20
                    )));
                    return send(&mut stream, &r);
                }
                Err(FrameError::TooLarge(n)) => {
                    let r: Result<()> = Err(LedgerError::Requirement(format!(
                        "a request of {n} bytes is more than the server takes from {user} ({max} bytes): send it in smaller parts"
                    )));
                    return send(&mut stream, &r);
                }
                Err(FrameError::Io(e)) => return Err(e),
                // Closed, idle, shutting down, or too slow: the connection ends; the client
                // opens another when it next asks.
                Err(_) => return Ok(()),
            };
            let call: Call = match serde_json::from_slice(&body) {
                Ok(c) => c,
                Err(e) => {
                    let r: Result<()> = Err(protocol_error(format!(
                        "{UNKNOWN_CALL} ({e}): install the same taizhang version as the server"
                    )));
                    send(&mut stream, &r)?;
                    continue;
                }
            };
            let answered = self.answer(&mut stream, &user, call);
            self.in_flight.fetch_sub(reserved, Ordering::SeqCst);
            answered?;
            if self.stopping() {
                return Ok(());
            }
        }
    }

    /// The user's standing, refusing (and recording) a user the ledger does not know.
    fn admit_user(&self, user: &str, action: &str) -> Result<Access> {
        let access = self.store.access(user)?;
        if access == Access::Unknown {
            let err = access::not_a_user(user);
            let mut seen = self.turned_away.lock().unwrap_or_else(|p| p.into_inner());
            let recent = seen
                .get(user)
                .is_some_and(|t| t.elapsed() < Duration::from_secs(60));
            if !recent {
                seen.insert(user.to_string(), Instant::now());
                seen.retain(|_, t| t.elapsed() < Duration::from_secs(60));
                drop(seen);
                let _ = self.store.record_refusal(user, action, &err.to_string());
                log(&format!("refused {user}: not a user of the ledger"));
            }
            return Err(err);
        }
        Ok(access)
    }

    /// Answer one request: the few cases only a server has (its version, waiting on it,
    /// dating changes), then the operations table's dispatch, which masks personal data for
    /// this user as the store does for every reader.
    fn answer(&self, stream: &mut UnixStream, user: &str, call: Call) -> io::Result<()> {
        let access = match self.admit_user(user, "request") {
            Ok(a) => a,
            Err(e) => return send::<()>(stream, &Err(e)),
        };
        let store: &dyn Store = &self.store;
        let writes = call.writes();
        let sent = match call {
            // Read from the file, not the cache: the service account may also have written to
            // it directly (`taizhang --db`), and interfaces poll this to refresh.
            Call::Version {} => {
                let v = store.version(user);
                if let Ok(v) = v {
                    self.publish(v);
                }
                send(stream, &v)
            }
            Call::WaitVersion { after, timeout_ms } => send(
                stream,
                &Ok(self.wait(after, Duration::from_millis(timeout_ms))),
            ),
            Call::ExecuteBatch { mut requests, when } => {
                // Only a supervisor (importing past work) dates changes or brings in stages
                // already reached past the law's clocks; others get the clock and the clocks.
                let when = if access == Access::Known(Role::Supervisor) {
                    when
                } else {
                    for r in &mut requests {
                        r.past = false;
                    }
                    Vec::new()
                };
                Call::ExecuteBatch { requests, when }.answer(store, user, Reply(stream))
            }
            other => other.answer(store, user, Reply(stream)),
        };
        if writes {
            self.note_change();
        }
        sent
    }

    /// After a write: tell waiting interfaces the new version.
    fn note_change(&self) {
        if let Ok(v) = self.store.version() {
            self.publish(v);
        }
    }

    /// Record the ledger's version and wake the interfaces waiting for it to move.
    fn publish(&self, v: u64) {
        let mut cur = self.version.lock().unwrap_or_else(|p| p.into_inner());
        if *cur != v {
            *cur = v;
            self.changed.notify_all();
        }
    }

    fn wait(&self, after: u64, timeout: Duration) -> u64 {
        let deadline = Instant::now() + timeout.min(MAX_WAIT);
        let mut v = self.version.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let now = Instant::now();
            if *v != after || self.stopping() || now >= deadline {
                return *v;
            }
            let wait = (deadline - now).min(POLL);
            v = match self.changed.wait_timeout(v, wait) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
    }
}

/// How the server's answer to a call it does not know begins (a client of a later version).
pub(crate) const UNKNOWN_CALL: &str = "unknown request";

fn protocol_error(message: String) -> LedgerError {
    LedgerError::Protocol {
        socket: "(this connection)".into(),
        message,
    }
}
