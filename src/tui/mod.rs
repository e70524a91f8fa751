//! The interface (ratatui): `taizhang` with no subcommand. Depends on the ledger, never the
//! reverse, and never imports the command line (`main` hands it the `:` line's parser). Keys
//! become actions through a keymap (keymap.rs, keymaps/*.toml), `App::update` carries them out
//! (app.rs, dispatching to `normal`, `overlays/` and `operations/`), `ui` draws; the terminal
//! guard (terminal.rs) gives the terminal back on every exit path.

use std::io::IsTerminal;
use std::os::unix::net::UnixStream;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::crossterm::event;

use crate::config::Env;
use crate::ledger::{Ledger, LedgerError, Result};
use crate::typed_command::ParseLine;

pub mod action;
pub mod app;
mod cases;
pub mod dashboard;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layout;
mod normal;
mod operations;
mod overlays;
mod status;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod undo;
pub mod views;
mod welcome;

pub use action::{Action, Mode};
pub use app::App;
pub use keymap::Keymap;

/// How often the ledger is asked whether another officer changed it (and whether the day has
/// turned). Between checks the program sleeps in `poll`, so an idle screen costs no measurable
/// CPU. A server-backed ledger also tells of changes at once (see [`ChangeWatch`]).
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// How long one wait for a server's news of a change lasts before it is asked again.
const WAIT_FOR_CHANGE: Duration = Duration::from_secs(30);
/// How long the waiting thread rests after an error (the server gone, say) before asking again.
/// The error itself reaches the screen through the once-a-second check.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Run the interface until the officer quits. `parse_line` reads what is typed on the `:` line
/// (the command line's own parser, handed over by `main`).
pub fn run(
    env: &Env,
    keymap: Option<&str>,
    mouse: bool,
    parse_line: ParseLine,
) -> Result<ExitCode> {
    // Everything that can be wrong with the settings is reported before the screen is taken.
    let choice = keymap.or(env.config.keymap.as_deref());
    let keymap = Keymap::load(choice, Some(&keymap::user_keymap_path()))?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(LedgerError::Io(
            "the interface needs a terminal; in scripts use the subcommands (taizhang --help)"
                .into(),
        ));
    }
    let ledger = env.open()?;
    let mut app = App::new(ledger, env.lang, keymap)?;
    app.assign_new_to_me = env.config.assign_new_to_me.unwrap_or(true);
    let app = app
        .with_command_line(parse_line)
        .with_saved_views(views::saved_views_path())?;
    let changes = if app.ledger.is_remote() {
        let watch = ChangeWatch::start(Arc::clone(&app.ledger), app.version_seen())
            .map_err(|e| LedgerError::Io(format!("cannot wait for the server's changes: {e}")))?;
        Some(watch)
    } else {
        None
    };
    let signals = terminal::Signals::register()
        .map_err(|e| LedgerError::Io(format!("cannot watch for signals: {e}")))?;
    let mut guard = terminal::Guard::enter(mouse)
        .map_err(|e| LedgerError::Io(format!("cannot set up the terminal: {e}")))?;
    terminal::start_watchdog(Duration::from_secs(3))
        .map_err(|e| LedgerError::Io(format!("cannot watch for signals: {e}")))?;
    let result = event_loop(&mut guard, app, &signals, changes.as_ref());
    terminal::loop_ended();
    drop(guard);
    match result {
        Ok(Some(code)) => Ok(ExitCode::from(code)),
        Ok(None) => Ok(ExitCode::SUCCESS),
        // The terminal went away under a write (the connection dropped before its SIGHUP was
        // seen): end as a hang-up, without writing to a terminal that is not there.
        Err(e)
            if matches!(e.raw_os_error(), Some(code) if code == nix::errno::Errno::EIO as i32)
                || e.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            Ok(ExitCode::from(128 + 1))
        }
        Err(e) => Err(LedgerError::Io(format!("the terminal failed: {e}"))),
    }
}

/// News from a ledger server that its ledger changed, so that the interface shows another
/// officer's change at once rather than at its next check. A thread waits on the server
/// (`Ledger::wait_version`, which a server answers as soon as the version moves; the store uses
/// a connection of its own for it, so the interface's requests are not held up) and writes a
/// byte to a socket the event loop polls alongside the terminal.
///
/// The thread is detached: it never keeps the program alive or delays quitting, and it ends by
/// itself once the event loop's end of the socket is gone.
struct ChangeWatch {
    wake: UnixStream,
    /// False once the thread's end is closed (it cannot be, short of a panic there): the socket
    /// is then no longer polled, since a hung-up socket would wake every wait at once.
    alive: std::cell::Cell<bool>,
}

impl ChangeWatch {
    fn start(ledger: Arc<Ledger>, seen: u64) -> std::io::Result<ChangeWatch> {
        let (wake, notify) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        std::thread::Builder::new()
            .name("server-changes".into())
            .spawn(move || watch_changes(&ledger, seen, &notify))?;
        Ok(ChangeWatch {
            wake,
            alive: std::cell::Cell::new(true),
        })
    }

    fn fd(&self) -> std::os::fd::BorrowedFd<'_> {
        use std::os::fd::AsFd;
        self.wake.as_fd()
    }

    /// Empty the socket after waking.
    fn drain(&self) {
        use std::io::Read;
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
    }
}

/// Wait on the server for the version to move from `seen`, and tell the event loop each time it
/// does. Errors are not shown from here: the loop's own check reports them; this rests and asks
/// again (the store reconnects when the server is back).
fn watch_changes(ledger: &Ledger, mut seen: u64, notify: &UnixStream) {
    loop {
        match ledger.wait_version(seen, WAIT_FOR_CHANGE) {
            Ok(v) if v != seen => {
                seen = v;
                if !poke(notify) {
                    return;
                }
            }
            Ok(_) => {}
            Err(_) => std::thread::sleep(RETRY_AFTER),
        }
    }
}

/// Write a wake-up byte; false once the event loop's end is closed (the interface has ended).
fn poke(notify: &UnixStream) -> bool {
    use nix::errno::Errno;
    use nix::sys::socket::{MsgFlags, send};
    use std::os::fd::AsRawFd;
    loop {
        match send(
            notify.as_raw_fd(),
            &[1],
            MsgFlags::MSG_DONTWAIT | MsgFlags::MSG_NOSIGNAL,
        ) {
            // Full: wake-ups are already waiting to be read, and one is as good as many.
            Ok(_) | Err(Errno::EAGAIN) => return true,
            Err(Errno::EINTR) => {}
            Err(_) => return false,
        }
    }
}

/// What waiting on the terminal gave.
enum Wait {
    Input,
    Timeout,
    /// A signal arrived (a window resize, or one that ends the program).
    Interrupted,
    /// The terminal is gone: the SSH connection dropped, or the terminal window was closed.
    HangUp,
    /// The server said the ledger changed.
    Changed,
}

/// Sleep until the terminal has input, `timeout` passes, a signal arrives (a window resize
/// or one that ends the program) or the server tells of a change. This is done here, not in
/// crossterm's poll, because crossterm reads a hung-up terminal in an endless loop; a hang-up
/// seen here ends the program before crossterm touches the terminal again. A change is reported
/// only when nothing else is: left unread, it wakes the next wait at once.
fn wait_for_input(
    timeout: Duration,
    signals: &terminal::Signals,
    changes: Option<&ChangeWatch>,
) -> std::io::Result<Wait> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    let mut fds = vec![
        PollFd::new(stdin.as_fd(), PollFlags::POLLIN),
        PollFd::new(signals.wake_fd(), PollFlags::POLLIN),
    ];
    let changes = changes.filter(|c| c.alive.get());
    if let Some(c) = changes {
        fds.push(PollFd::new(c.fd(), PollFlags::POLLIN));
    }
    let ms = u16::try_from(timeout.as_millis()).unwrap_or(u16::MAX);
    match poll(&mut fds, PollTimeout::from(ms)) {
        Ok(0) => Ok(Wait::Timeout),
        Ok(_) => {
            let got = |i: usize| {
                fds.get(i)
                    .and_then(PollFd::revents)
                    .unwrap_or(PollFlags::empty())
            };
            let (tty, woken) = (got(0), got(1));
            if tty.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL) {
                Ok(Wait::HangUp)
            } else if woken.contains(PollFlags::POLLIN) {
                signals.drain();
                Ok(Wait::Interrupted)
            } else if tty.contains(PollFlags::POLLIN) {
                Ok(Wait::Input)
            } else if let Some(c) = changes.filter(|_| !got(2).is_empty()) {
                if got(2).intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL)
                {
                    c.alive.set(false);
                }
                c.drain();
                Ok(Wait::Changed)
            } else {
                Ok(Wait::Input)
            }
        }
        Err(nix::errno::Errno::EINTR) => Ok(Wait::Interrupted),
        Err(e) => Err(std::io::Error::from(e)),
    }
}

/// Draw when something changed, sleep until a key, a signal, the server's news of a change or
/// the next check, stop on quit or on a signal. Returns the exit status for a signal or a
/// hang-up.
fn event_loop(
    guard: &mut terminal::Guard,
    mut app: App,
    signals: &terminal::Signals,
    changes: Option<&ChangeWatch>,
) -> std::io::Result<Option<u8>> {
    let mut last_check = Instant::now();
    loop {
        let mut check_now = false;
        if let Some(code) = signals.received() {
            return Ok(Some(code));
        }
        if app.quit {
            return Ok(None);
        }
        if app.dirty
            && let Some(t) = guard.terminal()
        {
            // What depends on the window is worked out first; drawing only reads it.
            let size = t.size()?;
            app.fit(ratatui::layout::Rect::new(0, 0, size.width, size.height));
            t.draw(|f| ui::draw(f, &app))?;
            app.dirty = false;
        }
        let wait = CHECK_EVERY.saturating_sub(last_check.elapsed());
        match wait_for_input(wait, signals, changes)? {
            Wait::HangUp => return Ok(Some(signals.received().unwrap_or(128 + 1))),
            w @ (Wait::Input | Wait::Interrupted) => {
                // A resize wakes us through the signal socket: draw again at the new size.
                if matches!(w, Wait::Interrupted) {
                    app.dirty = true;
                }
                // Take everything already waiting (a paste, fast typing, a resize) before drawing.
                for _ in 0..256 {
                    if signals.received().is_some() || !event::poll(Duration::ZERO)? {
                        break;
                    }
                    app.handle_event(event::read()?);
                    if app.quit {
                        break;
                    }
                }
            }
            Wait::Changed => check_now = true,
            Wait::Timeout => {}
        }
        if check_now || last_check.elapsed() >= CHECK_EVERY {
            last_check = Instant::now();
            if app.check_for_changes() {
                app.dirty = true;
            }
        }
    }
}
