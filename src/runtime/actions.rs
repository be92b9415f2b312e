//! What alerts ask the runtime to do: ring the bell, send a desktop
//! notification through the terminal, run a command. The bell and the
//! notification are bytes for the terminal ([`crate::term::Term::write_raw`]);
//! a command runs on its own thread, never through a shell, with the alert as
//! JSON on its standard input and [`COMMAND_TIMEOUT`] to finish.

use std::io::Write;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::alert::Fired;

/// How long an alert's command may run before it is killed.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a running command is looked at.
const WAIT_STEP: Duration = Duration::from_millis(25);

/// Runs an alert's command off the interface thread; `done` hears how it went
/// (`Err` with a short reason: could not start, exit status, timed out).
pub fn run_command(fired: &Fired, done: impl FnOnce(Result<(), String>) + Send + 'static) {
    let argv = fired.command.clone();
    let input = fired.json();
    // A thread that cannot be created (the process is out of resources)
    // loses this one command; the board goes on.
    let _ = thread::Builder::new()
        .name("alert-command".into())
        .spawn(move || done(run_to_end(&argv, &input, COMMAND_TIMEOUT)));
}

/// Runs `argv` with `input` on its standard input, waiting at most `timeout`.
fn run_to_end(argv: &[String], input: &str, timeout: Duration) -> Result<(), String> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| "no program to run".to_string())?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        // The command must not draw over the board.
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("could not start {program}: {err}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_string();
        // A writer of its own, so a command that never reads cannot hold this
        // thread past the timeout; a command that exits early closes the pipe.
        let _ = thread::Builder::new()
            .name("alert-stdin".into())
            .spawn(move || {
                let _ = stdin.write_all(input.as_bytes());
            });
    }
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("{program} failed ({status})")),
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{program} was stopped after {} s",
                    timeout.as_secs()
                ));
            }
            Ok(None) => thread::sleep(WAIT_STEP),
            Err(err) => return Err(format!("{program}: {err}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(words: &[&str]) -> Vec<String> {
        words.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_command_gets_the_input_and_its_failure_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("alert.json");
        let out_arg = out.display().to_string();
        assert_eq!(
            run_to_end(&argv(&["tee", &out_arg]), "{\"a\":1}", COMMAND_TIMEOUT),
            Ok(())
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"a\":1}");
        let failed = run_to_end(&argv(&["false"]), "", COMMAND_TIMEOUT).unwrap_err();
        assert!(
            failed.starts_with("false failed (exit status: 1)"),
            "{failed}"
        );
        let missing = run_to_end(&argv(&["no-such-program-sitboard"]), "", COMMAND_TIMEOUT);
        assert!(
            missing
                .unwrap_err()
                .starts_with("could not start no-such-program-sitboard")
        );
        let slow = Instant::now();
        let stopped = run_to_end(&argv(&["sleep", "5"]), "", Duration::from_millis(200));
        assert_eq!(stopped, Err("sleep was stopped after 0 s".to_string()));
        assert!(slow.elapsed() < Duration::from_secs(3));
    }
}
