//! The interface (ratatui): `taizhang` with no subcommand. Depends on the ledger, never the
//! reverse. Keys become actions through a keymap (keymap.rs, keymaps/*.toml), `App::update`
//! carries them out (app.rs), `ui` draws; the terminal guard (terminal.rs) gives the terminal
//! back on every exit path.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ratatui::crossterm::event;

use crate::cli::Env;
use crate::ledger::{LedgerError, Result};

pub mod action;
pub mod app;
pub mod command_line;
pub mod dashboard;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod undo;
pub mod views;

pub use action::{Action, Mode};
pub use app::App;
pub use keymap::Keymap;

/// How often the ledger is asked whether another officer changed it. Between checks the
/// program sleeps in `poll`, so an idle screen costs no measurable CPU.
const CHECK_EVERY: Duration = Duration::from_secs(1);

pub fn run(env: &Env, keymap: Option<&str>, mouse: bool) -> Result<ExitCode> {
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
    let app = App::new(ledger, env.lang, keymap)?.with_saved_views(views::saved_views_path())?;
    let signals = terminal::Signals::register()
        .map_err(|e| LedgerError::Io(format!("cannot watch for signals: {e}")))?;
    let mut guard = terminal::Guard::enter(mouse)
        .map_err(|e| LedgerError::Io(format!("cannot set up the terminal: {e}")))?;
    terminal::start_watchdog(Duration::from_secs(3))
        .map_err(|e| LedgerError::Io(format!("cannot watch for signals: {e}")))?;
    let result = event_loop(&mut guard, app, &signals);
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

/// What waiting on the terminal gave.
enum Wait {
    Input,
    Timeout,
    /// A signal arrived (a window resize, or one that ends the program).
    Interrupted,
    /// The terminal is gone: the SSH connection dropped, or the terminal window was closed.
    HangUp,
}

/// Sleep until the terminal has input, `timeout` passes or a signal arrives (a window resize
/// or one that ends the program). This is done here, not in crossterm's poll, because crossterm
/// reads a hung-up terminal in an endless loop; a hang-up seen here ends the program before
/// crossterm touches the terminal again.
fn wait_for_input(timeout: Duration, signals: &terminal::Signals) -> std::io::Result<Wait> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    let mut fds = [
        PollFd::new(stdin.as_fd(), PollFlags::POLLIN),
        PollFd::new(signals.wake_fd(), PollFlags::POLLIN),
    ];
    let ms = u16::try_from(timeout.as_millis()).unwrap_or(u16::MAX);
    match poll(&mut fds, PollTimeout::from(ms)) {
        Ok(0) => Ok(Wait::Timeout),
        Ok(_) => {
            let tty = fds[0].revents().unwrap_or(PollFlags::empty());
            let woken = fds[1].revents().unwrap_or(PollFlags::empty());
            if tty.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL) {
                Ok(Wait::HangUp)
            } else if woken.contains(PollFlags::POLLIN) {
                signals.drain();
                Ok(Wait::Interrupted)
            } else {
                Ok(Wait::Input)
            }
        }
        Err(nix::errno::Errno::EINTR) => Ok(Wait::Interrupted),
        Err(e) => Err(std::io::Error::from(e)),
    }
}

/// Draw when something changed, sleep until a key, a signal or the next check, stop on quit or
/// on a signal. Returns the exit status for a signal or a hang-up.
fn event_loop(
    guard: &mut terminal::Guard,
    mut app: App,
    signals: &terminal::Signals,
) -> std::io::Result<Option<u8>> {
    let mut last_check = Instant::now();
    loop {
        if let Some(code) = signals.received() {
            return Ok(Some(code));
        }
        if app.quit {
            return Ok(None);
        }
        if app.dirty
            && let Some(t) = guard.terminal()
        {
            t.draw(|f| ui::draw(f, &app))?;
            app.dirty = false;
        }
        let wait = CHECK_EVERY.saturating_sub(last_check.elapsed());
        match wait_for_input(wait, signals)? {
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
            Wait::Timeout => {}
        }
        if last_check.elapsed() >= CHECK_EVERY {
            last_check = Instant::now();
            if app.check_for_changes() {
                app.dirty = true;
            }
        }
    }
}
