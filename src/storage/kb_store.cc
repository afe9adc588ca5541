#include "storage/kb_store.h"

namespace deskd::storage {

const char* kb_status_name(KbStatus status) {
  return status == KbStatus::kPublished ? "published" : "draft";
}

std::optional<KbStatus> parse_kb_status(std::string_view name) {
  if (name == "draft") return KbStatus::kDraft;
  if (name == "published") return KbStatus::kPublished;
  return std::nullopt;
}

const KbCategoryText* find_text(const KbCategory& category, std::string_view lang) {
  for (const auto& text : category.texts)
    if (text.lang == lang) return &text;
  return nullptr;
}

const KbTranslation* find_translation(const KbArticle& article, std::string_view lang) {
  for (const auto& translation : article.translations)
    if (translation.lang == lang) return &translation;
  return nullptr;
}

}  // namespace deskd::storage
