#include "storage/personal_sql.h"

#include <algorithm>

namespace deskd::storage {

NumberedSql number_parameters(std::string_view sql, char prefix) {
  NumberedSql out;
  bool quoted = false;
  for (size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;
    const bool numbered = !quoted && c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9';
    if (!numbered) {
      out.text += c;
      ++i;
      continue;
    }
    int n = 0;
    ++i;
    while (i < sql.size() && sql[i] >= '0' && sql[i] <= '9') n = std::min(n * 10 + (sql[i++] - '0'), 100000);
    auto it = std::find(out.sources.begin(), out.sources.end(), n);
    if (it == out.sources.end()) it = out.sources.insert(out.sources.end(), n);
    out.text += prefix;
    out.text += std::to_string(it - out.sources.begin() + 1);
  }
  return out;
}

}  // namespace deskd::storage
