#include "storage/personal/personal_data.h"

#include <arpa/inet.h>

#include <cstring>
#include <functional>

namespace deskd::storage::personal {
namespace {

constexpr int64_t kPageSize = 500;

// Runs one changing statement and adds the rows it changed to counts[key].
Status run_counted(PersonalSql& sql, std::string_view statement, const SqlParams& params, Counts& counts,
                   const std::string& key) {
  Result<int64_t> changed = sql.run(statement, params);
  if (!changed) return changed.status();
  counts[key] += *changed;
  return Status::ok();
}

// Walks the rows of `select` a page at a time: `params(after)` are the
// parameters of the page after key `after`, `read` turns a result row into a
// Row (whose `key` orders the pages), and `each` runs on every Row. A page is
// read whole before `each` runs, since `each` may change the table read.
template <class Row>
Status in_pages(PersonalSql& sql, std::string_view select, const std::function<SqlParams(int64_t after)>& params,
                const std::function<Row(const SqlRow&)>& read, const std::function<Status(const Row&)>& each) {
  int64_t after = 0;
  for (;;) {
    std::vector<Row> page;
    Status s = sql.each_row(select, params(after), [&](const SqlRow& row) {
      page.push_back(read(row));
      return Status::ok();
    });
    if (!s.is_ok()) return s;
    for (const Row& row : page) {
      if (Status e = each(row); !e.is_ok()) return e;
    }
    if (static_cast<int64_t>(page.size()) < kPageSize) return Status::ok();
    after = page.back().key;
  }
}

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
      if (Status s = run_counted(sql, statement, params, counts, std::string(key)); !s.is_ok()) return s;
    }
    return Status::ok();
  }

  Status prune(PersonalSql& sql, const Cutoffs& cutoffs, Counts& counts) const override {
    const SqlParams params = {cutoffs.visitor_before_ms, cutoffs.ip_before_ms};
    for (const auto& [key, statement] : spec_.prune) {
      if (Status s = run_counted(sql, statement, params, counts, std::string(key)); !s.is_ok()) return s;
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
    struct Row {
      int64_t key;
      std::string text, name;
    };
    const std::string count_key = std::string(column.table) + ".scrubbed";
    return in_pages<Row>(
        sql, column.select, [&](int64_t after) { return subject_params(subject, after, kPageSize); },
        [](const SqlRow& row) {
          return Row{row.integer(0), row.text(1), row.text(2)};
        },
        [&](const Row& row) {
          std::string scrubbed = scrub_text(row.text, {subject.email, subject.name, row.name});
          if (scrubbed == row.text) return Status::ok();
          return run_counted(sql, column.update, {row.key, std::move(scrubbed)}, counts, count_key);
        });
  }

  static Status truncate_ips(PersonalSql& sql, const IpColumn& column, int64_t before_ms, Counts& counts) {
    struct Row {
      int64_t key;
      std::string ip;
    };
    const std::string count_key = std::string(column.table) + ".ip_truncated";
    return in_pages<Row>(
        sql, column.select,
        [&](int64_t after) {
          return SqlParams{before_ms, after, kPageSize};
        },
        [](const SqlRow& row) {
          return Row{row.integer(0), row.text(1)};
        },
        [&](const Row& row) {
          return run_counted(sql, column.update, {row.key, truncate_ip(row.ip)}, counts, count_key);
        });
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
