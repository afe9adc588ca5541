#include "storage/sqlite/kb_fold_tokenizer.h"

#include <algorithm>
#include <new>

namespace deskd::storage::sqlite {
namespace {

struct Fold {
  std::string_view from;  // UTF-8 of one letter
  std::string_view to;
};

// Letters unicode61 (remove_diacritics 2) keeps after lower-casing.
constexpr Fold kPrimary[] = {
    {"\xC3\xB8", "o"},   // ø
    {"\xC3\xA6", "ae"},  // æ
    {"\xC5\x93", "oe"},  // œ
    {"\xC3\x9F", "ss"},  // ß
    {"\xC3\xBE", "th"},  // þ
    {"\xC3\xB0", "d"},   // ð
    {"\xC4\x91", "d"},   // đ
    {"\xC5\x82", "l"},   // ł
};

// Letters with a conventional two-letter spelling, in either case.
constexpr Fold kDigraph[] = {
    {"\xC3\xA4", "ae"}, {"\xC3\x84", "ae"},      // ä Ä
    {"\xC3\xB6", "oe"}, {"\xC3\x96", "oe"},      // ö Ö
    {"\xC3\xBC", "ue"}, {"\xC3\x9C", "ue"},      // ü Ü
    {"\xC3\xB8", "oe"}, {"\xC3\x98", "oe"},      // ø Ø
    {"\xC3\xA5", "aa"}, {"\xC3\x85", "aa"},      // å Å
    {"\xC3\xA6", "ae"}, {"\xC3\x86", "ae"},      // æ Æ
    {"\xC3\x9F", "ss"}, {"\xE1\xBA\x9E", "ss"},  // ß ẞ
};

// Every kPrimary letter starts with one of these UTF-8 lead bytes; a token
// without them (all ASCII, most words) folds to itself.
bool may_fold(unsigned char c) {
  return c >= 0xC3 && c <= 0xC5;
}

template <size_t N>
const Fold* match_at(const Fold (&table)[N], std::string_view s, size_t i) {
  for (const auto& f : table)
    if (s.substr(i, f.from.size()) == f.from) return &f;
  return nullptr;
}

struct Wrapper {
  fts5_tokenizer inner{};
  Fts5Tokenizer* instance = nullptr;
};

using TokenFn = int (*)(void*, int, const char*, int, int, int);

struct Pass {
  void* ctx;
  TokenFn emit;
  std::string_view text;
  bool document;
  std::string primary;
};

// Appends the folded `token` to `out`.
void fold_into(std::string& out, std::string_view token) {
  for (size_t i = 0; i < token.size();) {
    if (may_fold(static_cast<unsigned char>(token[i]))) {
      if (const Fold* f = match_at(kPrimary, token, i)) {
        out += f->to;
        i += f->from.size();
        continue;
      }
    }
    out += token[i++];
  }
}

int on_token(void* p, int tflags, const char* token, int n, int start, int end) {
  auto* pass = static_cast<Pass*>(p);
  try {
    std::string_view folded(token, static_cast<size_t>(n));
    if (std::any_of(folded.begin(), folded.end(), [](char c) { return may_fold(static_cast<unsigned char>(c)); })) {
      pass->primary.clear();
      fold_into(pass->primary, folded);
      folded = pass->primary;
    }
    int rc = pass->emit(pass->ctx, tflags, folded.data(), static_cast<int>(folded.size()), start, end);
    if (rc != SQLITE_OK || !pass->document || (tflags & FTS5_TOKEN_COLOCATED) != 0) return rc;
    if (start < 0 || end < start || static_cast<size_t>(end) > pass->text.size()) return rc;
    const std::string alt = kb_digraph_spelling(pass->text.substr(start, end - start));
    if (alt.empty() || alt == folded) return rc;
    return pass->emit(pass->ctx, FTS5_TOKEN_COLOCATED, alt.data(), static_cast<int>(alt.size()), start, end);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
}

int x_create(void* api_ptr, const char** args, int n_args, Fts5Tokenizer** out) {
  auto* api = static_cast<fts5_api*>(api_ptr);
  const char* inner_name = n_args > 0 ? args[0] : "unicode61";
  void* inner_data = nullptr;
  auto* wrapper = new (std::nothrow) Wrapper;
  if (wrapper == nullptr) return SQLITE_NOMEM;
  int rc = api->xFindTokenizer(api, inner_name, &inner_data, &wrapper->inner);
  if (rc == SQLITE_OK)
    rc = wrapper->inner.xCreate(inner_data, n_args > 1 ? args + 1 : nullptr, n_args > 1 ? n_args - 1 : 0,
                                &wrapper->instance);
  if (rc != SQLITE_OK) {
    delete wrapper;
    return rc;
  }
  *out = reinterpret_cast<Fts5Tokenizer*>(wrapper);
  return SQLITE_OK;
}

void x_delete(Fts5Tokenizer* tokenizer) {
  auto* wrapper = reinterpret_cast<Wrapper*>(tokenizer);
  if (wrapper->instance != nullptr) wrapper->inner.xDelete(wrapper->instance);
  delete wrapper;
}

int x_tokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int n_text, TokenFn emit) {
  auto* wrapper = reinterpret_cast<Wrapper*>(tokenizer);
  Pass pass{ctx,
            emit,
            std::string_view(text, n_text > 0 ? static_cast<size_t>(n_text) : 0),
            (flags & FTS5_TOKENIZE_DOCUMENT) != 0,
            {}};
  return wrapper->inner.xTokenize(wrapper->instance, &pass, flags, text, n_text, on_token);
}

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

std::string kb_fold_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  fold_into(out, token);
  return out;
}

std::string kb_digraph_spelling(std::string_view original) {
  std::string out;
  bool folded = false;
  for (size_t i = 0; i < original.size();) {
    const auto c = static_cast<unsigned char>(original[i]);
    if (c < 0x80) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      ++i;
    } else if (const Fold* f = match_at(kDigraph, original, i)) {
      out += f->to;
      i += f->from.size();
      folded = true;
    } else {
      return {};
    }
  }
  return folded ? out : std::string();
}

Status register_kb_fold_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (api == nullptr) return internal("FTS5 is not available in this SQLite build");
  fts5_tokenizer tokenizer{x_create, x_delete, x_tokenize};
  const int rc = api->xCreateTokenizer(api, "deskd_fold", api, &tokenizer, nullptr);
  if (rc != SQLITE_OK) return internal("cannot register the deskd_fold FTS5 tokenizer");
  return Status::ok();
}

}  // namespace deskd::storage::sqlite
