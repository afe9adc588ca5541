#include "helpcenter/kb_snippet.h"

#include "storage/kb_store.h"

namespace deskd::helpcenter {

std::string marked_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 32);
  bool open = false;
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i, storage::kKbMarkOpen.size()) == storage::kKbMarkOpen) {
      if (!open) out += "<mark>";
      open = true;
      i += storage::kKbMarkOpen.size();
      continue;
    }
    if (text.substr(i, storage::kKbMarkClose.size()) == storage::kKbMarkClose) {
      if (open) out += "</mark>";
      open = false;
      i += storage::kKbMarkClose.size();
      continue;
    }
    switch (text[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += text[i];
    }
    ++i;
  }
  if (open) out += "</mark>";
  return out;
}

}  // namespace deskd::helpcenter
