#include "storage/postgres/kb_text.h"

#include <algorithm>
#include <map>

#include "storage/kb_store.h"

namespace deskd::storage::postgres {
namespace {

constexpr size_t kMaxQueryTerms = 16;
constexpr size_t kMaxTermBytes = 64;
constexpr size_t kMaxWordBytes = 255;        // longer words are indexed by their first 255 bytes
constexpr size_t kMaxPositionsPerWord = 64;  // per lexeme and weight; enough for ranking
constexpr int kMaxPosition = 16383;          // tsvector's limit

enum class Kind { kSeparator, kLetter, kMark };

// Decodes one UTF-8 code point at text[i]; 0xFFFFFFFF (one byte) when invalid.
uint32_t decode(std::string_view text, size_t i, size_t& length) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  length = 1;
  if (b0 < 0x80) return b0;
  int n = 0;
  uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 3;
    cp = b0 & 0x07;
  } else {
    return 0xFFFFFFFF;
  }
  for (int k = 1; k <= n; ++k) {
    if (i + k >= text.size()) return 0xFFFFFFFF;
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0xFFFFFFFF;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFFFFFF;
  length = static_cast<size_t>(n) + 1;
  return cp;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// U+00C0..U+00FF without diacritics, lower-cased; "" = not a letter (× ÷).
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0-FF
};

// U+0100..U+017F (Latin Extended-A) by ranges of one base spelling.
struct Range {
  uint32_t first;
  uint32_t last;
  const char* base;
};
constexpr Range kLatinExtended[] = {
    {0x0100, 0x0105, "a"}, {0x0106, 0x010D, "c"}, {0x010E, 0x0111, "d"},  {0x0112, 0x011B, "e"},  {0x011C, 0x0123, "g"},
    {0x0124, 0x0127, "h"}, {0x0128, 0x0131, "i"}, {0x0132, 0x0133, "ij"}, {0x0134, 0x0135, "j"},  {0x0136, 0x0138, "k"},
    {0x0139, 0x0142, "l"}, {0x0143, 0x014B, "n"}, {0x014C, 0x0151, "o"},  {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"},
    {0x015A, 0x0161, "s"}, {0x0162, 0x0167, "t"}, {0x0168, 0x0173, "u"},  {0x0174, 0x0175, "w"},  {0x0176, 0x0178, "y"},
    {0x0179, 0x017E, "z"}, {0x017F, 0x017F, "s"}, {0x0180, 0x0180, "b"},  {0x0192, 0x0192, "f"},  {0x01A0, 0x01A1, "o"},
    {0x01AF, 0x01B0, "u"}, {0x01CD, 0x01CE, "a"}, {0x01CF, 0x01D0, "i"},  {0x01D1, 0x01D2, "o"},  {0x01D3, 0x01DC, "u"},
    {0x0218, 0x0219, "s"}, {0x021A, 0x021B, "t"},
};

bool is_separator(uint32_t cp) {
  if (cp < 0x80) return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  if (cp == 0xFFFFFFFF) return true;
  if (cp <= 0xBF) return !(cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 || cp == 0xBA);
  if (cp == 0xD7 || cp == 0xF7) return true;
  if (cp >= 0x2000 && cp <= 0x2BFF) return true;  // punctuation, currency, symbols, arrows, math, boxes
  if (cp >= 0x2E00 && cp <= 0x2E7F) return true;  // supplemental punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return true;  // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return true;  // variation selectors
  if (cp >= 0xFE30 && cp <= 0xFE4F) return true;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return true;  // fullwidth punctuation
  if (cp >= 0xFF1A && cp <= 0xFF20) return true;
  if (cp == 0xFEFF || cp == 0xFFFD) return true;
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return true;  // emoji and pictographs
  return false;
}

// Lower case for the cased scripts beyond Latin-1/Extended-A that help
// articles are likely to use: Greek, Cyrillic, Latin Extended Additional.
uint32_t simple_lower(uint32_t cp) {
  if (cp >= 0x0391 && cp <= 0x03AB && cp != 0x03A2) return cp + 0x20;  // Greek capitals
  if (cp == 0x03C2) return 0x03C3;                                     // final sigma
  if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;                  // Cyrillic А-Я
  if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;                  // Cyrillic Ѐ-Џ
  if (cp == 0x04C0) return 0x04CF;                                     // palochka
  if (cp >= 0x04C1 && cp <= 0x04CE) return cp % 2 == 1 ? cp + 1 : cp;  // pairs start odd here
  if (cp >= 0x0460 && cp <= 0x04FF && !(cp >= 0x0482 && cp <= 0x0489)) return cp % 2 == 0 ? cp + 1 : cp;
  if (cp >= 0x1E00 && cp <= 0x1EFF && !(cp >= 0x1E96 && cp <= 0x1E9F)) return cp % 2 == 0 ? cp + 1 : cp;
  return cp;
}

// Appends the primary folding of one code point of a word.
Kind fold(uint32_t cp, std::string& out) {
  if (is_separator(cp)) return Kind::kSeparator;
  if (cp < 0x80) {
    out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
    return Kind::kLetter;
  }
  if (cp >= 0x0300 && cp <= 0x036F) return Kind::kMark;  // combining diacritics: dropped
  if (cp >= 0xC0 && cp <= 0xFF) {
    out += kLatin1[cp - 0xC0];
    return Kind::kLetter;
  }
  for (const Range& r : kLatinExtended) {
    if (cp >= r.first && cp <= r.last) {
      out += r.base;
      return Kind::kLetter;
    }
  }
  append_utf8(out, simple_lower(cp));
  return Kind::kLetter;
}

// Letters with a conventional two-letter spelling, in either case.
const char* digraph_of(uint32_t cp) {
  switch (cp) {
    case 0xE4:
    case 0xC4: return "ae";  // ä Ä
    case 0xF6:
    case 0xD6: return "oe";  // ö Ö
    case 0xFC:
    case 0xDC: return "ue";  // ü Ü
    case 0xF8:
    case 0xD8: return "oe";  // ø Ø
    case 0xE5:
    case 0xC5: return "aa";  // å Å
    case 0xE6:
    case 0xC6: return "ae";  // æ Æ
    case 0xDF:
    case 0x1E9E: return "ss";  // ß ẞ
    default: return nullptr;
  }
}

// The digraph spelling of a word's original text, or "" when it has none:
// only ASCII letters/digits and the letters above count.
std::string digraph_spelling(std::string_view word) {
  std::string out;
  bool folded = false;
  for (size_t i = 0; i < word.size();) {
    size_t n = 1;
    const uint32_t cp = decode(word, i, n);
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
    } else if (const char* d = digraph_of(cp)) {
      out += d;
      folded = true;
    } else {
      return {};
    }
    i += n;
  }
  return folded ? out : std::string();
}

// Cuts `s` to at most `max` bytes on a UTF-8 character boundary.
void cut(std::string& s, size_t max) {
  if (s.size() <= max) return;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
}

// Appends a tsvector/tsquery lexeme in quotes.
void append_lexeme(std::string& out, std::string_view lexeme) {
  out += '\'';
  for (char c : lexeme) {
    if (c == '\'' || c == '\\') out += c;  // '' and \\ inside quotes
    out += c;
  }
  out += '\'';
}

bool matches(const KbWord& word, const std::vector<std::string>& terms) {
  for (const std::string& term : terms) {
    if (word.folded.starts_with(term)) return true;
    if (!word.digraph.empty() && word.digraph.starts_with(term)) return true;
  }
  return false;
}

// Appends text[from, to) with markers around the matching words inside it.
void append_marked(std::string& out, std::string_view text, const std::vector<KbWord>& words,
                   const std::vector<bool>& hit, size_t first, size_t last, size_t from, size_t to) {
  size_t at = from;
  for (size_t i = first; i < last; ++i) {
    if (!hit[i]) continue;
    out.append(text.substr(at, words[i].begin - at));
    out += kKbMarkOpen;
    out.append(text.substr(words[i].begin, words[i].end - words[i].begin));
    out += kKbMarkClose;
    at = words[i].end;
  }
  out.append(text.substr(at, to - at));
}

}  // namespace

std::vector<KbWord> kb_words(std::string_view text) {
  std::vector<KbWord> words;
  KbWord current;
  bool in_word = false;
  auto finish = [&](size_t end) {
    if (in_word && !current.folded.empty()) {
      current.end = end;
      current.digraph = digraph_spelling(text.substr(current.begin, end - current.begin));
      cut(current.folded, kMaxWordBytes);
      cut(current.digraph, kMaxWordBytes);
      if (current.digraph == current.folded) current.digraph.clear();
      words.push_back(std::move(current));
    }
    current = KbWord{};
    in_word = false;
  };
  for (size_t i = 0; i < text.size();) {
    size_t n = 1;
    const uint32_t cp = decode(text, i, n);
    std::string folded;
    const Kind kind = fold(cp, folded);
    if (kind == Kind::kSeparator) {
      finish(i);
    } else {
      if (!in_word) {
        in_word = true;
        current.begin = i;
      }
      current.folded += folded;
    }
    i += n;
  }
  finish(text.size());
  return words;
}

std::vector<std::string> kb_query_terms(std::string_view query) {
  std::vector<std::string> terms;
  for (KbWord& word : kb_words(query)) {
    if (terms.size() == kMaxQueryTerms) break;
    cut(word.folded, kMaxTermBytes);
    if (!word.folded.empty()) terms.push_back(std::move(word.folded));
  }
  return terms;
}

std::string kb_tsquery(const std::vector<std::string>& terms) {
  std::string out;
  for (const std::string& term : terms) {
    if (!out.empty()) out += " & ";
    append_lexeme(out, term);
    out += ":*";
  }
  return out;
}

std::string kb_tsvector(std::string_view title, std::string_view body) {
  // lexeme -> "pos weight" entries, in order; PostgreSQL merges and sorts.
  std::map<std::string, std::vector<std::string>> lexemes;
  int position = 0;
  auto add = [&](std::string_view text, char weight) {
    for (const KbWord& word : kb_words(text)) {
      position = std::min(position + 1, kMaxPosition);
      const std::string entry = std::to_string(position) + weight;
      for (const std::string* spelling : {&word.folded, &word.digraph}) {
        if (spelling->empty()) continue;
        auto& positions = lexemes[*spelling];
        if (positions.size() < kMaxPositionsPerWord) positions.push_back(entry);
      }
    }
  };
  add(title, 'A');
  add(body, 'B');
  std::string out;
  for (const auto& [lexeme, positions] : lexemes) {
    if (!out.empty()) out += ' ';
    append_lexeme(out, lexeme);
    out += ':';
    for (size_t i = 0; i < positions.size(); ++i) {
      if (i) out += ',';
      out += positions[i];
    }
  }
  return out;
}

std::string kb_highlight(std::string_view text, const std::vector<std::string>& terms) {
  const std::vector<KbWord> words = kb_words(text);
  std::vector<bool> hit(words.size());
  for (size_t i = 0; i < words.size(); ++i) hit[i] = matches(words[i], terms);
  std::string out;
  append_marked(out, text, words, hit, 0, words.size(), 0, text.size());
  return out;
}

std::string kb_snippet(std::string_view text, const std::vector<std::string>& terms, size_t max_words) {
  const std::vector<KbWord> words = kb_words(text);
  std::vector<bool> hit(words.size());
  // Every (position, term) match, by position: FTS5's phrase instances.
  std::vector<std::pair<size_t, size_t>> instances;
  for (size_t i = 0; i < words.size(); ++i) {
    for (size_t t = 0; t < terms.size(); ++t) {
      if (words[i].folded.starts_with(terms[t]) ||
          (!words[i].digraph.empty() && words[i].digraph.starts_with(terms[t]))) {
        instances.emplace_back(i, t);
        hit[i] = true;
      }
    }
  }
  std::string out;
  if (words.size() <= max_words || max_words == 0) {
    append_marked(out, text, words, hit, 0, words.size(), 0, text.size());
    return out;
  }
  // The window FTS5's snippet() picks (fts5SnippetFunction): each instance is
  // tried as the start of a window centred on the matches it covers, and the
  // sentence holding it as another, with a bonus of 100 (120 at the start of
  // the text); a window scores 1000 per distinct term and 1 per repeat. The
  // first best window wins.
  const auto n = static_cast<long>(words.size());
  const auto width = static_cast<long>(max_words);
  auto score = [&](long from, long* adjusted) {
    std::vector<bool> seen(terms.size());
    long value = 0, first = -1, last = 0;
    for (const auto& [pos, term] : instances) {
      const auto p = static_cast<long>(pos);
      if (p < from || p >= from + width) continue;
      value += seen[term] ? 1 : 1000;
      seen[term] = true;
      if (first < 0) first = p;
      last = p + 1;
    }
    if (adjusted != nullptr) {
      long adj = first - (width - (last - first)) / 2;
      if (adj + width > n) adj = n - width;
      *adjusted = std::max(adj, 0L);
    }
    return value;
  };
  // Sentence starts: the first word and every word after a '.' or ':' and
  // whitespace (fts5SentenceFinderCb).
  std::vector<long> sentences;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i == 0) {
      sentences.push_back(0);
      continue;
    }
    long b = static_cast<long>(words[i].begin) - 1;
    char c = 0;
    for (; b >= 0; --b) {
      c = text[static_cast<size_t>(b)];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    }
    if (b != static_cast<long>(words[i].begin) - 1 && (c == '.' || c == ':')) sentences.push_back(static_cast<long>(i));
  }
  long best = 0, best_score = 0;
  for (const auto& [pos, term] : instances) {
    const auto p = static_cast<long>(pos);
    long adjusted = 0;
    const long centred = score(p, &adjusted);
    if (centred > best_score) {
      best_score = centred;
      best = adjusted;
    }
    size_t jj = 0;
    while (jj + 1 < sentences.size() && sentences[jj + 1] <= p) ++jj;
    if (sentences[jj] < p) {
      const long in_sentence = score(sentences[jj], nullptr) + (sentences[jj] == 0 ? 120 : 100);
      if (in_sentence > best_score) {
        best_score = in_sentence;
        best = sentences[jj];
      }
    }
  }
  const auto first = static_cast<size_t>(best);
  const size_t end_word = std::min(first + max_words, words.size());  // exclusive
  const size_t from = first == 0 ? 0 : words[first].begin;
  const size_t to = end_word >= words.size() ? text.size() : words[end_word - 1].end;
  if (first > 0) out += "\xE2\x80\xA6";  // …
  append_marked(out, text, words, hit, first, end_word, from, to);
  if (end_word < words.size()) out += "\xE2\x80\xA6";
  return out;
}

}  // namespace deskd::storage::postgres
