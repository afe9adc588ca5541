#include "i18n/catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "i18n/format.h"
#include "i18n/resolve.h"

namespace deskd::i18n {

struct Catalogs::State {
  std::vector<std::string> languages;
  std::string default_language;
  std::map<std::string, Language, std::less<>> catalogs;
  // Keys text() returned verbatim because no catalog has them; node-based so references stay valid.
  std::mutex missing_mu;
  std::set<std::string, std::less<>> missing;
};

namespace {

constexpr size_t kMaxCatalogBytes = 4 * 1024 * 1024;

bool is_placeholder_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Calls on_text for literal runs and on_placeholder for each well-formed {name}.
template <class OnText, class OnPlaceholder>
void scan_placeholders(std::string_view s, OnText on_text, OnPlaceholder on_placeholder) {
  size_t literal_start = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '{') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < s.size() && is_placeholder_char(s[j])) ++j;
    if (j == i + 1 || j == s.size() || s[j] != '}') {
      ++i;
      continue;
    }
    on_text(s.substr(literal_start, i - literal_start));
    on_placeholder(s.substr(i, j + 1 - i), s.substr(i + 1, j - i - 1));
    i = j + 1;
    literal_start = i;
  }
  on_text(s.substr(literal_start));
}

std::set<std::string> placeholders_of(std::string_view s) {
  std::set<std::string> names;
  scan_placeholders(
      s, [](std::string_view) {}, [&](std::string_view, std::string_view name) { names.emplace(name); });
  return names;
}

std::string substitute(std::string_view s, const std::vector<std::pair<std::string, std::string>>& args) {
  std::string out;
  out.reserve(s.size());
  scan_placeholders(
      s, [&](std::string_view text) { out.append(text); },
      [&](std::string_view whole, std::string_view name) {
        for (const auto& [k, v] : args) {
          if (k == name) {
            out.append(v);
            return;
          }
        }
        out.append(whole);
      });
  return out;
}

// CLDR cardinal "one" for the shipped languages (en, da, de): exactly 1.
bool is_plural_one(std::string_view /*lang*/, int64_t n) {
  return n == 1;
}

// <dir>/<lang>.json first, then every feature's <dir>/<feature>/<lang>.json in
// name order, so features keep their strings beside each other's without
// editing one shared file.
std::vector<std::string> catalog_files(const std::string& dir, const std::string& lang) {
  std::vector<std::string> files = {dir + "/" + lang + ".json"};
  std::error_code ec;
  std::vector<std::string> extra;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_directory()) continue;
    auto candidate = entry.path() / (lang + ".json");
    if (std::filesystem::is_regular_file(candidate, ec)) extra.push_back(candidate.string());
  }
  std::sort(extra.begin(), extra.end());
  files.insert(files.end(), extra.begin(), extra.end());
  return files;
}

Status read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument(path + ": cannot open");
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return invalid_argument(path + ": read error");
  if (out.size() > kMaxCatalogBytes) return invalid_argument(path + ": larger than 4 MiB");
  return Status::ok();
}

std::string join_placeholders(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "{" : ", {") + n + "}";
  return out.empty() ? "none" : out;
}

}  // namespace

Result<Catalogs> Catalogs::load(const std::string& dir, const std::vector<std::string>& languages,
                                const std::string& default_language) {
  auto state = std::make_shared<State>();
  for (const auto& lang : languages) {
    if (!is_language_code(lang)) return invalid_argument("i18n: '" + lang + "' is not a language code");
    if (std::find(state->languages.begin(), state->languages.end(), lang) == state->languages.end()) {
      state->languages.push_back(lang);
    }
  }
  if (std::find(state->languages.begin(), state->languages.end(), default_language) == state->languages.end()) {
    return invalid_argument("i18n: default language '" + default_language + "' is not among the languages");
  }
  state->default_language = default_language;

  auto path_of = [&dir](const std::string& lang) { return dir + "/" + lang + ".json"; };
  // Placeholder names per key (all forms together), as used by each catalog.
  std::map<std::string, std::map<std::string, std::set<std::string>>> placeholders;
  for (const auto& lang : state->languages) {
    for (const std::string& path : catalog_files(dir, lang)) {
      std::string content;
      if (Status st = read_file(path, content); !st.is_ok()) return st;
      const auto doc = nlohmann::json::parse(content, nullptr, false);
      if (doc.is_discarded()) return invalid_argument(path + ": invalid JSON");
      if (!doc.is_object()) return invalid_argument(path + ": the top level must be a JSON object");
      Language& catalog = state->catalogs[lang];
      auto& names = placeholders[lang];
      for (const auto& [key, value] : doc.items()) {
        if (key.empty()) return invalid_argument(path + ": empty key");
        if (names.count(key)) return invalid_argument(path + ": key '" + key + "' is defined in two catalog files");
        if (value.is_string()) {
          const auto& s = value.get_ref<const std::string&>();
          names[key] = placeholders_of(s);
          catalog.texts.emplace(key, s);
          continue;
        }
        const bool plural_ok = value.is_object() && value.contains("other") && value["other"].is_string() &&
                               value.size() == (value.contains("one") ? 2u : 1u) &&
                               (!value.contains("one") || value["one"].is_string());
        if (!plural_ok) {
          return invalid_argument(path + ": key '" + key +
                                  "' must be a string or an object with \"other\" (and optionally \"one\") strings");
        }
        const auto& other = value["other"].get_ref<const std::string&>();
        names[key] = placeholders_of(other);
        catalog.texts.emplace(key, other);
        if (value.contains("one")) {
          const auto& one = value["one"].get_ref<const std::string&>();
          names[key].merge(placeholders_of(one));
          catalog.one.emplace(key, one);
        }
      }
    }
  }

  const auto& base = placeholders[default_language];
  for (const auto& lang : state->languages) {
    if (lang == default_language) continue;
    const auto& names = placeholders[lang];
    std::vector<std::string> missing;
    for (const auto& [key, base_names] : base) {
      auto it = names.find(key);
      if (it == names.end()) {
        missing.push_back(key);
        continue;
      }
      if (it->second != base_names) {
        return invalid_argument(path_of(lang) + ": key '" + key + "' uses placeholders " +
                                join_placeholders(it->second) + " but " + path_of(default_language) + " uses " +
                                join_placeholders(base_names));
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (size_t i = 0; i < missing.size() && i < 10; ++i) list += (i ? ", " : "") + missing[i];
      if (missing.size() > 10) list += ", ...";
      return invalid_argument(path_of(lang) + ": missing " + std::to_string(missing.size()) + " key(s) of " +
                              path_of(default_language) + ": " + list);
    }
  }
  return Catalogs(std::move(state));
}

const Catalogs::Language* Catalogs::find(std::string_view lang) const {
  auto it = state_->catalogs.find(lang);
  return it == state_->catalogs.end() ? nullptr : &it->second;
}

std::string_view Catalogs::effective(std::string_view lang) const {
  return find(lang) ? lang : std::string_view(state_->default_language);
}

const std::vector<std::string>& Catalogs::languages() const {
  return state_->languages;
}

const std::string& Catalogs::default_language() const {
  return state_->default_language;
}

bool Catalogs::has_language(std::string_view lang) const {
  return find(lang) != nullptr;
}

const std::string& Catalogs::text(std::string_view lang, std::string_view key) const {
  for (const Language* l : {find(lang), find(state_->default_language)}) {
    if (!l) continue;
    if (auto it = l->texts.find(key); it != l->texts.end()) return it->second;
  }
  std::lock_guard lock(state_->missing_mu);
  return *state_->missing.emplace(key).first;
}

std::string Catalogs::format(std::string_view lang, std::string_view key,
                             const std::vector<std::pair<std::string, std::string>>& args) const {
  return substitute(text(lang, key), args);
}

std::string Catalogs::plural(std::string_view lang, std::string_view key, int64_t n) const {
  const std::string_view used = effective(lang);
  std::string_view form = key;
  for (const Language* l : {find(used), find(state_->default_language)}) {
    auto it = l->texts.find(key);
    if (it == l->texts.end()) continue;
    form = it->second;
    if (is_plural_one(used, n)) {
      if (auto one = l->one.find(key); one != l->one.end()) form = one->second;
    }
    break;
  }
  return substitute(form, {{"n", format_number(used, n)}});
}

const std::map<std::string, std::string, std::less<>>& Catalogs::all(std::string_view lang) const {
  return find(effective(lang))->texts;
}

}  // namespace deskd::i18n
