#pragma once
// Knowledge-base search text for the PostgreSQL backend: the same words, the
// same folding and the same markers as the SQLite index (FTS5 unicode61 with
// remove_diacritics 2 wrapped by deskd_fold, storage/sqlite/kb_fold_tokenizer.h),
// computed here instead of by a text-search configuration, so results do not
// depend on the server's locale, dictionaries or installed extensions:
//   - a word is a run of letters and digits (ASCII or not); punctuation,
//     symbols, spaces and invalid UTF-8 separate words;
//   - each word is lower-cased with diacritics removed and the letters
//     unicode61 keeps folded (ø->o, æ->ae, œ->oe, ß->ss, þ->th, ð/đ->d, ł->l),
//     so "kobenhavn" finds "København";
//   - documents also index the digraph spelling of a word when it has one
//     (ä/ö/ü->ae/oe/ue, ø->oe, å->aa, æ->ae, ß->ss), so "koebenhavn" and
//     "gruesse" find "København" and "Grüße".
// The store keeps kb_tsvector(title, body_text) in kb_translations.search, asks
// `search @@ kb_tsquery(query)::tsquery` and marks hits with kb_highlight /
// kb_snippet. Pure functions; thread-safe.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace deskd::storage::postgres {

struct KbWord {
  size_t begin = 0;  // byte span of the word in the original text
  size_t end = 0;
  std::string folded;   // the primary folding (never empty)
  std::string digraph;  // the digraph spelling, "" when none or equal to folded
};

// The words of `text` in order.
std::vector<KbWord> kb_words(std::string_view text);

// The search terms of a visitor's query: the folded words, each a prefix, at
// most 16 of them (each cut to 64 bytes); empty when the query has no word.
std::vector<std::string> kb_query_terms(std::string_view query);

// A tsquery literal requiring every term as a prefix ('a':* & 'b':*); "" for
// no terms.
std::string kb_tsquery(const std::vector<std::string>& terms);

// A tsvector literal of the title's words (weight A) and the body's (weight B),
// with positions, for kb_translations.search.
std::string kb_tsvector(std::string_view title, std::string_view body);

// `text` verbatim with kKbMarkOpen/kKbMarkClose around every word matching a
// term (as a prefix of its folded or digraph spelling).
std::string kb_highlight(std::string_view text, const std::vector<std::string>& terms);

// An excerpt of at most `max_words` words of `text` around the best cluster of
// matches, marked as kb_highlight does, with "…" where text was left out at
// either end; the whole text when it has no more words than that.
std::string kb_snippet(std::string_view text, const std::vector<std::string>& terms, size_t max_words = 24);

}  // namespace deskd::storage::postgres
