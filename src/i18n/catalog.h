#pragma once
// UI message catalogs: web/locales/<lang>.json, a flat JSON object mapping a key
// to a string, or to {"one": "...", "other": "..."} for a count-dependent
// string. Placeholders are written {name}.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace deskd::i18n {

// Immutable after load; every method is thread-safe. Copies share state.
class Catalogs {
 public:
  // Loads <dir>/<lang>.json for each language (duplicates in `languages` are ignored).
  // InvalidArgument naming the file on any error: unreadable file, invalid JSON, a
  // value that is neither a string nor a {"one","other"} object, a language that is
  // not a language code, a default not among `languages`, or a non-default catalog
  // that lacks a key of the default catalog or uses different placeholders for it.
  static Result<Catalogs> load(const std::string& dir, const std::vector<std::string>& languages,
                               const std::string& default_language);

  // The string for key in lang, falling back to the default language, then to the key
  // itself. Plural keys give their "other" form. The reference lives as long as any copy
  // of this Catalogs; keys are program constants (each distinct missing key is kept).
  const std::string& text(std::string_view lang, std::string_view key) const;

  // text() with each {name} that has an entry in args replaced by its value. Values are
  // inserted verbatim and not scanned again; the caller escapes the result for HTML.
  std::string format(std::string_view lang, std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& args) const;

  // The plural form chosen by n (en/da/de: "one" when n == 1, else "other"), with {n}
  // replaced by format_number() in the language used.
  std::string plural(std::string_view lang, std::string_view key, int64_t n) const;

  bool has_language(std::string_view lang) const;
  const std::vector<std::string>& languages() const;
  const std::string& default_language() const;

  // Every key -> text of lang (the default language when lang is not loaded); plural
  // keys appear with their "other" form.
  const std::map<std::string, std::string, std::less<>>& all(std::string_view lang) const;

 private:
  struct Language {
    std::map<std::string, std::string, std::less<>> texts;  // plural keys hold "other"
    std::map<std::string, std::string, std::less<>> one;    // the "one" form of plural keys
  };
  struct State;

  explicit Catalogs(std::shared_ptr<State> state) : state_(std::move(state)) {}
  const Language* find(std::string_view lang) const;
  // lang when loaded, otherwise the default language.
  std::string_view effective(std::string_view lang) const;

  std::shared_ptr<State> state_;
};

}  // namespace deskd::i18n
