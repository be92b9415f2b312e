//! The forms of plain lines, byte by byte: one place for the rules that the
//! quick reader ([`crate::load::quick`], into a tree or key by key) and the
//! typed strike lexer ([`crate::load::plain_strike`]) both read by, so the
//! two take exactly the same text (docs/performance.md#a-quick-reader-for-plain-lines).
//!
//! A [`Cursor`] walks a text and counts its values as the shape limits count
//! them ([`crate::load::shape`]) against the [`Budget`] of its parse; at
//! anything outside the plain forms, or past the budget, it gives up, and the
//! text goes the general way.

use std::borrow::Cow;
use std::ops::Range;

use super::events::GaveUp;
use super::quick::{bare, ends_bare, is_key_byte, plain_inside};
use super::shape::{BYTES_PER_VALUE, MAX_ARRAY_VALUES, MAX_INLINE_KEYS, VALUE_ALLOWANCE};
use super::tree::{Node, Spanned, Value};

/// Values as the shape limits count them in one parse (a file, or a piece of a
/// large one), and how many it may hold.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    values: usize,
    allowed: usize,
}

impl Budget {
    /// The budget of a parse of `text`, none of it spent.
    pub fn of(text: &str) -> Self {
        Budget {
            values: 0,
            allowed: text.len() / BYTES_PER_VALUE + VALUE_ALLOWANCE,
        }
    }

    /// The values counted so far.
    #[cfg(test)]
    pub fn spent(&self) -> usize {
        self.values
    }

    /// One more value; gives up past the budget.
    fn spend_one(&mut self) -> Result<(), GaveUp> {
        self.values += 1;
        if self.values > self.allowed {
            return Err(GaveUp);
        }
        Ok(())
    }
}

/// Where a reader of plain lines stands in its text, and what is left of
/// its budget of values.
pub struct Cursor<'i> {
    pub text: &'i str,
    pub bytes: &'i [u8],
    pub at: usize,
    pub budget: Budget,
}

impl<'i> Cursor<'i> {
    /// At `at` of `text`, counting values against `budget`.
    pub fn new(text: &'i str, at: usize, budget: Budget) -> Self {
        Cursor {
            text,
            bytes: text.as_bytes(),
            at,
            budget,
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    pub fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// One more value as the shape limits count it.
    pub fn count(&mut self) -> Result<(), GaveUp> {
        self.budget.spend_one()
    }

    /// Blanks, a comment, then a newline or the end of the text.
    pub fn end_of_line(&mut self) -> Result<(), GaveUp> {
        self.skip_blanks();
        if self.peek() == Some(b'#') {
            let rest = &self.bytes[self.at..];
            let mut stop = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            // A carriage return ends a line only before a newline.
            if stop < rest.len() && stop > 0 && rest[stop - 1] == b'\r' {
                stop -= 1;
            }
            if !plain_inside(&rest[..stop], false) {
                return Err(GaveUp);
            }
            self.at += stop;
        }
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.at += 1;
                Ok(())
            }
            Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => {
                self.at += 2;
                Ok(())
            }
            _ => Err(GaveUp),
        }
    }

    /// A bare key: where it is.
    pub fn key(&mut self) -> Result<Range<usize>, GaveUp> {
        let start = self.at;
        while self.peek().is_some_and(is_key_byte) {
            self.at += 1;
        }
        if self.at == start {
            return Err(GaveUp);
        }
        Ok(start..self.at)
    }

    /// `=` between blanks after a key (a value, as the shape limits count).
    pub fn equals(&mut self) -> Result<(), GaveUp> {
        self.skip_blanks();
        if self.peek() != Some(b'=') {
            return Err(GaveUp);
        }
        self.at += 1;
        self.count()?;
        self.skip_blanks();
        Ok(())
    }

    /// A comma in an array or inline table: one more value, within `limit`.
    fn comma(&mut self, commas: &mut usize, limit: usize) -> Result<(), GaveUp> {
        self.at += 1;
        *commas += 1;
        if *commas >= limit {
            return Err(GaveUp);
        }
        self.count()
    }

    /// `[ item, ... ]` on one line (a trailing comma allowed), from its `[`:
    /// each item read by `item`.
    pub fn array(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<(), GaveUp>,
    ) -> Result<(), GaveUp> {
        self.at += 1;
        self.count()?;
        let mut commas = 0;
        loop {
            self.skip_blanks();
            if self.peek() == Some(b']') {
                break;
            }
            item(self)?;
            self.skip_blanks();
            match self.peek() {
                Some(b',') => self.comma(&mut commas, MAX_ARRAY_VALUES)?,
                Some(b']') => break,
                _ => return Err(GaveUp),
            }
        }
        self.at += 1;
        Ok(())
    }

    /// `{ key = value, ... }` on one line, without a trailing comma, from its
    /// `{`: each `key = value` read by `entry`.
    pub fn inline_table(
        &mut self,
        mut entry: impl FnMut(&mut Self) -> Result<(), GaveUp>,
    ) -> Result<(), GaveUp> {
        self.at += 1;
        self.count()?;
        let mut commas = 0;
        self.skip_blanks();
        if self.peek() != Some(b'}') {
            loop {
                entry(self)?;
                self.skip_blanks();
                match self.peek() {
                    Some(b',') => {
                        self.comma(&mut commas, MAX_INLINE_KEYS)?;
                        self.skip_blanks();
                    }
                    Some(b'}') => break,
                    _ => return Err(GaveUp),
                }
            }
        }
        self.at += 1;
        Ok(())
    }

    /// A one-line string: basic without escapes, or literal.
    pub fn string(&mut self) -> Result<&'i str, GaveUp> {
        let Some(quote @ (b'"' | b'\'')) = self.peek() else {
            return Err(GaveUp);
        };
        let start = self.at + 1;
        // `""` then a third quote opens a multi-line string.
        if self.bytes.get(start) == Some(&quote) && self.bytes.get(start + 1) == Some(&quote) {
            return Err(GaveUp);
        }
        let end = start + memchr::memchr(quote, &self.bytes[start..]).ok_or(GaveUp)?;
        // A newline before the quote fails this too: the string ends on its line.
        if !plain_inside(&self.bytes[start..end], quote == b'"') {
            return Err(GaveUp);
        }
        self.at = end + 1;
        Ok(&self.text[start..end])
    }

    /// An unquoted value ([`bare`]) and where it is.
    pub fn bare(&mut self) -> Result<(Value<'i>, Range<usize>), GaveUp> {
        let start = self.at;
        let rest = &self.bytes[start..];
        self.at += rest
            .iter()
            .position(|&b| ends_bare(b))
            .unwrap_or(rest.len());
        let value = bare(&self.text[start..self.at], &self.bytes[self.at..])?;
        Ok((value, start..self.at))
    }

    /// A string without escapes, a decimal number, a boolean or a date-time.
    pub fn scalar(&mut self) -> Result<Node<'i>, GaveUp> {
        match self.peek() {
            Some(b'"' | b'\'') => {
                let start = self.at;
                let string = self.string()?;
                Ok(Spanned::new(
                    start..self.at,
                    Value::String(Cow::Borrowed(string)),
                ))
            }
            Some(_) => {
                let (value, span) = self.bare()?;
                Ok(Spanned::new(span, value))
            }
            None => Err(GaveUp),
        }
    }
}
