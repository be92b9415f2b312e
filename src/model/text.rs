//! [`Text`]: a record's text, shared.
//!
//! Strike reports repeat the same few words in every record (oblasts,
//! operators, facilities, a standard note): the loader interns them
//! ([`crate::load::intern`]), so 100,000 strikes in 25 oblasts hold 25 strings,
//! not 100,000. A `Text` is 16 bytes (a `String` is 24) and reads as a `&str`.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Immutable, cheaply cloned text.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether two texts share one string (interned alike).
    pub fn ptr_eq(a: &Text, b: &Text) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Arc::from(""))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Arc::from(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Arc::from(s))
    }
}

impl From<Arc<str>> for Text {
    fn from(s: Arc<str>) -> Self {
        Text(s)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.0.to_string()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A strike's sources: most reports cite one, held in place (no allocation
/// of its own); more share one block. Reads as a slice of [`Text`], and its
/// debug form and JSON are a list's, as a `Vec<Text>`'s were.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub enum Texts {
    #[default]
    None,
    One(Text),
    Many(Arc<[Text]>),
}

impl Deref for Texts {
    type Target = [Text];
    fn deref(&self) -> &[Text] {
        match self {
            Texts::None => &[],
            Texts::One(text) => std::slice::from_ref(text),
            Texts::Many(texts) => texts,
        }
    }
}

impl From<Vec<Text>> for Texts {
    fn from(mut texts: Vec<Text>) -> Self {
        match texts.len() {
            0 => Texts::None,
            1 => texts.pop().map_or(Texts::None, Texts::One),
            _ => Texts::Many(Arc::from(texts)),
        }
    }
}

impl FromIterator<Text> for Texts {
    fn from_iter<I: IntoIterator<Item = Text>>(iter: I) -> Self {
        Texts::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a Texts {
    type Item = &'a Text;
    type IntoIter = std::slice::Iter<'a, Text>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Texts {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == b)
    }
}

impl serde::Serialize for Texts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod texts_tests {
    use super::{Text, Texts};

    #[test]
    fn texts_read_and_print_as_the_list_they_hold() {
        let none = Texts::from(Vec::new());
        let one = Texts::from(vec![Text::from("a")]);
        let two: Texts = [Text::from("a"), Text::from("b")].into_iter().collect();
        assert!(matches!(none, Texts::None) && none.is_empty());
        assert!(matches!(one, Texts::One(_)));
        assert_eq!(one, ["a"]);
        assert_eq!(two, ["a", "b"]);
        assert_ne!(two, ["a"]);
        // The same debug form and JSON as the vector (record hashes read it).
        let list = vec![Text::from("a"), Text::from("b")];
        assert_eq!(format!("{two:?}"), format!("{list:?}"));
        assert_eq!(
            serde_json::to_string(&two).unwrap(),
            serde_json::to_string(&list).unwrap()
        );
        assert_eq!(format!("{none:?}"), "[]");
    }
}
