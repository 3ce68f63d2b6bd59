//! How product text is cut into words, the same way when indexing and when
//! searching: jieba segments Chinese (`无线蓝牙耳机` → 无线 / 蓝牙 / 耳机, plus
//! the longer dictionary words it holds), anything that is not a letter or
//! a digit separates words (`PRO-3` → pro / 3), and everything is
//! lower-cased.

use std::sync::LazyLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer};

/// The name the analyzer is registered under in the index.
pub const ANALYZER: &str = "shop_words";

/// Longer "words" are noise (codes, pasted junk), not worth indexing.
const LONGEST_WORD: usize = 40;

/// Loading jieba's dictionary takes a moment: once per process.
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(ShopTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .build()
}

/// The words of `text` as the index holds them, first occurrence only.
pub fn words(text: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words: Vec<String> = Vec::new();
    while let Some(token) = stream.next() {
        if !words.contains(&token.text) {
            words.push(token.text.clone());
        }
    }
    words
}

/// jieba's search-mode cut over the text with punctuation blanked out.
#[derive(Clone, Default)]
pub struct ShopTokenizer {
    /// Reused from one text to the next, as tantivy calls this per field.
    tokens: Vec<Token>,
}

impl Tokenizer for ShopTokenizer {
    type TokenStream<'a> = Tokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens<'a> {
        // Each separator becomes as many spaces as it has bytes, so jieba's
        // byte offsets still point into `text`.
        let mut blanked = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_alphanumeric() {
                blanked.push(c);
            } else {
                blanked.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        self.tokens.clear();
        let words = JIEBA
            .cut_for_search(&blanked, true)
            .into_iter()
            .filter(|t| !t.word.trim().is_empty());
        for (position, word) in words.enumerate() {
            self.tokens.push(Token {
                offset_from: word.byte_start,
                offset_to: word.byte_end,
                position,
                text: word.word.to_lowercase(),
                position_length: 1,
            });
        }
        Tokens {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

pub struct Tokens<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for Tokens<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_titles_are_cut_into_words() {
        let words = words("无线蓝牙耳机");
        for expected in ["无线", "蓝牙", "耳机"] {
            assert!(
                words.iter().any(|w| w == expected),
                "{expected} in {words:?}"
            );
        }
    }

    #[test]
    fn latin_words_are_lower_cased_and_punctuation_separates_words() {
        assert_eq!(
            words("Wireless  Earbuds, PRO-3!"),
            ["wireless", "earbuds", "pro", "3"]
        );
    }

    #[test]
    fn mixed_titles_keep_both_scripts() {
        let words = words("Anker 蓝牙音箱，Max2");
        assert!(words.contains(&"anker".to_owned()), "{words:?}");
        assert!(words.contains(&"蓝牙".to_owned()), "{words:?}");
        assert!(words.contains(&"max2".to_owned()), "{words:?}");
    }
}
