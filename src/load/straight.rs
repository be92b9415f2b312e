//! Strikes straight from plain lines, without a tree
//! (docs/performance.md#strikes-straight-from-plain-lines).
//!
//! A piece of a large file that holds only `[[strike]]` records, every line
//! of them plain, never becomes a tree: the quick reader
//! ([`crate::load::quick`]) hands each `key = value` to the slot of its key in
//! the strike's spec, and each strike is read by the same validator as a
//! tree's ([`validate::strike::read_fields`]) as soon as the next header, or
//! the end of the piece, completes it, while its text is still in the cache.
//! Anything else (another header, a key the spec does not know, a key given
//! twice) gives up, and the piece is read the tree's way, as before. The
//! differential tests (`tests/parser_equal.rs`) hold both ways equal.

use std::ops::Range;
use std::sync::Arc;

use super::cursor::Budget;
use super::events::{GaveUp, Header};
use super::fields::STRIKE;
use super::plain_strike::{self, PlainStrike};
use super::quick::{self, Sink};
use super::store::FileRecords;
use super::tree::{Key, Node};
use super::validate::reader::{Ctx, Fields, Slots, slot_at, slot_of};
use super::validate::{self, RejectedIds, strike};
use crate::model::Kind;
use crate::model::problem::Problem;

/// What a piece read straight holds: its strikes, the ids of those with
/// errors, and every problem.
pub(super) type Read = (FileRecords, RejectedIds, Vec<Problem>);

/// Reads `piece` (text that starts at a record header) straight into
/// strikes; gives up on anything but plain `[[strike]]` records of known keys.
///
/// Each record is first lexed into typed values ([`plain_strike`]) and made a
/// strike from them when every value is good; any other record, from its
/// header to the next line that starts with `[`, is read by the quick reader
/// key by key and validated as a tree's record is. Both ways count the values
/// of the piece against one budget, as the quick reader alone would.
pub(super) fn read(ctx: &Ctx<'_>, piece: &str) -> Result<Read, GaveUp> {
    let mut records = Records {
        ctx,
        slots: Default::default(),
        next: 0,
        open: None,
        out: FileRecords::default(),
        rejected: RejectedIds::new(),
        problems: Vec::new(),
    };
    let mut budget = Budget::of(piece);
    let mut plain = PlainStrike::default();
    let mut start = 0;
    while start < piece.len() {
        // The record's values count only if it is kept this way.
        let mut trial = budget;
        let end = match plain_strike::lex(piece, start, &mut plain, &mut trial) {
            Ok(end) => {
                if let Some(strike) = strike::read_plain(ctx, &plain) {
                    budget = trial;
                    records.out.strikes.push(Arc::new(strike));
                    start = end;
                    continue;
                }
                end
            }
            Err(GaveUp) => plain_strike::next_header_line(piece, start),
        };
        quick::read_range_into(piece, start..end, &mut budget, &mut records)?;
        records.close();
        start = end;
    }
    Ok((records.out, records.rejected, records.problems))
}

struct Records<'c, 'i> {
    ctx: &'c Ctx<'c>,
    /// The open record's entries.
    slots: Slots<'i>,
    /// The slot after the last key's: where the next key is looked for first
    /// (the keys of a record mostly come in the spec's order).
    next: usize,
    /// Where the open record's header is.
    open: Option<Range<usize>>,
    out: FileRecords,
    rejected: RejectedIds,
    problems: Vec<Problem>,
}

impl Records<'_, '_> {
    /// The open record is complete: read it, and empty its slots.
    fn close(&mut self) {
        let Some(span) = self.open.take() else {
            return;
        };
        let at = self.ctx.pos(&span);
        let fields = Fields::Slots(&self.slots);
        if let Some(strike) = strike::read_fields(self.ctx, fields, at, &mut self.problems) {
            self.out.strikes.push(Arc::new(strike));
        } else {
            let id = slot_of(&STRIKE, "id")
                .and_then(|index| self.slots[index].as_ref())
                .and_then(|(_, value)| value.get_ref().as_str());
            validate::reject(&mut self.rejected, Kind::Strike, id, at);
        }
        self.slots.iter_mut().for_each(|slot| *slot = None);
        self.next = 0;
    }
}

impl<'i> Sink<'i> for Records<'_, 'i> {
    fn header(&mut self, header: Header<'i>) -> Result<(), GaveUp> {
        if !header.array || !header.path.is_empty() || header.key.get_ref() != "strike" {
            return Err(GaveUp);
        }
        self.close();
        self.open = Some(header.span);
        Ok(())
    }

    fn key_value(&mut self, key: Key<'i>, value: Node<'i>) -> Result<(), GaveUp> {
        if self.open.is_none() {
            return Err(GaveUp);
        }
        let index = slot_at(&STRIKE, key.get_ref(), self.next).ok_or(GaveUp)?;
        self.next = index + 1;
        let slot = &mut self.slots[index];
        if slot.is_some() {
            return Err(GaveUp);
        }
        *slot = Some((key, value));
        Ok(())
    }
}
