//! The customer-centricity score: per document, 0-100 for each of five
//! dimensions and overall, from what the rules found. Every point lost is
//! traced to a finding: a structural finding costs its rule's `points`
//! (times its share, for per-section rules); language findings share the
//! language part's loss in proportion to their severity points.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Dimension, Rule, Severity};

/// The defaults, embedded from `rules/scoring.yml`.
pub const DEFAULTS_YAML: &str = include_str!("../rules/scoring.yml");

/// Score weights as written in YAML; every key optional so config can
/// override one at a time.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSpec {
    #[serde(default)]
    pub structure_share: Option<f64>,
    #[serde(default)]
    pub severity_weights: Option<SeverityWeights>,
    #[serde(default)]
    pub tau: Option<f64>,
    #[serde(default)]
    pub words_floor: Option<f64>,
    #[serde(default)]
    pub sentence_cap: Option<f64>,
    #[serde(default)]
    pub min_share: Option<f64>,
    #[serde(default)]
    pub dimension_weights: Option<DimensionWeights>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityWeights {
    pub error: f64,
    pub warning: f64,
    pub suggestion: f64,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionWeights {
    pub strategy: f64,
    pub people: f64,
    pub process: f64,
    pub technology: f64,
    pub metrics: f64,
}

impl DimensionWeights {
    pub fn get(&self, d: Dimension) -> f64 {
        match d {
            Dimension::Strategy => self.strategy,
            Dimension::People => self.people,
            Dimension::Process => self.process,
            Dimension::Technology => self.technology,
            Dimension::Metrics => self.metrics,
        }
    }
}

/// Resolved score weights.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ScoreConfig {
    pub structure_share: f64,
    pub severity_weights: SeverityWeights,
    pub tau: f64,
    pub words_floor: f64,
    pub sentence_cap: f64,
    pub min_share: f64,
    pub dimension_weights: DimensionWeights,
}

impl ScoreConfig {
    /// The built-in defaults with `over` applied on top.
    pub fn resolve(over: Option<&ScoreSpec>) -> Result<ScoreConfig, String> {
        let base: ScoreSpec = serde_saphyr::from_str(DEFAULTS_YAML).map_err(|e| e.to_string())?;
        let pick = |a: Option<f64>, b: Option<f64>, name: &str| {
            a.or(b).ok_or_else(|| format!("score.{name} missing"))
        };
        let o = over.cloned().unwrap_or_default();
        let c = ScoreConfig {
            structure_share: pick(o.structure_share, base.structure_share, "structure_share")?,
            severity_weights: o
                .severity_weights
                .or(base.severity_weights)
                .ok_or("score.severity_weights missing")?,
            tau: pick(o.tau, base.tau, "tau")?,
            words_floor: pick(o.words_floor, base.words_floor, "words_floor")?,
            sentence_cap: pick(o.sentence_cap, base.sentence_cap, "sentence_cap")?,
            min_share: pick(o.min_share, base.min_share, "min_share")?,
            dimension_weights: o
                .dimension_weights
                .or(base.dimension_weights)
                .ok_or("score.dimension_weights missing")?,
        };
        if !(0.0..=1.0).contains(&c.structure_share) || !(0.0..=1.0).contains(&c.min_share) {
            return Err("score.structure_share and score.min_share must be between 0 and 1".into());
        }
        if c.tau <= 0.0 || c.words_floor < 1.0 || c.sentence_cap <= 0.0 {
            return Err("score.tau and score.sentence_cap must be above 0, and score.words_floor at least 1".into());
        }
        if Dimension::ALL
            .iter()
            .map(|&d| c.dimension_weights.get(d))
            .sum::<f64>()
            <= 0.0
        {
            return Err("score.dimension_weights must not all be 0".into());
        }
        Ok(c)
    }

    fn severity(&self, s: Severity) -> f64 {
        match s {
            Severity::Error => self.severity_weights.error,
            Severity::Warning => self.severity_weights.warning,
            Severity::Suggestion => self.severity_weights.suggestion,
        }
    }
}

/// Points lost to one finding.
#[derive(Debug, Clone, Serialize)]
pub struct Loss {
    pub rule: String,
    /// Index of the finding in the file's findings.
    pub finding: usize,
    pub points: f64,
    /// "structure" or "language".
    pub part: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionScore {
    pub dimension: Dimension,
    pub score: f64,
    /// Structural points possible and earned (policies with structural checks).
    pub structure_possible: f64,
    pub structure_earned: f64,
    /// Severity points per 1,000 words in this dimension.
    pub density: f64,
    pub losses: Vec<Loss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocScore {
    pub policy: bool,
    pub words: usize,
    pub overall: f64,
    pub dimensions: Vec<DimensionScore>,
}

impl DocScore {
    pub fn dimension(&self, d: Dimension) -> f64 {
        self.dimensions
            .iter()
            .find(|x| x.dimension == d)
            .map_or(0.0, |x| x.score)
    }
}

/// Scores one document. `structural` are the active rules with `points`
/// that apply to it; `points` maps the id of every active rule with points
/// to them (built once per run).
pub fn score(
    cfg: &ScoreConfig,
    doc: &Document,
    findings: &[Finding],
    points: &HashMap<Arc<str>, f64>,
    structural: &[&Rule],
    policy: bool,
) -> DocScore {
    let words_eff = (doc.words as f64).max(cfg.words_floor);
    // The sentence of each finding, for the per-sentence cap: found once,
    // not once per dimension.
    let keys: Vec<usize> = findings
        .iter()
        .map(|f| sentence_key(doc, f.span.start))
        .collect();
    let mut dims = Vec::new();
    for &d in &Dimension::ALL {
        let possible: f64 = structural
            .iter()
            .filter(|r| r.dimension == d)
            .filter_map(|r| r.points)
            .sum();
        let mut losses = Vec::new();
        // Structural losses, at most each rule's points.
        let mut lost_by_rule: HashMap<&str, f64> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            let (Some(&points), true) = (points.get(&*f.rule), f.dimension == d) else {
                continue;
            };
            let used = lost_by_rule.entry(&f.rule).or_insert(0.0);
            let p = (points * f64::from(f.weight)).min(points - *used).max(0.0);
            *used += p;
            losses.push(Loss {
                rule: f.rule.to_string(),
                finding: i,
                points: p,
                part: "structure",
            });
        }
        let structure_lost: f64 = losses.iter().map(|l| l.points).sum();
        let earned = (possible - structure_lost).max(0.0);

        // Language: severity points per sentence, capped, per 1,000 words.
        let mut per_sentence: HashMap<usize, f64> = HashMap::new();
        let mut weighted: Vec<(usize, f64, usize)> = Vec::new();
        for (i, f) in findings.iter().enumerate() {
            if f.dimension != d || points.contains_key(&*f.rule) {
                continue;
            }
            let key = keys[i];
            let used = per_sentence.entry(key).or_insert(0.0);
            let w = cfg
                .severity(f.severity)
                .min(cfg.sentence_cap - *used)
                .max(0.0);
            *used += w;
            weighted.push((i, w, key));
        }
        // `+ 0.0` turns the empty sum's -0.0 into 0.0.
        let total: f64 = weighted.iter().map(|x| x.1).sum::<f64>() + 0.0;
        let density = 1000.0 * total / words_eff;
        let lang = (-density / cfg.tau).exp();
        let (score, lang_weight) = if possible > 0.0 {
            (
                100.0
                    * (cfg.structure_share * earned / possible
                        + (1.0 - cfg.structure_share) * lang),
                100.0 * (1.0 - cfg.structure_share),
            )
        } else {
            (100.0 * lang, 100.0)
        };
        // Structural points are scaled to the dimension's 0-100 range.
        if possible > 0.0 {
            for l in &mut losses {
                l.points *= 100.0 * cfg.structure_share / possible;
            }
        }
        let lang_loss = lang_weight * (1.0 - lang);
        if total > 0.0 {
            for (i, w, _) in weighted {
                if w > 0.0 {
                    losses.push(Loss {
                        rule: findings[i].rule.to_string(),
                        finding: i,
                        points: lang_loss * w / total,
                        part: "language",
                    });
                }
            }
        }
        dims.push(DimensionScore {
            dimension: d,
            score,
            structure_possible: possible,
            structure_earned: earned,
            density,
            losses,
        });
    }
    let wsum: f64 = Dimension::ALL
        .iter()
        .map(|&d| cfg.dimension_weights.get(d))
        .sum();
    let mean: f64 = dims
        .iter()
        .map(|x| cfg.dimension_weights.get(x.dimension) * x.score)
        .sum::<f64>()
        / wsum;
    let min = dims.iter().map(|x| x.score).fold(f64::INFINITY, f64::min);
    DocScore {
        policy,
        words: doc.words,
        overall: (1.0 - cfg.min_share) * mean + cfg.min_share * min,
        dimensions: dims,
    }
}

/// The sentence holding byte `at`, or a key of its own for findings outside
/// prose (front matter, headings).
fn sentence_key(doc: &Document, at: usize) -> usize {
    // Map the byte back to a sentence by its source range.
    let i = doc
        .sentences
        .partition_point(|s| doc.to_source(s.prose.clone()).start <= at);
    if i > 0 && at < doc.to_source(doc.sentences[i - 1].prose.clone()).end {
        i - 1
    } else {
        usize::MAX - at
    }
}

/// The repository's score: word-weighted mean of policies' scores.
#[derive(Debug, Clone, Serialize)]
pub struct Aggregate {
    pub policies: usize,
    pub words: usize,
    pub overall: f64,
    pub dimensions: Vec<(Dimension, f64)>,
}

pub fn aggregate(scores: &[&DocScore]) -> Option<Aggregate> {
    let policies: Vec<&&DocScore> = scores.iter().filter(|s| s.policy).collect();
    let words: usize = policies.iter().map(|s| s.words.max(1)).sum();
    if policies.is_empty() {
        return None;
    }
    let avg = |f: &dyn Fn(&DocScore) -> f64| {
        policies
            .iter()
            .map(|s| f(s) * s.words.max(1) as f64)
            .sum::<f64>()
            / words as f64
    };
    Some(Aggregate {
        policies: policies.len(),
        words,
        overall: avg(&|s| s.overall),
        dimensions: Dimension::ALL
            .iter()
            .map(|&d| (d, avg(&|s| s.dimension(d))))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        let c = ScoreConfig::resolve(None).unwrap();
        assert_eq!(c.tau, 6.0);
        assert_eq!(c.severity_weights.warning, 1.5);
        assert!(
            (Dimension::ALL
                .iter()
                .map(|&d| c.dimension_weights.get(d))
                .sum::<f64>()
                - 1.0)
                .abs()
                < 1e-9
        );
    }

    #[test]
    fn overrides_apply_one_key() {
        let over = ScoreSpec {
            tau: Some(10.0),
            ..ScoreSpec::default()
        };
        let c = ScoreConfig::resolve(Some(&over)).unwrap();
        assert_eq!(c.tau, 10.0);
        assert_eq!(c.words_floor, 300.0);
    }
}
