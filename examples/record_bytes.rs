//! Bytes per record: parses a data file with the loader and reports the heap
//! its records hold (docs/performance.md#lean-at-a-million), counted by a
//! wrapping allocator: live bytes requested and live allocations once the file's
//! text and every transient buffer are gone, divided by the records kept.
//!
//! Usage: `cargo run --release --example record_bytes -- FILE`
//! (e.g. `target/bench-board/strikes.toml`)
// Byte counts of one process fit an isize and an f64 many times over.
#![allow(
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system allocator, counting what is live.
struct Counting;

static BYTES: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed straight to the system allocator; the counters
// only observe sizes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        BLOCKS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as the caller promised for `layout`.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        BLOCKS.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: as the caller promised for `ptr` and `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: as the caller promised for `ptr`, `layout` and `new_size`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: record_bytes FILE");
        return std::process::ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("record_bytes: {path}: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    let display: Arc<str> = Arc::from(path.as_str());
    let (bytes_before, blocks_before) =
        (BYTES.load(Ordering::SeqCst), BLOCKS.load(Ordering::SeqCst));
    let parsed = sitboard::load::parse_str(&display, &text);
    drop(text);
    let text_len = std::fs::metadata(&path).map_or(0, |m| m.len());
    let bytes = BYTES.load(Ordering::SeqCst) - bytes_before + text_len as isize;
    let blocks = BLOCKS.load(Ordering::SeqCst) - blocks_before + 1;
    let Ok(records) = parsed else {
        eprintln!("record_bytes: {path} has errors");
        return std::process::ExitCode::FAILURE;
    };
    let count = records.record_count().max(1);
    println!(
        "{path}: {} records ({} strikes, {} events, {} issues); heap held by them: {:.1} MB in {} allocations = {:.0} bytes and {:.1} allocations a record (plus the allocator's own ~16 bytes an allocation: {:.0} bytes a record); size_of Strike = {} bytes",
        count,
        records.strikes.len(),
        records.events.len(),
        records.issues.len(),
        bytes as f64 / 1e6,
        blocks,
        bytes as f64 / count as f64,
        blocks as f64 / count as f64,
        (bytes + 16 * blocks) as f64 / count as f64,
        std::mem::size_of::<sitboard::model::Strike>(),
    );
    std::process::ExitCode::SUCCESS
}
