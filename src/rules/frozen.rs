//! The built-in rule files as serde-saphyr read them at build time, node by
//! node with every location (`build.rs` writes the trees), and a serde
//! deserializer over them. Start-up deserializes the built-in
//! `RuleFileSpec`s from these trees instead of parsing 125 KB of YAML,
//! which was a fifth of linting one small file. The result is the value
//! `serde_saphyr::from_str` gives, spans included (a test compares them);
//! anything the trees cannot give the same way fails here, and the caller
//! parses the YAML instead. User rule files are always parsed.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::spec::RuleFileSpec;

/// A node's value as `deserialize_any` gave it; a sequence or map is
/// followed by its items or its keys and values, in document order.
/// Which variants the trees use depends on the rule files.
#[allow(dead_code)]
enum V {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    /// The bits of an `f64`.
    F64(u64),
    Str(&'static str),
    Seq(u32),
    Map(u32),
}

/// (value, referenced location, defined location, nodes in its subtree
/// counting itself); locations index `Tree::locs`.
struct N(V, u32, u32, u32);

/// One built-in file: the text the tree was read from, its nodes, and its
/// locations as (line, column, offset, length, byte offset, byte length,
/// source id).
struct Tree {
    text: &'static str,
    nodes: &'static [N],
    locs: &'static [[u32; 7]],
}

include!(concat!(env!("OUT_DIR"), "/yaml_tree.rs"));

/// The spec of a built-in file, from its tree; `None` when `text` is not a
/// built-in file's or its tree does not deserialize.
pub fn builtin_spec(text: &str) -> Option<RuleFileSpec> {
    let tree = TREES
        .iter()
        .find(|t| t.text.len() == text.len() && t.text == text)?;
    RuleFileSpec::deserialize(&mut Reader { tree, pos: 0 }).ok()
}

/// Why a tree did not deserialize; never shown.
#[derive(Debug)]
pub struct Miss(String);

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Miss {}

impl de::Error for Miss {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Miss(msg.to_string())
    }
}

struct Reader {
    tree: &'static Tree,
    pos: usize,
}

impl Reader {
    fn peek(&self) -> Result<&'static N, Miss> {
        let nodes: &'static [N] = self.tree.nodes;
        nodes
            .get(self.pos)
            .ok_or_else(|| Miss("end of tree".into()))
    }

    fn next(&mut self) -> Result<&'static N, Miss> {
        let n = self.peek()?;
        self.pos += 1;
        Ok(n)
    }

    fn loc(&self, i: u32) -> Result<[u32; 7], Miss> {
        self.tree
            .locs
            .get(i as usize)
            .copied()
            .ok_or_else(|| Miss("no such location".into()))
    }
}

/// serde-saphyr's name for the newtype `Spanned<T>` asks for, and the first
/// key of the map it then expects.
const SPANNED: &str = "__yaml_spanned";
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

impl<'de> de::Deserializer<'de> for &mut Reader {
    type Error = Miss;

    fn deserialize_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Miss> {
        match self.next()?.0 {
            V::Null => visitor.visit_unit(),
            V::Bool(b) => visitor.visit_bool(b),
            V::I64(i) => visitor.visit_i64(i),
            V::U64(u) => visitor.visit_u64(u),
            V::F64(bits) => visitor.visit_f64(f64::from_bits(bits)),
            V::Str(s) => visitor.visit_str(s),
            V::Seq(n) => {
                let mut items = Items { de: self, left: n };
                let value = visitor.visit_seq(&mut items)?;
                items.finish()?;
                Ok(value)
            }
            V::Map(n) => {
                let mut entries = Entries { de: self, left: n };
                let value = visitor.visit_map(&mut entries)?;
                entries.finish()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Miss> {
        if let V::Null = self.peek()?.0 {
            self.pos += 1;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<W: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: W,
    ) -> Result<W::Value, Miss> {
        if name != SPANNED {
            return visitor.visit_newtype_struct(self);
        }
        let n = self.peek()?;
        let (referenced, defined) = (self.loc(n.1)?, self.loc(n.2)?);
        visitor.visit_newtype_struct(SpannedDe {
            de: self,
            referenced,
            defined,
        })
    }

    fn deserialize_enum<W: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, Miss> {
        match self.next()?.0 {
            V::Str(s) => visitor.visit_enum(IntoDeserializer::<Miss>::into_deserializer(s)),
            _ => Err(Miss("an enum that is not a string".into())),
        }
    }

    fn deserialize_ignored_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Miss> {
        let size = self.peek()?.3 as usize;
        self.pos += size;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The items of a sequence.
struct Items<'a> {
    de: &'a mut Reader,
    left: u32,
}

impl Items<'_> {
    fn finish(&mut self) -> Result<(), Miss> {
        match self.left {
            0 => Ok(()),
            _ => Err(Miss("items left over".into())),
        }
    }
}

impl<'de> SeqAccess<'de> for &mut Items<'_> {
    type Error = Miss;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Miss> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

/// The keys and values of a map.
struct Entries<'a> {
    de: &'a mut Reader,
    left: u32,
}

impl Entries<'_> {
    fn finish(&mut self) -> Result<(), Miss> {
        match self.left {
            0 => Ok(()),
            _ => Err(Miss("entries left over".into())),
        }
    }
}

impl<'de> MapAccess<'de> for &mut Entries<'_> {
    type Error = Miss;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Miss> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Miss> {
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

/// What `Spanned<T>` is handed: a map of the marker, the value and its two
/// locations, as serde-saphyr gives it.
struct SpannedDe<'a> {
    de: &'a mut Reader,
    referenced: [u32; 7],
    defined: [u32; 7],
}

impl<'de> de::Deserializer<'de> for SpannedDe<'_> {
    type Error = Miss;

    fn deserialize_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Miss> {
        visitor.visit_map(SpannedFields {
            de: self.de,
            referenced: self.referenced,
            defined: self.defined,
            state: 0,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct SpannedFields<'a> {
    de: &'a mut Reader,
    referenced: [u32; 7],
    defined: [u32; 7],
    state: u8,
}

impl<'de> MapAccess<'de> for SpannedFields<'_> {
    type Error = Miss;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Miss> {
        let key = match self.state {
            0 => SPANNED_MARKER,
            1 => "value",
            2 => "referenced",
            3 => "defined",
            _ => return Ok(None),
        };
        self.state += 1;
        seed.deserialize(IntoDeserializer::<Miss>::into_deserializer(key))
            .map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Miss> {
        match self.state {
            1 => seed.deserialize(IntoDeserializer::<Miss>::into_deserializer(true)),
            2 => seed.deserialize(&mut *self.de),
            3 => seed.deserialize(location(self.referenced)),
            4 => seed.deserialize(location(self.defined)),
            _ => Err(Miss("no such field".into())),
        }
    }
}

/// A `serde_saphyr::Location`, which is only made by deserializing it.
fn location(loc: [u32; 7]) -> Fields<4> {
    let [line, column, offset, len, byte_offset, byte_len, source_id] = loc;
    Fields {
        keys: ["line", "column", "span", "source_id"],
        values: [
            Field::Number(line),
            Field::Number(column),
            Field::Span([offset, len, byte_offset, byte_len]),
            Field::Number(source_id),
        ],
        state: 0,
    }
}

/// A `serde_saphyr::Span`: offset, length and (byte offset, byte length).
fn span([offset, len, byte_offset, byte_len]: [u32; 4]) -> Fields<3> {
    Fields {
        keys: ["offset", "len", "byte_info"],
        values: [
            Field::Number(offset),
            Field::Number(len),
            Field::Pair([byte_offset, byte_len]),
        ],
        state: 0,
    }
}

/// One field of a `Location` or a `Span`.
#[derive(Clone, Copy)]
enum Field {
    Number(u32),
    Span([u32; 4]),
    Pair([u32; 2]),
}

/// A struct of `LEN` named fields, read as a map in order; it is its own
/// deserializer.
struct Fields<const LEN: usize> {
    keys: [&'static str; LEN],
    values: [Field; LEN],
    state: usize,
}

impl<'de, const LEN: usize> de::Deserializer<'de> for Fields<LEN> {
    type Error = Miss;

    fn deserialize_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, Miss> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, const LEN: usize> MapAccess<'de> for Fields<LEN> {
    type Error = Miss;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Miss> {
        let Some(&key) = self.keys.get(self.state) else {
            return Ok(None);
        };
        self.state += 1;
        seed.deserialize(IntoDeserializer::<Miss>::into_deserializer(key))
            .map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Miss> {
        let Some(&value) = self.state.checked_sub(1).and_then(|i| self.values.get(i)) else {
            return Err(Miss("no such field".into()));
        };
        match value {
            Field::Number(n) => seed.deserialize(IntoDeserializer::<Miss>::into_deserializer(n)),
            Field::Span(s) => seed.deserialize(span(s)),
            Field::Pair(p) => {
                seed.deserialize(de::value::SeqDeserializer::<_, Miss>::new(p.into_iter()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin::SETS;

    #[test]
    fn every_builtin_file_reads_as_serde_saphyr_parses_it() {
        for (file, text) in SETS {
            let parsed: RuleFileSpec = serde_saphyr::from_str(text).expect("built-in YAML");
            let read = builtin_spec(text)
                .unwrap_or_else(|| panic!("{file}: the tree does not deserialize"));
            assert_eq!(format!("{read:?}"), format!("{parsed:?}"), "{file}");
        }
    }

    #[test]
    fn other_text_is_parsed() {
        assert!(builtin_spec("name: house\nrules: {}\n").is_none());
    }
}
