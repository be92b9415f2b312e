//! The one owner of the terminal: raw mode, the alternate screen, synchronized
//! updates around each frame, the panic hook, suspend/resume and restore.
//!
//! Nothing else in sitboard writes to the terminal while the board runs. Every
//! restoring write here ignores its error: on a dropped SSH session the tty is
//! dead, a write returns `EIO`, and anything that panics on a failed write
//! (`eprintln!`, `ratatui::restore`, dropping a `ratatui::Terminal`, which shows
//! the cursor and prints on failure) would turn a clean exit into a crash.
//!
//! ```text
//!  Term::enter ──► raw mode + alternate screen (+ mouse capture if asked)
//!      │
//!      ├─ draw(f): ?2026h ─ changed cells only ─ ?2026l   (the terminal shows it whole)
//!      ├─ suspend(): restore ─ SIGSTOP ─ … fg … ─ enter ─ full repaint
//!      └─ restore(): show cursor, leave alternate screen, cooked mode (never panics)
//! ```

// The POSIX calls the terminal's care needs (isatty, poll for a hang-up,
// getsid, sigaction, openpty in tests) have no safe wrapper in our
// dependencies; each `unsafe` block below says why it is sound.
#![allow(unsafe_code)]

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufWriter, Stdout, Write};
use std::mem::ManuallyDrop;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal};

/// Whether the terminal is in the board's mode (raw, alternate screen) right now,
/// so the panic hook and every exit path know whether there is anything to undo.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether mouse capture is on, so restore turns it off again.
static MOUSE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// Frames are written through a large buffer, so a frame leaves in one `write`
/// (and its closing synchronized-update sequence in a second).
type Backend = CrosstermBackend<BufWriter<Stdout>>;

/// The terminal while the board owns it.
pub struct Term {
    /// Never dropped: ratatui's `Drop` prints with `eprintln!`, which panics on a
    /// dead tty. [`restore`] shows the cursor itself.
    terminal: ManuallyDrop<Terminal<Backend>>,
    mouse: bool,
}

impl Term {
    /// Takes over the terminal: raw mode, alternate screen, hidden cursor, and mouse
    /// capture only when `mouse` is true (otherwise the terminal's own text
    /// selection keeps working). Installs the panic hook first, so a panic at any
    /// later point leaves a usable terminal.
    pub fn enter(mouse: bool) -> io::Result<Term> {
        install_panic_hook();
        MOUSE.store(mouse, Ordering::SeqCst);
        if let Err(err) = enter_mode(mouse) {
            restore();
            return Err(err);
        }
        let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
        match Terminal::new(backend) {
            Ok(terminal) => Ok(Term {
                terminal: ManuallyDrop::new(terminal),
                mouse,
            }),
            Err(err) => {
                restore();
                Err(err)
            }
        }
    }

    /// Draws one frame, wrapped in synchronized-update sequences so the terminal
    /// shows it whole. ratatui sends only the cells that differ from the last frame.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        let drawn = self.terminal.draw(render).map(|_| ());
        // End the update even when the frame failed half way, or the terminal
        // would hold back everything after it.
        let ended = execute!(self.terminal.backend_mut(), EndSynchronizedUpdate);
        drawn.and(ended)
    }

    /// Forgets what is on screen so the next [`Term::draw`] repaints every cell.
    ///
    /// This is what `Terminal::clear` does, without its cursor-position query: that
    /// query reads the reply from the tty, which the input thread is already
    /// reading, and would stall for two seconds and fail.
    pub fn force_full_repaint(&mut self) -> io::Result<()> {
        let size = self.terminal.size()?;
        self.terminal
            .resize(Rect::new(0, 0, size.width, size.height))
    }

    /// Writes bytes that are not part of a frame (the bell, a notification
    /// sequence) to the terminal, between frames. The caller builds them from
    /// sanitised text only ([`crate::alert::notify_sequence`]).
    pub fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        let backend = self.terminal.backend_mut();
        backend.write_all(bytes)?;
        backend.flush()
    }

    /// The terminal's size in cells.
    pub fn size(&self) -> io::Result<(u16, u16)> {
        let size = self.terminal.size()?;
        Ok((size.width, size.height))
    }

    /// Ctrl-Z: gives the terminal back to the shell, stops the process, and on
    /// `fg` takes the terminal again and repaints everything. A session leader
    /// (run straight from `setsid`, a login or an `ssh host sitboard`) has no
    /// shell to resume it, so it is not stopped: stopping it would hang the
    /// session. Returns whether the process was really stopped.
    pub fn suspend(&mut self) -> io::Result<bool> {
        if is_session_leader() {
            return Ok(false);
        }
        restore();
        // With the default action SIGTSTP stops the process; signal-hook has a
        // handler installed for it, so stop the way the default would.
        let stopped = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
        // Whether or not the stop worked, the board goes on: take the terminal back.
        self.resume()?;
        Ok(stopped.is_ok())
    }

    /// Takes the terminal again after the process was continued (SIGCONT, `fg`)
    /// and makes the next frame a full repaint, since the shell or another program
    /// drew over the screen meanwhile.
    pub fn resume(&mut self) -> io::Result<()> {
        enter_mode(self.mouse)?;
        self.force_full_repaint()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode, alternate screen, hidden cursor, and mouse capture if asked.
fn enter_mode(mouse: bool) -> io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back as it was: mouse capture off, cursor shown, main
/// screen, cooked mode. Safe to call from any thread, more than once, and on a
/// dead tty: every step is tried, every error ignored, nothing can panic.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    // A frame cut short must not leave the terminal holding back output.
    let _ = queue!(out, EndSynchronizedUpdate);
    if MOUSE.load(Ordering::SeqCst) {
        let _ = queue!(out, DisableMouseCapture);
    }
    let _ = queue!(out, cursor::Show, LeaveAlternateScreen);
    let _ = out.flush();
    let _ = crossterm::terminal::disable_raw_mode();
}

thread_local! {
    /// Set while a panic on this thread is contained by [`contain_panics`].
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

/// Restores the terminal before the panic message is printed, so the message
/// lands on the main screen in cooked mode and the shell is usable afterwards.
/// The default hook writes with errors ignored, so it is safe on a dead tty.
///
/// A panic on any other thread than the loop's ends the process too (status
/// 101): a board whose watcher or key reader died would look alive and be
/// stale. Panics inside [`contain_panics`] are left to their caller, silently.
pub fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CONTAINED.get() {
                return;
            }
            restore();
            previous(info);
            if std::thread::current().name() != Some("main") {
                std::process::exit(101);
            }
        }));
    });
}

/// Runs `work`, turning a panic into `Err(message)` without touching the
/// terminal: one bad file must not take the whole board down with it.
pub fn contain_panics<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let was = CONTAINED.replace(true);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    CONTAINED.set(was);
    outcome.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(std::string::ToString::to_string)
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// True when this process leads its session: nobody would `fg` it after a stop.
pub fn is_session_leader() -> bool {
    // SAFETY: getsid and getpid have no preconditions.
    unsafe { libc::getsid(0) == libc::getpid() }
}

/// The tty the board reads keys from, kept open to watch it for a hang-up.
pub struct TtyWatch {
    fd: RawFd,
    _owned: Option<File>,
}

impl TtyWatch {
    /// The same tty crossterm reads from: standard input when it is a terminal,
    /// otherwise `/dev/tty`.
    pub fn open() -> io::Result<TtyWatch> {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            return Ok(TtyWatch {
                fd: libc::STDIN_FILENO,
                _owned: None,
            });
        }
        let file = File::open("/dev/tty")?;
        Ok(TtyWatch {
            fd: file.as_raw_fd(),
            _owned: Some(file),
        })
    }

    /// Blocks until the tty is hung up (the SSH session dropped, the pty master
    /// closed) or unusable, and returns then.
    ///
    /// This is the guard against crossterm issue 793: on a hung-up tty, poll
    /// reports it readable forever and crossterm's reader loops on reads of 0
    /// bytes at 100 % CPU, inside `event::read`, where no caller can stop it. A
    /// poll that asks for no events at all wakes only on `POLLHUP`, `POLLERR` or
    /// `POLLNVAL`, so this thread sleeps for free until the tty dies, and the
    /// runtime then exits the process (spinning reader included).
    ///
    /// Every `check_every` it also asks `still_fine` (e.g. "is the key reader
    /// spinning?") and returns when that says no: the backstop for a tty that
    /// fails reads without ever reporting a hang-up.
    pub fn wait_for_hangup(
        &self,
        check_every: Duration,
        mut still_fine: impl FnMut(&Self) -> bool,
    ) {
        let timeout = i32::try_from(check_every.as_millis()).unwrap_or(i32::MAX);
        loop {
            let mut poll_fd = libc::pollfd {
                fd: self.fd,
                events: 0,
                revents: 0,
            };
            // SAFETY: one valid pollfd, and the descriptor stays open while `self` lives.
            let ready = unsafe { libc::poll(&raw mut poll_fd, 1, timeout) };
            if ready < 0 {
                if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return;
            }
            if ready == 0 {
                if !still_fine(self) {
                    return;
                }
                continue;
            }
            if poll_fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                return;
            }
        }
    }

    /// Whether the descriptor is still a terminal.
    pub fn is_terminal(&self) -> bool {
        // SAFETY: isatty only inspects the descriptor.
        unsafe { libc::isatty(self.fd) == 1 }
    }
}

/// Whether a signal is set to be ignored (as `nohup` does for SIGHUP, and a shell
/// without job control for SIGINT of background jobs); such a choice is respected.
pub fn signal_is_ignored(signal: libc::c_int) -> bool {
    // SAFETY: querying (not changing) the disposition; `old` is a valid out-pointer.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &raw mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_without_enter_writes_nothing_and_does_not_panic() {
        // The exit paths call restore unconditionally; with the terminal never
        // taken it must be a no-op (no stray escape codes on a plain stdout).
        restore();
        restore();
        assert!(!ACTIVE.load(Ordering::SeqCst));
    }

    /// A pseudo-terminal pair: (master, slave).
    fn open_pty() -> (File, File) {
        use std::os::fd::FromRawFd;
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty fills two descriptors; the name, termios and size are optional.
        let made = unsafe {
            libc::openpty(
                &raw mut master,
                &raw mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(made, 0, "openpty: {}", io::Error::last_os_error());
        // SAFETY: both descriptors are fresh and owned by nobody else.
        unsafe { (File::from_raw_fd(master), File::from_raw_fd(slave)) }
    }

    #[test]
    fn the_hangup_watch_wakes_when_the_other_end_closes_and_not_before() {
        let (master, slave) = open_pty();
        let watch = TtyWatch {
            fd: slave.as_raw_fd(),
            _owned: Some(slave),
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            watch.wait_for_hangup(Duration::from_secs(3600), |_| true);
            let _ = tx.send(());
        });
        // Alive terminal: no wake-up (the bound only keeps a broken test short).
        assert!(
            rx.recv_timeout(Duration::from_millis(300)).is_err(),
            "woke on a live terminal"
        );
        drop(master);
        assert!(
            rx.recv_timeout(Duration::from_secs(10)).is_ok(),
            "a hang-up went unnoticed"
        );
        let _ = waiter.join();
    }

    #[test]
    fn the_hangup_watch_returns_when_its_check_says_so() {
        let (_master, slave) = open_pty();
        let watch = TtyWatch {
            fd: slave.as_raw_fd(),
            _owned: Some(slave),
        };
        let mut checks = 0;
        watch.wait_for_hangup(Duration::from_millis(10), |tty| {
            checks += 1;
            tty.is_terminal() && checks < 3
        });
        assert_eq!(checks, 3);
    }

    #[test]
    fn a_contained_panic_becomes_an_error_and_the_caller_goes_on() {
        // (The board's hook is not installed here: it would end the test
        // process on any other test's panic.)
        let outcome: Result<(), String> = contain_panics(|| panic!("bad file"));
        assert_eq!(outcome, Err("bad file".to_string()));
        assert_eq!(contain_panics(|| 7), Ok(7));
        assert!(!CONTAINED.get(), "containment ends with the call");
    }

    #[test]
    fn signals_that_nobody_ignored_are_reported_as_handled() {
        assert!(!signal_is_ignored(libc::SIGTERM));
    }
}

// ---- Hyperlinks (OSC 8) and the clipboard (OSC 52) --------------------------------
//
// Both are escape sequences that carry data into the terminal, so both are built
// here, from checked input only: a link's target must be an `http`, `https` or
// `mailto` URL of printable ASCII (no space, no control, no ESC or BEL that could
// end the sequence early and start another), and the clipboard's text travels as
// base64. Anything else is never linked and stays plain text.

/// The longest URL that is linked (terminals cap theirs around 2 KiB).
pub const MAX_LINK_LEN: usize = 2048;

/// Ends a hyperlink (OSC 8 with an empty target, ended by ST).
pub const LINK_CLOSE: &str = "\x1b]8;;\x1b\\";

/// `Some(url)` when `url` may be a hyperlink's target: it starts with
/// `http://`, `https://` or `mailto:` (any case), has something after that,
/// is at most [`MAX_LINK_LEN`] bytes, and every byte is printable ASCII
/// (`!` to `~`): no space, no control character, nothing outside ASCII.
pub fn link_target(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = ["https://", "http://", "mailto:"]
        .into_iter()
        .find(|s| lower.starts_with(s))?;
    let printable = url.bytes().all(|b| (0x21..=0x7e).contains(&b));
    (printable && url.len() > scheme.len() && url.len() <= MAX_LINK_LEN).then_some(url)
}

/// `text` as a hyperlink to `url` (OSC 8 … ST, text, OSC 8 ;; ST), or `None`
/// when `url` is not a [`link_target`] or `text` holds a control character.
pub fn hyperlink(url: &str, text: &str) -> Option<String> {
    let url = link_target(url)?;
    if text.chars().any(char::is_control) {
        return None;
    }
    Some(format!("\x1b]8;;{url}\x1b\\{text}{LINK_CLOSE}"))
}

/// The sequence that puts `text` on the system clipboard (OSC 52, `c`
/// selection, base64, ended by ST); inside tmux wrapped in its passthrough
/// (`ESC P tmux; … ESC \`, every ESC inside doubled). `None` for text over
/// 64 KiB (terminals refuse more).
pub fn clipboard_sequence(text: &str, tmux: bool) -> Option<String> {
    if text.len() > 64 * 1024 {
        return None;
    }
    let inner = format!("\x1b]52;c;{}\x1b\\", base64(text.as_bytes()));
    if tmux {
        Some(format!(
            "\x1bPtmux;{}\x1b\\",
            inner.replace('\x1b', "\x1b\x1b")
        ))
    } else {
        Some(inner)
    }
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Whether sitboard runs inside tmux (clipboard sequences go through its
/// passthrough). Read once.
pub fn inside_tmux() -> bool {
    static TMUX: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TMUX.get_or_init(|| std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()))
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn only_printable_http_https_and_mailto_urls_are_linked() {
        assert_eq!(
            link_target("https://example.org/a?b=1#c"),
            Some("https://example.org/a?b=1#c")
        );
        assert!(link_target("HTTP://example.org").is_some());
        assert!(link_target("mailto:desk@example.org").is_some());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.org",
            "https://",
            "https://exa mple.org",
            "https://example.org/\x1b]8;;evil\x1b\\",
            "https://example.org/\x07",
            "https://example.org/\u{9b}2J",
            "https://exämple.org",
            "kpszsu/posts/1",
        ] {
            assert_eq!(link_target(bad), None, "{bad:?}");
            assert_eq!(hyperlink(bad, "x"), None, "{bad:?}");
        }
        assert_eq!(
            link_target(&format!("https://{}", "a".repeat(MAX_LINK_LEN))),
            None
        );
        assert_eq!(
            hyperlink("https://example.org", "1. source").as_deref(),
            Some("\x1b]8;;https://example.org\x1b\\1. source\x1b]8;;\x1b\\")
        );
        assert_eq!(hyperlink("https://example.org", "a\x1bb"), None);
    }

    #[test]
    fn clipboard_text_travels_as_base64() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("Київ".as_bytes()), "0JrQuNGX0LI=");
        assert_eq!(
            clipboard_sequence("a\x1b]52;c;evil\x07", false).as_deref(),
            Some("\x1b]52;c;YRtdNTI7YztldmlsBw==\x1b\\")
        );
        assert_eq!(
            clipboard_sequence("foo", true).as_deref(),
            Some("\x1bPtmux;\x1b\x1b]52;c;Zm9v\x1b\x1b\\\x1b\\")
        );
        assert_eq!(clipboard_sequence(&"x".repeat(70_000), false), None);
    }
}
