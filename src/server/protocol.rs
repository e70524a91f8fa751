//! The ledger server's protocol, version [`PROTOCOL`]: over a Unix stream socket, each message is
//! a frame of a 4-byte big-endian length and that many bytes of JSON.
//!
//! The client opens with [`Hello`]; the server answers `Result<Welcome, LedgerError>` naming the
//! user the kernel vouched for (SO_PEERCRED). Then each [`Call`] gets one `Result<T, LedgerError>`,
//! T the reply type of the call's row in the operations table (`crate::ledger::ops`). No message carries an identity: the server takes it from the socket.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::ledger::access::Access;
/// The requests, one per row of the operations table, each tied to its reply type there.
pub use crate::ledger::ops::Call;

/// Raised when a message changes meaning; a client and server of different versions refuse each
/// other with a message saying which to upgrade.
pub const PROTOCOL: u32 = 1;

/// The largest request a viewer may send (viewers only read: their requests are small).
pub const MAX_REQUEST_VIEWER: usize = 1 << 20;
/// The largest request an officer may send (an import of many rows is one batch).
pub const MAX_REQUEST_OFFICER: usize = 64 << 20;
/// The largest request a supervisor may send (a restore of a whole backup is one request).
pub const MAX_REQUEST_SUPERVISOR: usize = 1 << 30;
/// The largest reply a client accepts (every case with its history of a large office).
pub const MAX_REPLY: usize = 2 << 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    /// The client's program and version, for the server's log.
    pub program: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub protocol: u32,
    pub program: String,
    /// The user the kernel says is at the other end: the actor of every change made here.
    pub user: String,
    pub access: Access,
    pub version: u64,
}

/// Write one frame.
pub fn write_frame(w: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let mut buf = vec![0u8; 4];
    serde_json::to_writer(&mut buf, value).map_err(io::Error::other)?;
    let len =
        u32::try_from(buf.len() - 4).map_err(|_| io::Error::other("message larger than 4 GiB"))?;
    buf[..4].copy_from_slice(&len.to_be_bytes());
    w.write_all(&buf)?;
    w.flush()
}

#[derive(Debug)]
pub enum FrameError {
    /// The peer closed the connection between messages.
    Closed,
    /// The frame announced more bytes than allowed.
    TooLarge(usize),
    /// The frame announced more bytes than the receiver can hold just now.
    Busy(usize),
    /// A message started but did not finish in time.
    TimedOut,
    /// Nothing arrived and the caller stopped waiting (shutdown, idle limit, deadline).
    Stopped,
    Io(io::Error),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Closed => f.write_str("the connection was closed"),
            FrameError::TooLarge(n) => write!(f, "a message of {n} bytes is larger than allowed"),
            FrameError::Busy(n) => write!(f, "a message of {n} bytes cannot be taken just now"),
            FrameError::TimedOut => f.write_str("a message did not arrive in time"),
            FrameError::Stopped => f.write_str("no message arrived in time"),
            FrameError::Io(e) => write!(f, "{e}"),
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Read one frame from a stream whose read timeout is short (the polling interval). Between
/// frames, `keep_waiting` is asked at each interval whether to go on waiting; once a frame has
/// begun, the whole of it must arrive within `within`, so a stalled peer cannot hold a thread.
pub fn read_frame(
    r: &mut impl Read,
    max: usize,
    within: Duration,
    keep_waiting: impl FnMut() -> bool,
) -> Result<Vec<u8>, FrameError> {
    read_frame_within(r, max, within, keep_waiting, |_| true)
}

/// [`read_frame`], asking `reserve` for the announced length before reading the body: a
/// receiver holding many connections bounds the memory all of them may take at once.
pub fn read_frame_within(
    r: &mut impl Read,
    max: usize,
    within: Duration,
    mut keep_waiting: impl FnMut() -> bool,
    mut reserve: impl FnMut(usize) -> bool,
) -> Result<Vec<u8>, FrameError> {
    let mut head = [0u8; 4];
    let mut got = 0;
    let mut began: Option<Instant> = None;
    while got < 4 {
        match r.read(&mut head[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(FrameError::Io(io::ErrorKind::UnexpectedEof.into())),
            Ok(n) => {
                got += n;
                began.get_or_insert_with(Instant::now);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) => match began {
                None if !keep_waiting() => return Err(FrameError::Stopped),
                None => {}
                Some(t) if t.elapsed() > within => return Err(FrameError::TimedOut),
                Some(_) => {}
            },
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    let len = u32::from_be_bytes(head) as usize;
    if len > max {
        return Err(FrameError::TooLarge(len));
    }
    if !reserve(len) {
        return Err(FrameError::Busy(len));
    }
    let began = began.unwrap_or_else(Instant::now);
    // Grown as bytes arrive, not sized from the announced length: a lying peer gets no memory.
    let mut body = Vec::with_capacity(len.min(1 << 16));
    let mut chunk = vec![0u8; len.min(1 << 16)];
    while body.len() < len {
        let want = (len - body.len()).min(chunk.len());
        match r.read(&mut chunk[..want]) {
            Ok(0) => return Err(FrameError::Io(io::ErrorKind::UnexpectedEof.into())),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) => {
                if began.elapsed() > within {
                    return Err(FrameError::TimedOut);
                }
            }
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::access::UserChange;

    #[test]
    fn a_frame_round_trips_and_an_oversized_one_is_refused_before_reading_it() {
        let mut buf = Vec::new();
        write_frame(
            &mut buf,
            &Call::Get {
                id: "XF-2026-0001".into(),
            },
        )
        .unwrap();
        assert_eq!(
            u32::from_be_bytes(buf[..4].try_into().unwrap()) as usize,
            buf.len() - 4
        );
        let body = read_frame(&mut buf.as_slice(), 1024, Duration::from_secs(1), || false).unwrap();
        let call: Call = serde_json::from_slice(&body).unwrap();
        assert!(matches!(call, Call::Get { id } if id == "XF-2026-0001"));
        let err = read_frame(&mut buf.as_slice(), 8, Duration::from_secs(1), || false).unwrap_err();
        assert!(matches!(err, FrameError::TooLarge(n) if n == buf.len() - 4));
        // A frame announcing 1 GiB with 3 bytes behind it: an error, and no gigabyte allocated.
        let mut lie = (1u32 << 30).to_be_bytes().to_vec();
        lie.extend_from_slice(b"abc");
        assert!(matches!(
            read_frame(
                &mut lie.as_slice(),
                usize::MAX,
                Duration::from_secs(1),
                || false
            ),
            Err(FrameError::Io(_))
        ));
        assert!(matches!(
            read_frame(&mut [].as_slice(), 8, Duration::from_secs(1), || false),
            Err(FrameError::Closed)
        ));
    }

    #[test]
    fn calls_carry_no_identity() {
        let json = serde_json::to_string(&Call::ChangeUser {
            name: "li".into(),
            change: UserChange::Remove,
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"op":"change_user","name":"li","change":{"change":"remove"}}"#
        );
    }
}
