#include "storage/insight_store.h"

namespace deskd::storage {
namespace {

bool word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

std::vector<std::string> ticket_search_terms(std::string_view text) {
  if (text.size() > kMaxSearchInput) {
    size_t cut = kMaxSearchInput;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  std::vector<std::string> terms;
  size_t i = 0;
  while (i < text.size() && terms.size() < kMaxSearchTerms) {
    while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) break;
    std::string term(text.substr(start, i - start));
    if (term.size() > kMaxSearchTermBytes) {
      // Cut at a UTF-8 boundary: never leave half a character behind.
      size_t cut = kMaxSearchTermBytes;
      while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
      term.resize(cut);
    }
    for (char& c : term)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!term.empty()) terms.push_back(std::move(term));
  }
  return terms;
}

bool valid_search_term(std::string_view term) {
  if (term.empty() || term.size() > kMaxSearchTermBytes) return false;
  for (char c : term) {
    if (!word_byte(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

}  // namespace deskd::storage
