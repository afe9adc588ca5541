#include "privacy/privacy.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/text.h"

namespace deskd::privacy {
namespace {

using storage::personal::ExportRow;
using storage::personal::Handler;
using storage::personal::Registry;

std::string json_string(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string row_json(const ExportRow& row) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& field : row) {
    std::visit([&](const auto& v) { object[std::string(field.name)] = v; }, field.value);
  }
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Writes one handler's sections, opening each array when its turn comes so
// that sections without rows still appear as [].
class SectionWriter {
 public:
  SectionWriter(const Handler& handler, const std::function<Status(std::string_view)>& out, bool& first_section)
      : sections_(handler.sections()), out_(out), first_section_(first_section) {}

  Status row(std::string_view section, const ExportRow& row) {
    while (!(rows_open_ && sections_[open_ - 1] == section)) {
      if (open_ >= sections_.size()) return internal("export row for an undeclared section");
      if (Status s = advance(); !s.is_ok()) return s;
    }
    std::string text = first_row_ ? "" : ",";
    first_row_ = false;
    text += row_json(row);
    return out_(text);
  }

  Status finish() {
    while (open_ < sections_.size()) {
      if (Status s = advance(); !s.is_ok()) return s;
    }
    return rows_open_ ? close() : Status::ok();
  }

 private:
  // Closes the open section (if any) and opens the next one.
  Status advance() {
    if (rows_open_) {
      if (Status s = close(); !s.is_ok()) return s;
    }
    std::string text = first_section_ ? "" : ",";
    first_section_ = false;
    text += json_string(sections_[open_++]) + ":[";
    rows_open_ = true;
    first_row_ = true;
    return out_(text);
  }
  Status close() {
    rows_open_ = false;
    return out_("]");
  }

  std::vector<std::string_view> sections_;
  const std::function<Status(std::string_view)>& out_;
  bool& first_section_;
  size_t open_ = 0;  // sections opened so far; the open one is sections_[open_ - 1]
  bool rows_open_ = false;
  bool first_row_ = true;
};

}  // namespace

Result<Subject> subject_for_email(storage::Storage& storage, std::string_view email) {
  if (email.empty() || email.size() > 254 || email.find('@') == std::string_view::npos)
    return invalid_argument("not an e-mail address");
  Subject subject;
  subject.email = ascii_lower(email);
  auto person = storage.people().find_by_email(subject.email);
  if (person.is_ok()) {
    subject.person_id = person->id;
    subject.name = person->name;
  } else if (person.status().code() != Code::kNotFound) {
    return person.status();
  }
  // Shorter names would scrub ordinary words out of kept text.
  if (subject.name.size() < 3) subject.name.clear();
  return subject;
}

Result<Subject> subject_for_visitor(std::string_view visitor_id) {
  if (visitor_id.empty() || visitor_id.size() > 64) return invalid_argument("not a visitor id");
  Subject subject;
  subject.visitor_id = std::string(visitor_id);
  return subject;
}

Status write_export(storage::Storage& storage, const Subject& subject, int64_t now_ms,
                    const std::function<Status(std::string_view)>& out, const Registry& registry) {
  nlohmann::ordered_json head;
  head["email"] = subject.email;
  head["person_id"] = subject.person_id;
  head["visitor_id"] = subject.visitor_id;
  std::string start = "{\"format\":\"deskd-privacy-export/1\",\"generated_ms\":" + std::to_string(now_ms) +
                      ",\"subject\":" + head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                      ",\"data\":{";
  if (Status s = out(start); !s.is_ok()) return s;
  bool first_section = true;
  for (const auto& handler : registry.handlers()) {
    SectionWriter writer(*handler, out, first_section);
    Status s =
        handler->export_rows(storage.personal_sql(), subject,
                             [&](std::string_view section, const ExportRow& row) { return writer.row(section, row); });
    if (!s.is_ok()) return s;
    if (Status f = writer.finish(); !f.is_ok()) return f;
  }
  return out("}}\n");
}

Result<Counts> erase(storage::Storage& storage, const Subject& subject, const Registry& registry) {
  if (subject.person_id == 0 && subject.email.empty() && subject.visitor_id.empty())
    return invalid_argument("nobody to erase");
  Counts counts;
  Status s = storage.personal_sql().write([&](storage::PersonalSql& sql) {
    counts.clear();
    const auto& handlers = registry.handlers();
    for (auto it = handlers.rbegin(); it != handlers.rend(); ++it) {
      if (Status e = (*it)->erase(sql, subject, counts); !e.is_ok()) return e;
    }
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return counts;
}

Cutoffs retention_cutoffs(const Settings& settings, int64_t now_ms) {
  constexpr int64_t kDayMs = 86'400'000;
  return {now_ms - settings.visitor_retention_days * kDayMs, now_ms - settings.ip_retention_days * kDayMs};
}

Result<Counts> prune(storage::Storage& storage, const Cutoffs& cutoffs, const Registry& registry) {
  Counts counts;
  for (const auto& handler : registry.handlers()) {
    Counts mine;
    Status s = storage.personal_sql().write([&](storage::PersonalSql& sql) {
      mine.clear();
      return handler->prune(sql, cutoffs, mine);
    });
    if (!s.is_ok()) return s;
    for (const auto& [k, v] : mine) counts[k] += v;
  }
  return counts;
}

std::string describe(const Counts& counts) {
  std::string out;
  for (const auto& [table, n] : counts) {
    if (n == 0) continue;
    if (!out.empty()) out += ", ";
    out += table + "=" + std::to_string(n);
  }
  return out.empty() ? "nothing" : out;
}

}  // namespace deskd::privacy
