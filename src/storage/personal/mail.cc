// Personal-data handlers of the e-mail channel (SPEC §10, §13).
//
// mail_messages keeps, per ticket mail, its Message-ID (threading and
// de-duplication need it after an erase too), the sender and the untrimmed
// original text. The export lists the subject's; erase clears sender and
// original text, keeping the Message-ID so a re-delivered mail is still
// recognised. Registered after the ticket handler, so it is erased before it,
// while the tickets still name the subject.
//
// mail_quarantine keeps raw mail that could not be processed, with no parsed
// sender to search by: a quarantined mail belongs to the subject when its raw
// text mentions the subject's address anywhere (headers or body, compared
// case-insensitively). Such mail is listed in the export (when, why, size —
// not the raw text) and deleted by erase; retention deletes quarantined mail
// older than privacy.visitor_retention_days.
#include <algorithm>
#include <optional>

#include "core/crypto.h"
#include "core/text.h"
#include "storage/personal/match.h"
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

#define MAIL_OF_SUBJECT(m) \
  "(" m "ticket_id IN " DESKD_SUBJECT_TICKETS " OR (?2 <> '' AND lower(" m "sender) = ?2))"

std::unique_ptr<Handler> mail_message_handler() {
  return make_table_handler({
      .name = "mail_messages",
      .exports = {{"mail_messages",
                   "SELECT mm.id, t.ref, mm.direction, mm.message_id, mm.sender, mm.original_body, mm.created_ms "
                   "FROM mail_messages mm JOIN tickets t ON t.id = mm.ticket_id "
                   "WHERE " MAIL_OF_SUBJECT("mm.") " AND mm.id > ?5 ORDER BY mm.id LIMIT ?6",
                   {{"ticket", Kind::kText},
                    {"direction", Kind::kText},
                    {"message_id", Kind::kText},
                    {"sender", Kind::kText},
                    {"original_body", Kind::kText},
                    {"created_ms", Kind::kInt}}}},
      .erase = {{"mail_messages",
                 "UPDATE mail_messages SET sender = '', original_body = '' "
                 "WHERE (sender <> '' OR original_body <> '') AND " MAIL_OF_SUBJECT("")}},
  });
}

namespace {

constexpr int64_t kQuarantinePage = 100;  // raw mail is large: fewer rows a page

class QuarantineHandler final : public Handler {
 public:
  std::string_view name() const override { return "mail_quarantine"; }
  std::vector<std::string_view> sections() const override { return {"quarantined_mail"}; }

  Status export_rows(PersonalSqlAccess& db, const Subject& subject, const RowSink& sink) const override {
    if (subject.email.empty()) return Status::ok();
    int64_t after = 0;
    for (;;) {
      std::vector<ExportRow> found;
      int64_t last = after, seen = 0;
      Status read = db.read([&](PersonalSql& sql) {
        return each_page_row(sql, after, [&](const QuarantineRow& row) {
          ++seen;
          last = row.id;
          if (!mentions(row, subject.email)) return;
          found.push_back({{"received_ms", row.received_ms},
                           {"source", row.source},
                           {"reason", row.reason},
                           {"size", static_cast<int64_t>(row.raw ? row.raw->size() : 0)}});
        });
      });
      if (!read.is_ok()) return read;
      for (const ExportRow& row : found) {
        if (Status s = sink("quarantined_mail", row); !s.is_ok()) return s;
      }
      if (seen < kQuarantinePage) return Status::ok();
      after = last;
    }
  }

  Status erase(PersonalSql& sql, const Subject& subject, Counts& counts) const override {
    if (subject.email.empty()) return Status::ok();
    int64_t after = 0;
    for (;;) {
      std::vector<int64_t> doomed;
      int64_t last = after, seen = 0;
      Status read = each_page_row(sql, after, [&](const QuarantineRow& row) {
        ++seen;
        last = row.id;
        if (mentions(row, subject.email)) doomed.push_back(row.id);
      });
      if (!read.is_ok()) return read;
      for (int64_t id : doomed) {
        Result<int64_t> changed = sql.run("DELETE FROM mail_quarantine WHERE id = ?1", {id});
        if (!changed) return changed.status();
        counts["mail_quarantine"] += *changed;
      }
      if (seen < kQuarantinePage) return Status::ok();
      after = last;
    }
  }

  Status prune(PersonalSql& sql, const Cutoffs& cutoffs, Counts& counts) const override {
    Result<int64_t> changed = sql.run("DELETE FROM mail_quarantine WHERE received_ms < ?1", {cutoffs.visitor_before_ms});
    if (!changed) return changed.status();
    counts["mail_quarantine"] += *changed;
    return Status::ok();
  }

 private:
  struct QuarantineRow {
    int64_t id = 0;
    int64_t received_ms = 0;
    std::string source;
    std::string reason;
    std::optional<std::string> raw;  // nullopt when the stored text is not base64url
  };

  template <typename OnRow>
  static Status each_page_row(PersonalSql& sql, int64_t after, OnRow on_row) {
    return sql.each_row(
        "SELECT id, received_ms, source, reason, raw_base64 FROM mail_quarantine WHERE id > ?1 ORDER BY id LIMIT ?2",
        {after, kQuarantinePage}, [&](const SqlRow& r) {
          on_row(QuarantineRow{r.integer(0), r.integer(1), r.text(2), r.text(3), base64url_decode(r.text(4))});
          return Status::ok();
        });
  }

  // `email` is lower-cased (Subject's contract).
  static bool mentions(const QuarantineRow& row, std::string_view email) {
    if (!row.raw || email.empty()) return false;
    const auto same = [](char raw, char lower) { return ascii_lower(raw) == lower; };
    return std::search(row.raw->begin(), row.raw->end(), email.begin(), email.end(), same) != row.raw->end();
  }
};

}  // namespace

std::unique_ptr<Handler> mail_quarantine_handler() { return std::make_unique<QuarantineHandler>(); }

}  // namespace deskd::storage::personal
