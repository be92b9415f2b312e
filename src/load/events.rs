//! Reading a file's tokens into the light tree ([`crate::load::tree`]) straight
//! from `toml_parser`'s events: one lexing pass (shared with the shape limits),
//! no intermediate `toml` tree, tables as short vectors.
//!
//! The reader follows TOML's rules for tables (headers, arrays of tables,
//! dotted keys, inline tables) and gives up at the first thing it does not
//! accept: a syntax error, an invalid escape, a duplicate key, a table defined
//! twice. The caller then parses the text with the `toml` crate, whose message
//! and position are what the user sees, so a broken file reads exactly as
//! before; a good file never needs it. The differential tests
//! (`tests/parser_equal.rs`) hold the two trees equal on every fixture and on
//! generated, mutated and broken files.

use std::borrow::Cow;
use std::ops::Range;

use toml::value::Datetime;
use toml_parser::decoder::ScalarKind;
use toml_parser::lexer::Token;
use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Source};

use super::tree::{Array, Key, Made, Node, Spanned, Table, Value};

/// The reader met something it does not accept; the `toml` crate says what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GaveUp;

/// How deep the `toml` crate lets values nest and keys dot (its own limit).
const TOML_DEPTH_LIMIT: u32 = 80;

/// Remembers whether anything was reported.
#[derive(Default)]
struct Flag(bool);

impl ErrorSink for Flag {
    fn report_error(&mut self, _error: ParseError) {
        self.0 = true;
    }
}

/// The tree of `text`, whose tokens are `tokens` (from `Source::new(text).lex()`).
pub fn read<'i>(text: &'i str, tokens: &[Token]) -> Result<Table<'i>, GaveUp> {
    let source = Source::new(text);
    let mut events = SPARE_EVENTS.with(std::cell::RefCell::take);
    events.clear();
    events.reserve(tokens.len());
    let mut flag = Flag::default();
    {
        let mut validate = ValidateWhitespace::new(&mut events, source);
        let mut guard = RecursionGuard::new(&mut validate, TOML_DEPTH_LIMIT);
        toml_parser::parser::parse_document(tokens, &mut guard, &mut flag);
    }
    let result = if flag.0 {
        Err(GaveUp)
    } else {
        build(source, &events)
    };
    if events.capacity() <= SPARE_EVENTS_MAX {
        SPARE_EVENTS.with(|spare| spare.replace(events));
    }
    result
}

/// The most events a thread keeps a buffer for between pieces.
const SPARE_EVENTS_MAX: usize = 1 << 18;

thread_local! {
    /// An event buffer kept for the next piece this thread reads.
    static SPARE_EVENTS: std::cell::RefCell<Vec<Event>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Lets go of this thread's spare event buffer (once a load is done).
pub fn release() {
    drop(SPARE_EVENTS.with(std::cell::RefCell::take));
}

fn build<'i>(source: Source<'i>, events: &[Event]) -> Result<Table<'i>, GaveUp> {
    let mut builder = Builder {
        source,
        events,
        at: 0,
        tables: Assembler::default(),
    };
    builder.document()?;
    builder.tables.finish()
}

/// A `[table]` or `[[array]]` header: the path to its parent, its own key.
pub(super) struct Header<'i> {
    pub path: Vec<Key<'i>>,
    pub key: Key<'i>,
    pub span: Range<usize>,
    pub array: bool,
}

struct Builder<'e, 'i> {
    source: Source<'i>,
    events: &'e [Event],
    at: usize,
    tables: Assembler<'i>,
}

/// Puts the tree together as headers and keys arrive, by TOML's rules for
/// tables (shared by this reader and [`crate::load::quick`]).
#[derive(Default)]
pub(super) struct Assembler<'i> {
    root: Table<'i>,
    /// The table under the last header (or the top level before any header).
    current: Table<'i>,
    header: Option<Header<'i>>,
}

fn span(event: Event) -> Range<usize> {
    event.span().start()..event.span().end()
}

impl<'i> Builder<'_, 'i> {
    fn next(&mut self) -> Option<Event> {
        let event = self.events.get(self.at).copied();
        self.at += 1;
        event
    }

    /// The next event that is not whitespace.
    fn next_solid(&mut self) -> Result<Event, GaveUp> {
        loop {
            let event = self.next().ok_or(GaveUp)?;
            if event.kind() != EventKind::Whitespace {
                return Ok(event);
            }
        }
    }

    /// The next event inside an inline table that is not whitespace, a
    /// comment or a newline.
    fn next_in_braces(&mut self) -> Result<Event, GaveUp> {
        loop {
            let event = self.next().ok_or(GaveUp)?;
            if !matches!(
                event.kind(),
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline
            ) {
                return Ok(event);
            }
        }
    }

    fn peek_solid(&self) -> Option<EventKind> {
        self.events[self.at.min(self.events.len())..]
            .iter()
            .map(Event::kind)
            .find(|k| *k != EventKind::Whitespace)
    }

    fn document(&mut self) -> Result<(), GaveUp> {
        while let Some(event) = self.next() {
            match event.kind() {
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline => {}
                EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                    let header = self.header(event)?;
                    self.tables.header(header)?;
                }
                EventKind::SimpleKey => {
                    let (path, key) = self.key(event)?;
                    if self.next_solid()?.kind() != EventKind::KeyValSep {
                        return Err(GaveUp);
                    }
                    let value = self.value()?;
                    self.tables.key_value(&path, key, value)?;
                }
                _ => return Err(GaveUp),
            }
        }
        Ok(())
    }

    fn decode_key(&self, event: Event) -> Result<Key<'i>, GaveUp> {
        let raw = self.source.get(event).ok_or(GaveUp)?;
        let mut decoded = Cow::Borrowed("");
        let mut flag = Flag::default();
        raw.decode_key(&mut decoded, &mut flag);
        if flag.0 {
            return Err(GaveUp);
        }
        Ok(Spanned::new(span(event), decoded))
    }

    /// A key, simple or dotted: the path before its last part, and that part.
    fn key(&mut self, first: Event) -> Result<(Vec<Key<'i>>, Key<'i>), GaveUp> {
        let mut path = Vec::new();
        let mut last = self.decode_key(first)?;
        while self.peek_solid() == Some(EventKind::KeySep) {
            self.next_solid()?;
            let part = self.next_solid()?;
            if part.kind() != EventKind::SimpleKey {
                return Err(GaveUp);
            }
            path.push(std::mem::replace(&mut last, self.decode_key(part)?));
            if path.len() >= TOML_DEPTH_LIMIT as usize {
                return Err(GaveUp);
            }
        }
        Ok((path, last))
    }

    fn header(&mut self, open: Event) -> Result<Header<'i>, GaveUp> {
        let first = self.next_solid()?;
        if first.kind() != EventKind::SimpleKey {
            return Err(GaveUp);
        }
        let (path, key) = self.key(first)?;
        let close = self.next_solid()?;
        let array = open.kind() == EventKind::ArrayTableOpen;
        let expected = if array {
            EventKind::ArrayTableClose
        } else {
            EventKind::StdTableClose
        };
        if close.kind() != expected {
            return Err(GaveUp);
        }
        Ok(Header {
            path,
            key,
            span: open.span().start()..close.span().end(),
            array,
        })
    }

    fn value(&mut self) -> Result<Node<'i>, GaveUp> {
        let event = self.next_solid()?;
        self.value_at(event)
    }

    fn value_at(&mut self, event: Event) -> Result<Node<'i>, GaveUp> {
        match event.kind() {
            EventKind::Scalar => self.scalar(event),
            EventKind::ArrayOpen => self.array(event),
            EventKind::InlineTableOpen => self.inline_table(event),
            _ => Err(GaveUp),
        }
    }

    fn scalar(&self, event: Event) -> Result<Node<'i>, GaveUp> {
        let raw = self.source.get(event).ok_or(GaveUp)?;
        let mut decoded = Cow::Borrowed("");
        let mut flag = Flag::default();
        let kind = raw.decode_scalar(&mut decoded, &mut flag);
        if flag.0 {
            return Err(GaveUp);
        }
        let value = match kind {
            ScalarKind::String => Value::String(decoded),
            ScalarKind::Boolean(b) => Value::Boolean(b),
            ScalarKind::DateTime => {
                Value::Datetime(decoded.parse::<Datetime>().map_err(|_| GaveUp)?)
            }
            ScalarKind::Float => Value::Float(super::tree::Number::new(decoded, 10)),
            ScalarKind::Integer(radix) => {
                Value::Integer(super::tree::Number::new(decoded, radix.value()))
            }
        };
        Ok(Spanned::new(span(event), value))
    }

    fn array(&mut self, open: Event) -> Result<Node<'i>, GaveUp> {
        let mut items = Vec::new();
        loop {
            let event = self.next().ok_or(GaveUp)?;
            match event.kind() {
                EventKind::Whitespace
                | EventKind::Comment
                | EventKind::Newline
                | EventKind::ValueSep => {}
                EventKind::ArrayClose => {
                    let value = Value::Array(Array {
                        items,
                        of_tables: false,
                    });
                    return Ok(Spanned::new(open.span().start()..event.span().end(), value));
                }
                _ => items.push(self.value_at(event)?),
            }
        }
    }

    fn inline_table(&mut self, open: Event) -> Result<Node<'i>, GaveUp> {
        let mut table = Table::new(Made {
            inline: true,
            ..Made::default()
        });
        loop {
            let event = self.next().ok_or(GaveUp)?;
            match event.kind() {
                EventKind::Whitespace
                | EventKind::Comment
                | EventKind::Newline
                | EventKind::ValueSep => {}
                EventKind::SimpleKey => {
                    let (path, key) = self.key(event)?;
                    // TOML 1.1: comments and newlines may stand anywhere
                    // between the braces, around `=` too.
                    if self.next_in_braces()?.kind() != EventKind::KeyValSep {
                        return Err(GaveUp);
                    }
                    let value = self.next_in_braces()?;
                    let value = self.value_at(value)?;
                    let parent = descend(&mut table, &path, Within::Inline)?;
                    // A key beside dotted keys into the same table, or a dotted key
                    // into a table written whole, defines it twice.
                    if parent.made.dotted == path.is_empty() || parent.contains_key(key.get_ref()) {
                        return Err(GaveUp);
                    }
                    parent.push(key, value);
                }
                EventKind::InlineTableClose => {
                    return Ok(Spanned::new(
                        open.span().start()..event.span().end(),
                        Value::Table(table),
                    ));
                }
                _ => return Err(GaveUp),
            }
        }
    }
}

impl<'i> Assembler<'i> {
    /// A header: the table before it is complete, its own begins.
    pub fn header(&mut self, header: Header<'i>) -> Result<(), GaveUp> {
        self.finish_table()?;
        self.start_table(header)
    }

    /// The end of the text: the tree.
    pub fn finish(mut self) -> Result<Table<'i>, GaveUp> {
        self.finish_table()?;
        Ok(self.root)
    }

    /// `key = value` (or `a.b.key = value`) in the current table.
    pub fn key_value(
        &mut self,
        path: &[Key<'i>],
        key: Key<'i>,
        value: Node<'i>,
    ) -> Result<(), GaveUp> {
        let dotted = !path.is_empty();
        let within = if dotted {
            Within::Dotted
        } else {
            Within::Header
        };
        let parent = descend(&mut self.current, path, within)?;
        if (dotted && !parent.made.implicit) || parent.contains_key(key.get_ref()) {
            return Err(GaveUp);
        }
        parent.push(key, value);
        Ok(())
    }

    /// The current table is complete: it goes into the tree where its header says.
    fn finish_table(&mut self) -> Result<(), GaveUp> {
        let table = std::mem::take(&mut self.current);
        let Some(header) = self.header.take() else {
            self.root = table;
            return Ok(());
        };
        let node = Spanned::new(header.span.clone(), Value::Table(table));
        let parent = descend(&mut self.root, &header.path, Within::Header)?;
        if header.array {
            let index = if let Some(index) = parent.position(header.key.get_ref()) {
                index
            } else {
                let array = Value::Array(Array {
                    items: Vec::new(),
                    of_tables: true,
                });
                parent.push(header.key, Spanned::new(header.span, array))
            };
            match &mut parent.node_mut(index).value {
                Value::Array(array) if array.of_tables => array.items.push(node),
                _ => return Err(GaveUp),
            }
        } else {
            if parent.contains_key(header.key.get_ref()) {
                return Err(GaveUp);
            }
            parent.push(header.key, node);
        }
        Ok(())
    }

    /// A header opens a table: a `[table]` may complete one made implicitly by a
    /// deeper header before it, never one defined any other way.
    fn start_table(&mut self, header: Header<'i>) -> Result<(), GaveUp> {
        if !header.array {
            let parent = descend(&mut self.root, &header.path, Within::Header)?;
            if let Some((_, old)) = parent.remove(header.key.get_ref()) {
                match old.value {
                    Value::Table(table) if table.made.implicit && !table.made.dotted => {
                        self.current = table;
                    }
                    _ => return Err(GaveUp),
                }
            }
        }
        self.current.made.implicit = false;
        self.current.made.dotted = false;
        self.header = Some(header);
        Ok(())
    }
}

/// Where a path is being walked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    /// A header's path, or a plain key's table (no dots).
    Header,
    /// A dotted key's path outside inline tables.
    Dotted,
    /// A dotted key's path inside an inline table.
    Inline,
}

/// The table at `path` below `table`, making missing ones implicitly; an array
/// of tables leads into its last table.
fn descend<'t, 'i>(
    mut table: &'t mut Table<'i>,
    path: &[Key<'i>],
    within: Within,
) -> Result<&'t mut Table<'i>, GaveUp> {
    let dotted = within != Within::Header;
    for key in path {
        let index = if let Some(index) = table.position(key.get_ref()) {
            index
        } else {
            let made = Made {
                implicit: true,
                dotted,
                inline: within == Within::Inline,
            };
            let node = Spanned::new(key.span(), Value::Table(Table::new(made)));
            table.push(key.clone(), node)
        };
        table = match &mut table.node_mut(index).value {
            Value::Array(array) if array.of_tables && within != Within::Inline => {
                match array.items.last_mut().map(|n| &mut n.value) {
                    Some(Value::Table(last)) => last,
                    _ => return Err(GaveUp),
                }
            }
            Value::Table(child) => {
                if within != Within::Inline && child.made.inline {
                    return Err(GaveUp);
                }
                if within == Within::Dotted && child.made.implicit {
                    child.made.dotted = true;
                }
                if dotted && !child.made.implicit {
                    return Err(GaveUp);
                }
                child
            }
            _ => return Err(GaveUp),
        };
    }
    Ok(table)
}
