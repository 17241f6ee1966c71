//! Rule-based rating (placeholder).

use super::*;
use crate::claims::Extraction;
use crate::page::Article;

pub fn rate(_article: &Article, _extraction: &Extraction) -> Rating {
    let j = |v| Justified {
        value: v,
        justification: String::new(),
        evidence: vec![],
    };
    Rating {
        direction: j(Direction::Neutral),
        direction_score: 0.0,
        impact: Justified {
            value: Level::Low,
            justification: String::new(),
            evidence: vec![],
        },
        trust: Justified {
            value: Level::Low,
            justification: String::new(),
            evidence: vec![],
        },
        time_effect: Justified {
            value: TimeEffect::Short,
            justification: String::new(),
            evidence: vec![],
        },
        tags: vec![],
        price_at_publication: None,
        scorer: "rules-0.1".into(),
    }
}
