//! Reading a large file in blocks: pieces are cut and parsed as the blocks
//! arrive, so the file's whole text is never held at once
//! (docs/performance.md#reading-in-blocks).
//!
//! ```text
//!  file ──► block ──► plan_partial: pieces up to the last cut ──► parsed in parallel
//!            ▲            │ the piece still open (and an unfinished line or character)
//!            └── carried ◄┘ to the front of the next block
//! ```
//!
//! The result is the one [`crate::load::parse_bytes`] gives for the whole
//! text, the file's warnings included. Anything this path does not handle as a whole parse would (invalid
//! UTF-8, a cut that might not be safe, a piece that fails to parse, a file
//! of one piece, a read error, a file over the size limit) makes it give up:
//! the caller reads the file again and parses it whole, so every message and
//! position is that parse's.

use std::io::Read;
use std::sync::Arc;

use super::chunk;
use super::parse::{PieceAt, Pieces};
use super::store::Parsed;

/// Bytes read at a time: pieces are cut from one block while the next is read.
pub const BLOCK_BYTES: usize = 4 << 20;

/// Parses what `reader` yields, block by block; `None` when the caller must
/// read it again and parse it whole (see the module's notes).
///
/// One scope spans the whole file: a block's pieces are parsed while the
/// next block is read and cut, with no wait between blocks. Each piece holds
/// its block ([`Block`]); before a block is read, the block two back must be
/// let go by its pieces (the thread helps parse meanwhile), so no more than
/// two blocks are held, as before.
pub fn parse_blocks(
    display: &Arc<str>,
    reader: &mut (impl Read + Send),
    limit: u64,
    block_bytes: usize,
    piece_bytes: usize,
) -> Option<Parsed> {
    let pieces = Pieces::new(display);
    let safe = rayon::scope(|scope| {
        // The text not yet cut into pieces, and where it stands in the file.
        let mut buf = Vec::with_capacity(block_bytes + 2 * piece_bytes);
        let (mut base, mut first_line) = (0usize, 1u32);
        let mut eof = fill(reader, &mut buf, block_bytes)?;
        let mut total = buf.len() as u64;
        // The block before this one, its pieces perhaps still being parsed.
        let mut previous: Option<Arc<String>> = None;
        while !eof {
            if total > limit {
                return None;
            }
            // A character cut short at the end waits for the rest of it.
            let cut_short = buf.split_off(complete_chars(&buf));
            let text = Arc::new(String::from_utf8(buf).ok()?);
            let (cut, cut_line) = chunk::plan_partial(&text, piece_bytes, |piece| {
                let at = PieceAt::of(&piece, base, first_line);
                pieces.spawn_in(scope, Block(Arc::clone(&text)), piece.range, at);
            })?;
            // The next block goes after the piece still open.
            if let Some(old) = previous.take() {
                wait_until_let_go(old);
            }
            let mut next = Vec::with_capacity(block_bytes + 2 * piece_bytes);
            next.extend_from_slice(&text.as_bytes()[cut..]);
            next.extend_from_slice(&cut_short);
            let before = next.len();
            eof = fill(reader, &mut next, block_bytes)?;
            total += (next.len() - before) as u64;
            previous = Some(text);
            buf = next;
            base += cut;
            first_line += cut_line - 1;
        }
        if total > limit {
            return None;
        }
        let text = String::from_utf8(buf).ok()?;
        // The rest, whole: a file that turns out to be one piece is parsed
        // whole by the caller instead (it would otherwise be parsed twice).
        let mut last = Vec::new();
        if !chunk::plan_each(&text, piece_bytes, |piece| last.push(piece)) {
            return None;
        }
        if pieces.count() + last.len() < 2 {
            return None;
        }
        let text = Arc::new(text);
        for piece in last {
            let at = PieceAt::of(&piece, base, first_line);
            pieces.spawn_in(scope, Block(Arc::clone(&text)), piece.range, at);
        }
        Some(())
    });
    safe?;
    // The file's warnings from what its pieces found.
    let (parsed, unknown) = pieces.finish()?;
    Some(super::with_oblast_warnings(display, parsed, unknown))
}

/// A block of the file, shared by the pieces cut from it.
struct Block(Arc<String>);

impl AsRef<str> for Block {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Waits until the pieces of `block` have let it go, and frees it; the
/// thread helps parse pieces while it waits. (Reading the next block into
/// its buffer instead of a new one left the board 1.5–3 MB larger once
/// loaded: `first_frame`, 80.3 MB against 77.0 MB.)
fn wait_until_let_go(mut block: Arc<String>) {
    loop {
        match Arc::try_unwrap(block) {
            Ok(_) => return,
            Err(shared) => {
                block = shared;
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::yield_now();
                }
            }
        }
    }
}

/// Reads up to `want` more bytes into `buf`; whether the reader is exhausted.
/// `None` on a read error (the whole read that follows reports it).
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> Option<bool> {
    let before = buf.len();
    let got = reader.by_ref().take(want as u64).read_to_end(buf).ok()?;
    Some(got < want || buf.len() == before)
}

/// The length of `bytes` without a UTF-8 character cut short at its end (the
/// rest of it is in the next block).
fn complete_chars(bytes: &[u8]) -> usize {
    let len = bytes.len();
    // A character is at most 4 bytes: its lead byte is among the last 4.
    for back in 1..=len.min(4) {
        let b = bytes[len - back];
        if b & 0xC0 == 0x80 {
            continue; // a continuation byte
        }
        let needs = match b {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        return if needs > back { len - back } else { len };
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_cut_at_the_end_waits_for_the_next_block() {
        let text = "ab Київ".as_bytes();
        assert_eq!(complete_chars(text), text.len());
        // "ї" is two bytes: cut after its first, the block ends before it.
        let cut = text.len() - 3;
        assert_eq!(complete_chars(&text[..cut]), cut - 1);
        assert_eq!(complete_chars("€".as_bytes().get(..2).unwrap()), 0);
        assert_eq!(complete_chars(b""), 0);
        // A stray continuation byte is left for the UTF-8 check to reject.
        assert_eq!(complete_chars(&[b'a', 0x80]), 2);
    }
}
