#include "storage/personal/personal_data.h"

#include <arpa/inet.h>

#include <cstring>

namespace deskd::storage::personal {
namespace {

constexpr int64_t kPageSize = 500;

class TableHandler final : public Handler {
 public:
  explicit TableHandler(TableSpec spec) : spec_(std::move(spec)) {}

  std::string_view name() const override { return spec_.name; }

  std::vector<std::string_view> sections() const override {
    std::vector<std::string_view> out;
    for (const auto& q : spec_.exports) out.push_back(q.section);
    return out;
  }

  Status export_rows(PersonalSqlAccess& db, const Subject& subject, const RowSink& sink) const override {
    for (const ExportQuery& q : spec_.exports) {
      if (Status s = export_query(db, q, subject, sink); !s.is_ok()) return s;
    }
    return Status::ok();
  }

  Status erase(PersonalSql& sql, const Subject& subject, Counts& counts) const override {
    for (const ScrubColumn& column : spec_.scrub) {
      if (Status s = scrub(sql, column, subject, counts); !s.is_ok()) return s;
    }
    const SqlParams params = subject_params(subject);
    for (const auto& [key, statement] : spec_.erase) {
      Result<int64_t> changed = sql.run(statement, params);
      if (!changed) return changed.status();
      counts[std::string(key)] += *changed;
    }
    return Status::ok();
  }

  Status prune(PersonalSql& sql, const Cutoffs& cutoffs, Counts& counts) const override {
    const SqlParams params = {cutoffs.visitor_before_ms, cutoffs.ip_before_ms};
    for (const auto& [key, statement] : spec_.prune) {
      Result<int64_t> changed = sql.run(statement, params);
      if (!changed) return changed.status();
      counts[std::string(key)] += *changed;
    }
    for (const IpColumn& column : spec_.ips) {
      if (Status s = truncate_ips(sql, column, cutoffs.ip_before_ms, counts); !s.is_ok()) return s;
    }
    return Status::ok();
  }

 private:
  static Status export_query(PersonalSqlAccess& db, const ExportQuery& q, const Subject& subject, const RowSink& sink) {
    const int offset = q.paged ? 1 : 0;
    int64_t after = 0;
    for (;;) {
      std::vector<ExportRow> page;  // one page in memory, never the whole history
      int64_t last = after;
      Status read = db.read([&](PersonalSql& sql) {
        return sql.each_row(q.sql, subject_params(subject, after, kPageSize), [&](const SqlRow& row) {
          if (q.paged) last = row.integer(0);
          ExportRow out;
          out.reserve(q.columns.size());
          for (size_t i = 0; i < q.columns.size(); ++i) {
            const int at = static_cast<int>(i) + offset;
            if (q.columns[i].kind == Kind::kInt) {
              out.push_back({q.columns[i].name, row.integer(at)});
            } else {
              out.push_back({q.columns[i].name, row.text(at)});
            }
          }
          page.push_back(std::move(out));
          return Status::ok();
        });
      });
      if (!read.is_ok()) return read;
      for (const ExportRow& row : page) {
        if (Status s = sink(q.section, row); !s.is_ok()) return s;
      }
      if (!q.paged || static_cast<int64_t>(page.size()) < kPageSize) return Status::ok();
      after = last;
    }
  }

  static Status scrub(PersonalSql& sql, const ScrubColumn& column, const Subject& subject, Counts& counts) {
    int64_t after = 0;
    for (;;) {
      struct Row {
        int64_t key;
        std::string text, name;
      };
      std::vector<Row> page;
      Status read = sql.each_row(column.select, subject_params(subject, after, kPageSize), [&](const SqlRow& row) {
        page.push_back({row.integer(0), row.text(1), row.text(2)});
        return Status::ok();
      });
      if (!read.is_ok()) return read;
      for (const Row& row : page) {
        std::string scrubbed = scrub_text(row.text, {subject.email, subject.name, row.name});
        if (scrubbed == row.text) continue;
        Result<int64_t> changed = sql.run(column.update, {row.key, std::move(scrubbed)});
        if (!changed) return changed.status();
        counts[std::string(column.table) + ".scrubbed"] += *changed;
      }
      if (static_cast<int64_t>(page.size()) < kPageSize) return Status::ok();
      after = page.back().key;
    }
  }

  static Status truncate_ips(PersonalSql& sql, const IpColumn& column, int64_t before_ms, Counts& counts) {
    int64_t after = 0;
    for (;;) {
      std::vector<std::pair<int64_t, std::string>> page;
      Status read = sql.each_row(column.select, {before_ms, after, kPageSize}, [&](const SqlRow& row) {
        page.emplace_back(row.integer(0), row.text(1));
        return Status::ok();
      });
      if (!read.is_ok()) return read;
      for (const auto& [key, ip] : page) {
        Result<int64_t> changed = sql.run(column.update, {key, truncate_ip(ip)});
        if (!changed) return changed.status();
        counts[std::string(column.table) + ".ip_truncated"] += *changed;
      }
      if (static_cast<int64_t>(page.size()) < kPageSize) return Status::ok();
      after = page.back().first;
    }
  }

  TableSpec spec_;
};

}  // namespace

std::vector<std::string_view> Registry::sections() const {
  std::vector<std::string_view> out;
  for (const auto& h : handlers_)
    for (std::string_view s : h->sections()) out.push_back(s);
  return out;
}

std::unique_ptr<Handler> make_table_handler(TableSpec spec) {
  return std::make_unique<TableHandler>(std::move(spec));
}

SqlParams subject_params(const Subject& subject, int64_t after_key, int64_t page_size) {
  return {subject.person_id, subject.email, subject.visitor_id, subject.name, after_key, page_size};
}

namespace {

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Letters, digits and every byte of a non-ASCII character.
bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z');
}

bool matches_at(std::string_view text, size_t at, std::string_view needle) {
  if (at + needle.size() > text.size()) return false;
  for (size_t i = 0; i < needle.size(); ++i) {
    if (ascii_lower(text[at + i]) != ascii_lower(needle[i])) return false;
  }
  const bool open_before = at == 0 || !word_byte(text[at - 1]) || !word_byte(needle.front());
  const size_t end = at + needle.size();
  const bool open_after = end == text.size() || !word_byte(text[end]) || !word_byte(needle.back());
  return open_before && open_after;
}

}  // namespace

std::string scrub_text(std::string_view text, const std::vector<std::string_view>& needles) {
  constexpr std::string_view kErased = "[erased]";
  std::string out(text);
  for (std::string_view needle : needles) {
    if (needle.size() < 2) continue;
    std::string next;
    size_t at = 0;
    while (at < out.size()) {
      if (matches_at(out, at, needle)) {
        next += kErased;
        at += needle.size();
      } else {
        next += out[at++];
      }
    }
    out = std::move(next);
  }
  return out;
}

std::string truncate_ip(std::string_view ip) {
  const std::string text(ip.substr(0, 64));
  char out[INET6_ADDRSTRLEN] = {};
  unsigned char v4[4];
  if (inet_pton(AF_INET, text.c_str(), v4) == 1) {
    v4[3] = 0;
    return inet_ntop(AF_INET, v4, out, sizeof out) ? std::string(out) : std::string();
  }
  unsigned char v6[16];
  if (inet_pton(AF_INET6, text.c_str(), v6) == 1) {
    std::memset(v6 + 6, 0, 10);
    return inet_ntop(AF_INET6, v6, out, sizeof out) ? std::string(out) : std::string();
  }
  return std::string();
}

}  // namespace deskd::storage::personal
