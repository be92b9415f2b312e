//! Load benchmarks (docs/performance.md#targets): parsing and validating strike files of growing size,
//! in pieces (the loader's normal path) and whole (the fallback), and merging a
//! 100,000-strike store after a small file changed.
//!
//! The text has the shape of `../shared/bench/gen_big.py`'s strikes file, generated
//! here so the benchmark needs nothing outside the repository.

use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sitboard::load::{Store, parse::parse_str, parse::parse_whole};

const OBLASTS: &[&str] = &[
    "Kyiv",
    "Kharkiv",
    "Odesa",
    "Dnipropetrovsk",
    "Lviv",
    "Запорізька",
];
const TARGETS: &[&str] = &[
    "thermal",
    "chp",
    "hydro",
    "substation",
    "transmission",
    "gas",
];
const DAMAGE: &[&str] = &[
    "none",
    "minor",
    "moderate",
    "severe",
    "destroyed",
    "unknown",
];

/// `n` strike records shaped like the benchmark board's.
fn strikes_text(n: usize) -> String {
    let mut text = String::with_capacity(n * 480);
    for i in 0..n {
        let (d, h, m) = (1 + i % 28, i % 24, i % 60);
        let _ = write!(
            text,
            "[[strike]]\nid = \"S-{i:06}\"\ntime = 2026-01-{d:02}T{h:02}:{m:02}:00+02:00\n\
             oblast = \"{}\"\ntarget = \"{}\"\nlocation = \"Site {i} near the river\"\n\
             facility = \"Facility {}\"\noperator = \"Grid operator {}\"\n\
             lat = {:.4}\nlon = {:.4}\ndamage = \"{}\"\noutage_customers = {}\n\
             weapons = {{ missiles = {}, drones = {}, intercepted = 0 }}\n\
             sources = [\"https://example.org/report/{i}\"]\n\
             notes = \"Strike on an energy facility; repair crews on site.\"\n\n",
            OBLASTS[i % OBLASTS.len()],
            TARGETS[i % TARGETS.len()],
            i % 997,
            i % 7,
            44.0 + (i % 800) as f64 / 100.0,
            22.0 + (i % 1800) as f64 / 100.0,
            DAMAGE[i % DAMAGE.len()],
            (i * 7919) % 300_000,
            i % 20,
            i % 80,
        );
    }
    text
}

fn parse(c: &mut Criterion) {
    let display: Arc<str> = Arc::from("strikes.toml");
    let mut group = c.benchmark_group("parse_strikes");
    group.sample_size(10);
    for n in [1_000usize, 10_000, 100_000] {
        let text = strikes_text(n);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("pieces", n), &text, |b, text| {
            b.iter(|| black_box(parse_str(&display, text)));
        });
        if n <= 10_000 {
            group.bench_with_input(BenchmarkId::new("whole", n), &text, |b, text| {
                b.iter(|| black_box(parse_whole(&display, text)));
            });
        }
    }
    group.finish();
}

fn merge(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
    let big: Arc<str> = Arc::from("strikes.toml");
    let small: Arc<str> = Arc::from("issues.toml");
    let mut store = Store::new();
    store.apply(
        Path::new("strikes.toml"),
        big.clone(),
        parse_str(&big, &strikes_text(100_000)),
        None,
    );
    let issue = "[[issue]]\nid = \"territory\"\ntitle = \"Territory\"\nstatus = \"negotiating\"\n";
    c.bench_function("small_file_change_with_100k_strikes_loaded", |b| {
        b.iter(|| {
            store.apply(
                Path::new("issues.toml"),
                small.clone(),
                parse_str(&small, issue),
                None,
            );
            black_box(store.merge(now))
        });
    });
}

criterion_group!(benches, parse, merge);
criterion_main!(benches);
