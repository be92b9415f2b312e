//! Memory bounded by the file, not by its shape (docs/data-format.md#size-and-encoding):
//! files just under the size limit whose shape would build tens of millions of
//! values are refused at the limit they pass, quickly and within a small multiple
//! of their size. Alone in its test binary, so the peak memory of the children it
//! waits for is theirs alone.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

const MIB: usize = 1024 * 1024;

/// The largest resident size, in bytes, of any child process waited for so far.
fn children_peak() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole rusage into the pointer it is given, which
    // points at zeroed, properly aligned storage for one.
    #[allow(unsafe_code)]
    let usage = unsafe {
        assert_eq!(
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
            0
        );
        usage.assume_init()
    };
    // Linux reports kilobytes.
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

fn check(path: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sitboard"))
        .args(["check", "--now", "2026-01-21T12:00:00Z"])
        .arg(path)
        .env_remove("SITBOARD_DATA")
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"),
        )
        .output()
        .expect("the sitboard binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn hostile_shapes_are_refused_within_a_small_multiple_of_their_size() {
    let dir = tempfile::tempdir().unwrap();
    // (name, head, one value, values, tail, the problem expected); the files are
    // written piece by piece so this process stays small (a child starts as a copy
    // of it, and its peak counts that copy).
    let shapes = [
        (
            "empty_tables.toml",
            "x = [",
            "{}",
            60 * MIB / 3,
            "]\n",
            "empty_tables.toml:1:30005: error: more than 10,000 values in one array; sitboard reads at most 10,000",
        ),
        (
            "empty_sources.toml",
            "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T03:00:00Z\nlocation = \"Kyiv\"\noblast = \"Kyiv\"\ntarget = \"substation\"\nsources = [",
            "\"\"",
            60 * MIB / 3,
            "]\n",
            "empty_sources.toml:7:30011: error: more than 10,000 values in one array; sitboard reads at most 10,000",
        ),
        (
            "a_sources.toml",
            "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T03:00:00Z\nlocation = \"Kyiv\"\noblast = \"Kyiv\"\ntarget = \"substation\"\nsources = [",
            " \"a\"",
            40 * MIB / 5,
            "]\n",
            "a_sources.toml:7:50011: error: more than 10,000 values in one array; sitboard reads at most 10,000",
        ),
    ];
    let mut largest = 0;
    for (name, head, value, count, tail, expected) in shapes {
        let path = dir.path().join(name);
        let mut out = std::io::BufWriter::new(fs::File::create(&path).unwrap());
        out.write_all(head.as_bytes()).unwrap();
        for n in 0..count {
            if n > 0 {
                out.write_all(b",").unwrap();
            }
            out.write_all(value.as_bytes()).unwrap();
        }
        out.write_all(tail.as_bytes()).unwrap();
        drop(out);
        largest = largest.max(fs::metadata(&path).unwrap().len());
        let (status, stdout) = check(&path);
        assert_eq!(status, 1, "{name}: {stdout}");
        let first = stdout.lines().next().unwrap_or_default();
        assert!(first.ends_with(expected), "{name}: {first}");
        fs::remove_file(&path).unwrap();
    }
    // A million and a half tiny broken records (40 MB): at most 1,000 problems are
    // listed, the rest counted, and the problems of pieces past the list are let go.
    let path = dir.path().join("broken_records.toml");
    let mut out = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    let mut n = 0u32;
    while out.get_ref().metadata().map_or(0, |m| m.len()) < 40 * MIB as u64 {
        for _ in 0..10_000 {
            writeln!(out, "[[strike]]\nid = \"S-{n:07}\"").unwrap();
            n += 1;
        }
        out.flush().unwrap();
    }
    drop(out);
    largest = largest.max(fs::metadata(&path).unwrap().len());
    let (status, stdout) = check(&path);
    assert_eq!(status, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1_002,
        "1,000 problems, the count of the rest, the summary"
    );
    assert!(
        lines[1_000].contains("more problems in this file are not listed (at most 1,000 are)"),
        "{}",
        lines[1_000]
    );
    fs::remove_file(&path).unwrap();
    let peak = children_peak();
    eprintln!(
        "peak resident size of the checks: {} MiB",
        peak / MIB as u64
    );
    // At most 4x the largest file plus 64 MiB (before the limits: 4.2 GB, 3.2 GB
    // and 1.7 GB).
    let bound = 4 * largest + 64 * MIB as u64;
    assert!(
        peak <= bound,
        "peak {} MiB, bound {} MiB",
        peak / MIB as u64,
        bound / MIB as u64
    );
}
