#pragma once
// The FTS5 tokenizer "deskd_fold" behind the knowledge-base search index. It
// wraps the tokenizer named by its arguments ("deskd_fold unicode61
// remove_diacritics 2") and folds the letters unicode61 keeps, so that
// "kobenhavn" finds "København" and "strasse" finds "Straße":
//   primary token: ø->o, æ->ae, œ->oe, ß->ss, þ->th, ð/đ->d, ł->l applied to
//     the wrapped tokenizer's output (already lower-cased, accents removed);
//   documents also get a colocated digraph spelling taken from the original
//     text when it differs (ä/ö/ü->ae/oe/ue, ø->oe, å->aa), so "koebenhavn",
//     "aarhus" and "gruesse" find "København", "Århus" and "Grüße" too.
// Matched spans keep the original byte offsets, so snippet() and highlight()
// mark the original text.
#include <sqlite3.h>

#include <string>
#include <string_view>

#include "core/status.h"

namespace deskd::storage::sqlite {

// Registers deskd_fold on `db`. Every connection must have it before it reads
// or writes kb_fts (Connection::open does this).
Status register_kb_fold_tokenizer(sqlite3* db);

// The primary folding of one token of the wrapped tokenizer.
std::string kb_fold_token(std::string_view token);
// The digraph spelling of an original token's text, or "" when it has none
// (only ASCII and the letters listed above count).
std::string kb_digraph_spelling(std::string_view original);

}  // namespace deskd::storage::sqlite
