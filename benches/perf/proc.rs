//! Running the real binary and watching it: wall time and the child's own CPU time and peak memory
//! (from `wait4`), and the interface under a pseudo-terminal, where "the first complete frame"
//! is the moment ratatui hides the cursor at the end of its first draw.

use std::fs::File;
use std::io::Read;
use std::os::fd::FromRawFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::libc;

/// One run of a process.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    /// User + system CPU time of the child.
    pub cpu: Duration,
    /// Peak resident set of the child, in KiB.
    pub max_rss_kib: u64,
}

/// CPU time of the calling thread so far (for work measured in this process: the machine is
/// shared, so wall time alone says as much about the others as about us).
pub fn thread_cpu() -> Duration {
    // SAFETY: timespec is plain data that clock_gettime fills.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: a valid clock id and a pointer to a live local.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn rusage_cpu(r: &libc::rusage) -> Duration {
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, (t.tv_usec as u32) * 1000);
    tv(r.ru_utime) + tv(r.ru_stime)
}

/// Wait for `pid` and return its exit status and resource use.
fn wait(pid: u32) -> Result<(i32, libc::rusage), String> {
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own child, status and usage point at live locals.
        let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
        if r == pid as libc::pid_t {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("waiting for process {pid}: {e}"));
        }
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        128 + libc::WTERMSIG(status)
    } else {
        -1
    };
    Ok((code, usage))
}

/// Run `cmd` to completion with stdout discarded; an exit status other than 0 is an error
/// carrying what the program said on stderr.
pub fn run(cmd: &mut Command) -> Result<Run, String> {
    let err_path = std::env::temp_dir().join(format!("taizhang-bench-{}.err", std::process::id()));
    let err_file = File::create(&err_path)
        .map_err(|e| format!("cannot create {}: {e}", err_path.display()))?;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err_file);
    let start = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let (code, usage) = wait(child.id())?;
    let wall = start.elapsed();
    if code != 0 {
        let said = std::fs::read_to_string(&err_path).unwrap_or_default();
        let _ = std::fs::remove_file(&err_path);
        // The first lines say what went wrong; an import refusing every row says it 100,000 times.
        let first: Vec<&str> = said.lines().take(3).collect();
        return Err(format!(
            "{cmd:?} ended with status {code}: {}",
            first.join(" / ")
        ));
    }
    let _ = std::fs::remove_file(&err_path);
    Ok(Run {
        wall,
        cpu: rusage_cpu(&usage),
        max_rss_kib: usage.ru_maxrss as u64,
    })
}

/// The interface running under a pseudo-terminal of a given size.
pub struct Tui {
    pub pid: u32,
    output: mpsc::Receiver<Vec<u8>>,
    seen: Vec<u8>,
    _master: File,
}

/// What ratatui writes at the end of its first frame (the cursor is hidden once, after the cells).
const FRAME_END: &[u8] = b"\x1b[?25l";

impl Tui {
    /// Start `cmd` on a new pseudo-terminal of `cols`×`rows`; returns when it has started.
    pub fn spawn(cmd: &mut Command, cols: u16, rows: u16) -> Result<(Tui, Instant), String> {
        let (mut master, mut slave): (libc::c_int, libc::c_int) = (-1, -1);
        let ws = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: out-pointers to live locals; a null name and termios are allowed.
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &ws,
            )
        };
        if r != 0 {
            return Err(format!(
                "cannot open a pseudo-terminal: {}",
                std::io::Error::last_os_error()
            ));
        }
        // SAFETY: openpty returned two fresh descriptors that nothing else owns.
        let (master, slave) = unsafe { (File::from_raw_fd(master), File::from_raw_fd(slave)) };
        let dup = |f: &File| {
            f.try_clone()
                .map_err(|e| format!("cannot duplicate the terminal: {e}"))
        };
        cmd.stdin(dup(&slave)?).stdout(dup(&slave)?).stderr(slave);
        // SAFETY: only async-signal-safe calls between fork and exec. The child gets its own
        // session with the terminal as its controlling terminal, as a login shell would.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let start = Instant::now();
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start the interface: {e}"))?;
        // The Command still holds our copies of the terminal's slave side; the child's stay open.
        let placeholder = Stdio::null;
        cmd.stdin(placeholder())
            .stdout(placeholder())
            .stderr(placeholder());
        let mut reader = master
            .try_clone()
            .map_err(|e| format!("cannot read the terminal: {e}"))?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            // Keep draining so the program never blocks on a full terminal; ends with EIO when
            // the program has exited.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Ok((
            Tui {
                pid: child.id(),
                output: rx,
                seen: Vec::new(),
                _master: master,
            },
            start,
        ))
    }

    /// Wait until the first frame has been written completely; returns when that was seen.
    pub fn first_frame(&mut self, within: Duration) -> Result<Instant, String> {
        let end = Instant::now() + within;
        loop {
            if let Some(p) = find(&self.seen, FRAME_END) {
                self.seen.drain(..p + FRAME_END.len());
                return Ok(Instant::now());
            }
            let left = end.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(chunk) => self.seen.extend_from_slice(&chunk),
                Err(_) => {
                    let text = String::from_utf8_lossy(&self.seen);
                    return Err(format!(
                        "no frame within {within:?}; the terminal showed: {}",
                        text.trim()
                    ));
                }
            }
        }
    }

    /// Read what the interface wrote since (and drop it).
    pub fn drain(&mut self) -> usize {
        let mut n = 0;
        while let Ok(chunk) = self.output.try_recv() {
            n += chunk.len();
        }
        self.seen.clear();
        n
    }

    /// The peak resident set so far (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> Result<u64, String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))
            .map_err(|e| format!("cannot read the interface's status: {e}"))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| "no VmHWM in /proc status".to_string())
    }

    /// CPU time used so far (user + system).
    pub fn cpu(&self) -> Result<Duration, String> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid))
            .map_err(|e| format!("cannot read the interface's stat: {e}"))?;
        // Fields after the command name, which is in parentheses and may hold spaces.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let f: Vec<&str> = rest.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
        let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        // SAFETY: sysconf has no preconditions.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
        Ok(Duration::from_millis((ticks(11) + ticks(12)) * 1000 / hz))
    }

    /// End the interface as a window manager or a dropped connection would (SIGTERM) and wait.
    pub fn stop(self) -> Result<Run, String> {
        let start = Instant::now();
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.pid as libc::pid_t, libc::SIGTERM) };
        let (code, usage) = wait(self.pid)?;
        if code != 0 && code != 128 + libc::SIGTERM {
            return Err(format!("the interface ended with status {code}"));
        }
        Ok(Run {
            wall: start.elapsed(),
            cpu: rusage_cpu(&usage),
            max_rss_kib: usage.ru_maxrss as u64,
        })
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
