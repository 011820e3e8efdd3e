//! A compact byte form of a regex-syntax `Hir`, so `build.rs` can store the
//! narrowed `Hir` of every built-in pattern and start-up need not parse,
//! case-fold and narrow them again (a third of compiling a pattern). Depends
//! on `regex-syntax` alone: `build.rs` includes this file too.
//!
//! Each node is a tag byte and its fields, numbers as LEB128:
//!
//! - empty;
//! - literal: length, bytes;
//! - Unicode class: number of ranges, then each start and end;
//! - byte class: likewise;
//! - look-around: its `repr`;
//! - repetition: min, max plus one (0 for none), greedy, sub;
//! - capture: index, name length plus one (0 for none), name, sub;
//! - concatenation and alternation: count, subs.
//!
//! Rebuilt with the same constructors regex-syntax's translator uses, so the
//! result equals the `Hir` that was encoded (a test checks every built-in
//! pattern).

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};

const EMPTY: u8 = 0;
const LITERAL: u8 = 1;
const UNICODE: u8 = 2;
const BYTES: u8 = 3;
const LOOK: u8 = 4;
const REPEAT: u8 = 5;
const CAPTURE: u8 = 6;
const CONCAT: u8 = 7;
const ALTERNATE: u8 = 8;

/// Appends the byte form of `hir` to `out`.
#[allow(dead_code)] // build.rs and the tests encode; the crate decodes
pub fn encode(hir: &Hir, out: &mut Vec<u8>) {
    match hir.kind() {
        HirKind::Empty => out.push(EMPTY),
        HirKind::Literal(l) => {
            out.push(LITERAL);
            number(l.0.len() as u32, out);
            out.extend_from_slice(&l.0);
        }
        HirKind::Class(Class::Unicode(c)) => {
            out.push(UNICODE);
            number(c.ranges().len() as u32, out);
            for r in c.ranges() {
                number(r.start() as u32, out);
                number(r.end() as u32, out);
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            out.push(BYTES);
            number(c.ranges().len() as u32, out);
            for r in c.ranges() {
                out.push(r.start());
                out.push(r.end());
            }
        }
        HirKind::Look(look) => {
            out.push(LOOK);
            number(look.as_repr(), out);
        }
        HirKind::Repetition(r) => {
            out.push(REPEAT);
            number(r.min, out);
            number(r.max.map_or(0, |m| m + 1), out);
            out.push(u8::from(r.greedy));
            encode(&r.sub, out);
        }
        HirKind::Capture(c) => {
            out.push(CAPTURE);
            number(c.index, out);
            match &c.name {
                Some(name) => {
                    number(name.len() as u32 + 1, out);
                    out.extend_from_slice(name.as_bytes());
                }
                None => number(0, out),
            }
            encode(&c.sub, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            out.push(if matches!(hir.kind(), HirKind::Concat(_)) {
                CONCAT
            } else {
                ALTERNATE
            });
            number(subs.len() as u32, out);
            for sub in subs {
                encode(sub, out);
            }
        }
    }
}

#[allow(dead_code)]
fn number(mut n: u32, out: &mut Vec<u8>) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// The `Hir` `encode` wrote at the start of `bytes`, or `None` for bytes it
/// did not write.
pub fn decode(bytes: &[u8]) -> Option<Hir> {
    let mut r = Reader { bytes, at: 0 };
    let hir = r.hir()?;
    (r.at == bytes.len()).then_some(hir)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn number(&mut self) -> Option<u32> {
        let mut n = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn take(&mut self, len: usize) -> Option<&[u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(s)
    }

    fn hirs(&mut self) -> Option<Vec<Hir>> {
        let n = self.number()? as usize;
        (0..n).map(|_| self.hir()).collect()
    }

    fn hir(&mut self) -> Option<Hir> {
        Some(match self.byte()? {
            EMPTY => Hir::empty(),
            LITERAL => {
                let len = self.number()? as usize;
                Hir::literal(self.take(len)?.to_vec())
            }
            UNICODE => {
                let n = self.number()? as usize;
                let mut ranges = Vec::with_capacity(n);
                for _ in 0..n {
                    let a = char::from_u32(self.number()?)?;
                    let b = char::from_u32(self.number()?)?;
                    ranges.push(ClassUnicodeRange::new(a, b));
                }
                Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
            }
            BYTES => {
                let n = self.number()? as usize;
                let mut ranges = Vec::with_capacity(n);
                for _ in 0..n {
                    let (a, b) = (self.byte()?, self.byte()?);
                    ranges.push(ClassBytesRange::new(a, b));
                }
                Hir::class(Class::Bytes(ClassBytes::new(ranges)))
            }
            LOOK => Hir::look(Look::from_repr(self.number()?)?),
            REPEAT => {
                let min = self.number()?;
                let max = self.number()?.checked_sub(1);
                let greedy = self.byte()? != 0;
                let sub = Box::new(self.hir()?);
                Hir::repetition(Repetition {
                    min,
                    max,
                    greedy,
                    sub,
                })
            }
            CAPTURE => {
                let index = self.number()?;
                let name = match self.number()?.checked_sub(1) {
                    Some(len) => {
                        let s = std::str::from_utf8(self.take(len as usize)?).ok()?;
                        Some(s.into())
                    }
                    None => None,
                };
                let sub = Box::new(self.hir()?);
                Hir::capture(Capture { index, name, sub })
            }
            CONCAT => Hir::concat(self.hirs()?),
            ALTERNATE => Hir::alternation(self.hirs()?),
            _ => return None,
        })
    }
}
