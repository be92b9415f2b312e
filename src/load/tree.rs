//! A light TOML table tree: what the validators read.
//!
//! Built straight from `toml_parser`'s events ([`crate::load::events`]) for one
//! file or one piece of a large file, read into records and dropped. Tables are
//! vectors in file order (a record has about 15 keys: a short scan beats a
//! B-tree insert), strings borrow from the text unless they hold escapes, and
//! numbers keep their digits as written so messages can quote them.
//!
//! [`Table::from_toml`] converts the `toml` crate's own tree, which the loader
//! falls back on when the event reader meets anything it does not accept (any
//! syntax error, a duplicate key): that parser's messages are the ones users see.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use super::hash::IdBuildHasher;

/// A value or key with the byte range it was written at (within the text parsed).
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub(super) span: Range<usize>,
    pub(super) value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Range<usize>, value: T) -> Self {
        Spanned { span, value }
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// A key as decoded (escapes resolved).
pub type Key<'i> = Spanned<Cow<'i, str>>;
/// A value with its span.
pub type Node<'i> = Spanned<Value<'i>>;

/// An integer or float as written (underscores removed, sign kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number<'i> {
    text: Cow<'i, str>,
    radix: u32,
}

impl<'i> Number<'i> {
    pub fn new(text: Cow<'i, str>, radix: u32) -> Self {
        Number { text, radix }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn radix(&self) -> u32 {
        self.radix
    }
}

/// A TOML value.
#[derive(Clone, Debug)]
pub enum Value<'i> {
    String(Cow<'i, str>),
    Integer(Number<'i>),
    Float(Number<'i>),
    Boolean(bool),
    Datetime(Datetime),
    Array(Array<'i>),
    Table(Table<'i>),
}

impl Value<'_> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// An array; `of_tables` when made by `[[header]]`s.
#[derive(Clone, Debug, Default)]
pub struct Array<'i> {
    pub items: Vec<Node<'i>>,
    pub of_tables: bool,
}

impl<'i> Array<'i> {
    pub fn iter(&self) -> std::slice::Iter<'_, Node<'i>> {
        self.items.iter()
    }
}

impl<'a, 'i> IntoIterator for &'a Array<'i> {
    type Item = &'a Node<'i>;
    type IntoIter = std::slice::Iter<'a, Node<'i>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// How a table came to be, which decides what may still extend it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Made {
    /// Created on the way to a deeper key or header, not by its own header.
    pub implicit: bool,
    /// Created by a dotted key (`a.b = 1`).
    pub dotted: bool,
    /// Written `{ ... }` (closed once written).
    pub inline: bool,
}

/// A table: its entries in the order they were written.
#[derive(Clone, Debug, Default)]
pub struct Table<'i> {
    entries: Vec<(Key<'i>, Node<'i>)>,
    /// Key → entry, kept once a table outgrows a short scan ([`INDEX_FROM`]
    /// keys): a state file's 100,000 hashes, a long `[board.parties]`.
    index: Option<HashMap<Cow<'i, str>, usize, IdBuildHasher>>,
    pub made: Made,
}

/// Tables with more keys than this are looked up through an index.
const INDEX_FROM: usize = 24;

impl<'i> Table<'i> {
    pub fn new(made: Made) -> Self {
        Table {
            entries: Vec::new(),
            index: None,
            made,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Node<'i>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(super) fn position(&self, key: &str) -> Option<usize> {
        if let Some(index) = &self.index {
            return index.get(key).copied();
        }
        let (len, first) = (key.len(), key.as_bytes().first());
        self.entries.iter().position(|(k, _)| {
            let k: &str = k.get_ref();
            k.len() == len && k.as_bytes().first() == first && k == key
        })
    }

    pub fn get_key_value(&self, key: &str) -> Option<(&Key<'i>, &Node<'i>)> {
        self.position(key)
            .map(|i| (&self.entries[i].0, &self.entries[i].1))
    }

    pub fn get(&self, key: &str) -> Option<&Node<'i>> {
        self.get_key_value(key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    pub(super) fn node_mut(&mut self, index: usize) -> &mut Node<'i> {
        &mut self.entries[index].1
    }

    pub(super) fn remove(&mut self, key: &str) -> Option<(Key<'i>, Node<'i>)> {
        let removed = self.position(key).map(|i| self.entries.remove(i));
        if removed.is_some() && self.index.is_some() {
            self.reindex();
        }
        removed
    }

    fn reindex(&mut self) {
        self.index = (self.entries.len() > INDEX_FROM).then(|| {
            self.entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.get_ref().clone(), i))
                .collect()
        });
    }

    /// Adds an entry whose key is known to be new; returns its index.
    pub(super) fn push(&mut self, key: Key<'i>, value: Node<'i>) -> usize {
        let at = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(key.get_ref().clone(), at);
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() > INDEX_FROM {
            self.reindex();
        }
        at
    }

    /// The `toml` crate's tree as this one (entries in key order, as that
    /// tree keeps them; readers that care sort by position).
    pub fn from_toml(table: &DeTable<'i>) -> Table<'i> {
        let mut out = Table::new(Made::default());
        for (key, value) in table {
            out.push(
                Spanned::new(key.span(), key.get_ref().clone()),
                Spanned::new(value.span(), Value::from_toml(value.get_ref())),
            );
        }
        out
    }

    /// Every key, value and span, entries sorted by key: a form both trees
    /// share, for comparing them.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        self.write_canonical(&mut out);
        out
    }

    fn write_canonical(&self, out: &mut String) {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_by(|a, b| a.0.get_ref().cmp(b.0.get_ref()));
        out.push('{');
        for (key, value) in entries {
            out.push_str(&format!("{:?}@{:?}=", key.get_ref(), key.span()));
            value.get_ref().write_canonical(out);
            out.push_str(&format!("@{:?},", value.span()));
        }
        out.push('}');
    }
}

impl<'i> Value<'i> {
    fn write_canonical(&self, out: &mut String) {
        match self {
            Value::Array(array) => {
                out.push('[');
                for item in array {
                    item.get_ref().write_canonical(out);
                    out.push_str(&format!("@{:?},", item.span()));
                }
                out.push(']');
            }
            Value::Table(table) => table.write_canonical(out),
            Value::String(s) => out.push_str(&format!("s{s:?}")),
            Value::Integer(n) => out.push_str(&format!("i{}/{}", n.as_str(), n.radix())),
            Value::Float(n) => out.push_str(&format!("f{}", n.as_str())),
            Value::Boolean(b) => out.push_str(&format!("b{b}")),
            Value::Datetime(d) => out.push_str(&format!("d{d}")),
        }
    }

    fn from_toml(value: &DeValue<'i>) -> Value<'i> {
        match value {
            DeValue::String(s) => Value::String(s.clone()),
            DeValue::Integer(i) => {
                Value::Integer(Number::new(Cow::Owned(i.as_str().to_owned()), i.radix()))
            }
            DeValue::Float(f) => Value::Float(Number::new(Cow::Owned(f.as_str().to_owned()), 10)),
            DeValue::Boolean(b) => Value::Boolean(*b),
            DeValue::Datetime(d) => Value::Datetime(*d),
            DeValue::Array(items) => Value::Array(Array {
                items: items
                    .iter()
                    .map(|item| Spanned::new(item.span(), Value::from_toml(item.get_ref())))
                    .collect(),
                // Not told by that tree; only building needs it.
                of_tables: false,
            }),
            DeValue::Table(table) => Value::Table(Table::from_toml(table)),
        }
    }
}
