#include "helpcenter/kb_slug.h"

namespace deskd::helpcenter {
namespace {

struct Letter {
  std::string_view utf8;
  std::string_view ascii;
};

// Upper and lower case Latin-1 letters (and ẞ) with their slug spelling.
constexpr Letter kLetters[] = {
    {"\xC3\xA6", "ae"}, {"\xC3\x86", "ae"}, {"\xC3\xB8", "oe"}, {"\xC3\x98", "oe"},     {"\xC3\xA5", "aa"},
    {"\xC3\x85", "aa"}, {"\xC3\xA4", "ae"}, {"\xC3\x84", "ae"}, {"\xC3\xB6", "oe"},     {"\xC3\x96", "oe"},
    {"\xC3\xBC", "ue"}, {"\xC3\x9C", "ue"}, {"\xC3\x9F", "ss"}, {"\xE1\xBA\x9E", "ss"}, {"\xC3\xA0", "a"},
    {"\xC3\xA1", "a"},  {"\xC3\xA2", "a"},  {"\xC3\xA3", "a"},  {"\xC3\x80", "a"},      {"\xC3\x81", "a"},
    {"\xC3\x82", "a"},  {"\xC3\x83", "a"},  {"\xC3\xA7", "c"},  {"\xC3\x87", "c"},      {"\xC3\xA8", "e"},
    {"\xC3\xA9", "e"},  {"\xC3\xAA", "e"},  {"\xC3\xAB", "e"},  {"\xC3\x88", "e"},      {"\xC3\x89", "e"},
    {"\xC3\x8A", "e"},  {"\xC3\x8B", "e"},  {"\xC3\xAC", "i"},  {"\xC3\xAD", "i"},      {"\xC3\xAE", "i"},
    {"\xC3\xAF", "i"},  {"\xC3\x8C", "i"},  {"\xC3\x8D", "i"},  {"\xC3\x8E", "i"},      {"\xC3\x8F", "i"},
    {"\xC3\xB1", "n"},  {"\xC3\x91", "n"},  {"\xC3\xB2", "o"},  {"\xC3\xB3", "o"},      {"\xC3\xB4", "o"},
    {"\xC3\xB5", "o"},  {"\xC3\x92", "o"},  {"\xC3\x93", "o"},  {"\xC3\x94", "o"},      {"\xC3\x95", "o"},
    {"\xC3\xB9", "u"},  {"\xC3\xBA", "u"},  {"\xC3\xBB", "u"},  {"\xC3\x99", "u"},      {"\xC3\x9A", "u"},
    {"\xC3\x9B", "u"},  {"\xC3\xBD", "y"},  {"\xC3\xBF", "y"},
};

}  // namespace

std::string slugify(std::string_view title) {
  std::string out;
  bool dash = false;
  auto put = [&](std::string_view s) {
    if (dash && !out.empty()) out += '-';
    dash = false;
    out += s;
  };
  for (size_t i = 0; i < title.size();) {
    const auto c = static_cast<unsigned char>(title[i]);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      put(std::string_view(&title[i], 1));
      ++i;
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      const char lower = static_cast<char>(c - 'A' + 'a');
      put(std::string_view(&lower, 1));
      ++i;
      continue;
    }
    bool matched = false;
    for (const auto& letter : kLetters) {
      if (title.substr(i, letter.utf8.size()) == letter.utf8) {
        put(letter.ascii);
        i += letter.utf8.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    dash = true;
    ++i;
    while (i < title.size() && (static_cast<unsigned char>(title[i]) & 0xC0) == 0x80) ++i;
  }
  if (out.size() > kMaxSlugBytes) {
    out.resize(kMaxSlugBytes);
    while (!out.empty() && out.back() == '-') out.pop_back();
  }
  return out;
}

bool valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > kMaxSlugBytes || slug.front() == '-' || slug.back() == '-') return false;
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace deskd::helpcenter
