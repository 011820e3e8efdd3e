//! `substitution`: a `swap` key appears; suggest its value, with a fix.

use super::{Ctx, fill, non_overlapping};
use crate::finding::{Finding, Fix};
use crate::rules::{FixSafety, LexId, Rule};

pub fn check(
    rule: &Rule,
    ctx: &Ctx<'_>,
    first: LexId,
    replacements: &[String],
    fix: Option<FixSafety>,
    exceptions: Option<LexId>,
    out: &mut Vec<Finding>,
) {
    let mut hits = Vec::new();
    for i in 0..replacements.len() {
        hits.extend(ctx.hits_except(first + i as LexId, exceptions));
    }
    for h in non_overlapping(hits) {
        let words = ctx.words(h.range());
        let replacement = match_case(words, &replacements[(h.lex - first) as usize]);
        let message = fill(
            &rule.message,
            &[("match", words), ("replacement", &replacement)],
        );
        let mut f = ctx.finding(rule, h.range(), message);
        // Only rewrite text that is exactly what the reader sees: never
        // across emphasis, links, entities or line breaks.
        if let Some(safety) = fix
            && ctx.text.get(f.span.range()) == Some(words)
        {
            f.fix = Some(Box::new(Fix {
                replacement,
                span: f.span,
                safety,
            }));
        }
        out.push(f);
    }
}

/// Gives `replacement` the capitalisation of `original`: ALL CAPS, Capitalised
/// or as written.
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut c = replacement.chars();
        return match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        };
    }
    replacement.to_string()
}

#[cfg(test)]
mod tests {
    use super::match_case;

    #[test]
    fn keeps_case() {
        assert_eq!(match_case("Shall", "will"), "Will");
        assert_eq!(match_case("SHALL", "will"), "WILL");
        assert_eq!(match_case("shall", "will"), "will");
        assert_eq!(match_case("Prior to", "before"), "Before");
    }
}
