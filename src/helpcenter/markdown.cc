#include "helpcenter/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <memory>
#include <mutex>

#include "helpcenter/cookie_rows.h"

namespace deskd::helpcenter {
namespace {

constexpr int kOptions = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink"};

// Markdown text that renders as `text` literally: every ASCII punctuation
// character is backslash-escaped and line breaks become spaces.
std::string escape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if ((c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~')) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string cookie_table_markdown(const i18n::Catalogs& catalogs, std::string_view lang) {
  std::string md = "\n| " + escape_markdown(catalogs.text(lang, "cookies.col_name")) + " | " +
                   escape_markdown(catalogs.text(lang, "cookies.col_description")) + " | " +
                   escape_markdown(catalogs.text(lang, "cookies.col_type")) + " | " +
                   escape_markdown(catalogs.text(lang, "cookies.col_applies")) + " |\n| --- | --- | --- | --- |\n";
  for (const auto& row : cookie_rows(catalogs, lang)) {
    md += "| ";
    for (size_t i = 0; i < row.names.size(); ++i) {
      if (i > 0) md += ' ';
      md += '`';
      md += row.names[i];  // registry constants: no backticks
      md += '`';
    }
    md += " | " + escape_markdown(row.purpose) + " | " + escape_markdown(row.type) + " | " +
          escape_markdown(row.applies) + " |\n";
  }
  return md + "\n";
}

// The source with every [[cookie-table]] line replaced by the table.
std::string expand_directives(std::string_view markdown, const i18n::Catalogs& catalogs, std::string_view lang) {
  std::string out;
  out.reserve(markdown.size());
  size_t pos = 0;
  while (pos <= markdown.size()) {
    size_t end = markdown.find('\n', pos);
    const bool last = end == std::string_view::npos;
    if (last) end = markdown.size();
    std::string_view line = markdown.substr(pos, end - pos);
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.back() == '\r' || trimmed.back() == ' ' || trimmed.back() == '\t'))
      trimmed.remove_suffix(1);
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    if (trimmed == kCookieTableLine) {
      out += cookie_table_markdown(catalogs, lang);
    } else {
      out += line;
      if (!last) out += '\n';
    }
    if (last) break;
    pos = end + 1;
  }
  return out;
}

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct TextDeleter {
  void operator()(char* s) const { cmark_get_default_mem_allocator()->free(s); }
};

enum class Output { kHtml, kPlainText };

std::string render(std::string_view markdown, const i18n::Catalogs& catalogs, std::string_view lang, Output output) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  const std::string source = expand_directives(markdown, catalogs, lang);
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
  if (!parser) return {};
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), source.data(), source.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
  if (!doc) return {};
  std::unique_ptr<char, TextDeleter> text(
      output == Output::kHtml ? cmark_render_html(doc.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()))
                              : cmark_render_plaintext(doc.get(), kOptions, 0));
  return text ? std::string(text.get()) : std::string();
}

}  // namespace

std::string render_markdown(std::string_view markdown, const i18n::Catalogs& catalogs, std::string_view lang) {
  return render(markdown, catalogs, lang, Output::kHtml);
}

std::string markdown_plain_text(std::string_view markdown, const i18n::Catalogs& catalogs, std::string_view lang) {
  return render(markdown, catalogs, lang, Output::kPlainText);
}

}  // namespace deskd::helpcenter
