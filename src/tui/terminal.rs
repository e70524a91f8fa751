//! The terminal, always given back: one guard turns on raw mode, the alternate screen and
//! bracketed paste (and mouse capture only when asked), and turns off exactly those on Drop, in
//! the panic hook before the message is printed, and after SIGTERM, SIGHUP or SIGINT, which end
//! the event loop instead of killing the process mid-write.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

/// Whether the terminal is currently taken over (so restoring twice does nothing).
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Give the terminal back. Safe to call from anywhere, any number of times; errors are ignored
/// because the terminal may be gone (a dropped SSH connection).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

pub struct Guard {
    terminal: Option<Terminal<CrosstermBackend<Stdout>>>,
}

impl Guard {
    pub fn enter(mouse: bool) -> io::Result<Guard> {
        install_panic_hook();
        MOUSE.store(mouse, Ordering::SeqCst);
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut out = io::stdout();
        let setup = (|| {
            execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
            if mouse {
                execute!(out, EnableMouseCapture)?;
            }
            Terminal::new(CrosstermBackend::new(io::stdout()))
        })();
        match setup {
            Ok(terminal) => Ok(Guard {
                terminal: Some(terminal),
            }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    pub fn terminal(&mut self) -> Option<&mut Terminal<CrosstermBackend<Stdout>>> {
        self.terminal.as_mut()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
        if let Some(mut t) = self.terminal.take()
            && t.show_cursor().is_err()
        {
            // The terminal is gone (a dropped connection). ratatui's own Drop would report that
            // on a stderr that is gone too, and printing there panics; there is nothing left to
            // give back, so it is let go without running.
            std::mem::forget(t);
        }
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Set when the event loop has returned, so the watchdog stands down.
static LOOP_ENDED: AtomicBool = AtomicBool::new(false);

pub fn loop_ended() {
    LOOP_ENDED.store(true, Ordering::SeqCst);
}

/// A safety net behind the event loop: if a terminating signal has not ended the loop within
/// `grace` (a read of a vanished terminal that never returns), give the terminal back and exit
/// from here. The thread sleeps in a blocking read until a signal comes: no polling.
pub fn start_watchdog(grace: std::time::Duration) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signal-watchdog".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                std::thread::sleep(grace);
                if !LOOP_ENDED.load(Ordering::SeqCst) {
                    restore();
                    std::process::exit(128 + sig);
                }
            }
        })?;
    Ok(())
}

/// The signals that end the program cleanly, set by their handlers and read by the event loop,
/// and a socket the handlers (and SIGWINCH's) write a byte to, so that the loop's wait wakes
/// at once instead of at its next timeout.
pub struct Signals {
    term: Arc<AtomicBool>,
    hup: Arc<AtomicBool>,
    int: Arc<AtomicBool>,
    wake: std::os::unix::net::UnixStream,
}

impl Signals {
    pub fn register() -> io::Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
        let (wake, wake_write) = std::os::unix::net::UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        let s = Signals {
            term: Arc::new(AtomicBool::new(false)),
            hup: Arc::new(AtomicBool::new(false)),
            int: Arc::new(AtomicBool::new(false)),
            wake,
        };
        signal_hook::flag::register(SIGTERM, Arc::clone(&s.term))?;
        signal_hook::flag::register(SIGHUP, Arc::clone(&s.hup))?;
        signal_hook::flag::register(SIGINT, Arc::clone(&s.int))?;
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGWINCH] {
            signal_hook::low_level::pipe::register(sig, wake_write.try_clone()?)?;
        }
        Ok(s)
    }

    /// The end of the wake-up socket to wait on alongside the terminal.
    pub fn wake_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        use std::os::fd::AsFd;
        self.wake.as_fd()
    }

    /// Empty the wake-up socket after waking.
    pub fn drain(&self) {
        use std::io::Read;
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
    }

    /// The signal received, as the exit status a shell reports for it (128 + number).
    pub fn received(&self) -> Option<u8> {
        if self.hup.load(Ordering::SeqCst) {
            Some(128 + 1)
        } else if self.int.load(Ordering::SeqCst) {
            Some(128 + 2)
        } else if self.term.load(Ordering::SeqCst) {
            Some(128 + 15)
        } else {
            None
        }
    }
}
