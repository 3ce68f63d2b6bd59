//! From the shopper's words to an index query: every word must match
//! somewhere (title weighs most), Latin words forgive a typo or two, and
//! the word being typed matches as a prefix.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

/// The indexed text fields and how much a match in each counts.
#[derive(Clone, Copy)]
pub struct TextFields {
    pub title: Field,
    pub brand: Field,
    pub category: Field,
    pub detail: Field,
}

impl TextFields {
    fn weighted(self) -> [(Field, f32); 4] {
        [
            (self.title, 3.0),
            (self.brand, 2.0),
            (self.category, 1.5),
            (self.detail, 1.0),
        ]
    }
}

/// How a word is allowed to differ from an indexed one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Match {
    Exact,
    /// The shopper is still typing it: any word it begins.
    Prefix,
}

/// A near miss counts for less than the word itself.
const TYPO_WEIGHT: f32 = 0.3;
const PREFIX_WEIGHT: f32 = 0.6;

/// How many typos a word may hold. Only Latin words: one wrong character
/// in a two-character Chinese word is a different word, and short Latin
/// words have too many neighbours (`case` / `cake`... `pen` / `pan`).
pub fn typo_allowance(word: &str) -> u8 {
    if !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return 0;
    }
    match word.len() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Products that match every word; the last one may be a prefix.
pub fn all_words(fields: TextFields, words: &[String], last: Match) -> BooleanQuery {
    combine(fields, words, last, Occur::Must)
}

/// Products that match any of the words: the fallback when none match all.
pub fn any_word(fields: TextFields, words: &[String]) -> BooleanQuery {
    combine(fields, words, Match::Exact, Occur::Should)
}

fn combine(fields: TextFields, words: &[String], last: Match, occur: Occur) -> BooleanQuery {
    let count = words.len();
    BooleanQuery::new(
        words
            .iter()
            .enumerate()
            .map(|(at, word)| {
                let how = if at + 1 == count { last } else { Match::Exact };
                (occur, word_query(fields, word, how))
            })
            .collect(),
    )
}

/// One word, in any field.
fn word_query(fields: TextFields, word: &str, how: Match) -> Box<dyn Query> {
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (field, weight) in fields.weighted() {
        let term = Term::from_field_text(field, word);
        let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
        alternatives.push((Occur::Should, boosted(exact, weight)));
        match how {
            Match::Prefix => {
                let prefix = FuzzyTermQuery::new_prefix(term, 0, true);
                alternatives.push((Occur::Should, boosted(prefix, weight * PREFIX_WEIGHT)));
            }
            Match::Exact => {
                let typos = typo_allowance(word);
                if typos > 0 {
                    let near = FuzzyTermQuery::new(term, typos, true);
                    alternatives.push((Occur::Should, boosted(near, weight * TYPO_WEIGHT)));
                }
            }
        }
    }
    Box::new(BooleanQuery::new(alternatives))
}

fn boosted(query: impl Query, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), weight))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_latin_words_of_four_letters_or_more_forgive_typos() {
        assert_eq!(typo_allowance("pen"), 0);
        assert_eq!(typo_allowance("case"), 1);
        assert_eq!(typo_allowance("earbuds"), 1);
        assert_eq!(typo_allowance("wireless"), 2);
        assert_eq!(typo_allowance("耳机"), 0);
        assert_eq!(typo_allowance("128gb"), 0);
    }
}
