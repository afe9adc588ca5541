#pragma once
#include "storage/api_key_store.h"
#include "storage/sqlite/database.h"

namespace deskd::storage::sqlite {

// ApiKeyStore over the `api_keys` and `api_idempotency` tables (migration
// 0016). Thread-safe; `db` must outlive the store. An answer dies with its key.
class SqliteApiKeyStore final : public ApiKeyStore {
 public:
  explicit SqliteApiKeyStore(Database& db) : db_(db) {}

  Result<ApiKey> create(const NewApiKey& key) override;
  Result<ApiKey> find_by_hash(std::string_view key_hash) override;
  Result<std::vector<ApiKey>> list() override;
  Status revoke(int64_t key_id, int64_t now_ms) override;
  Status touch(int64_t key_id, int64_t now_ms) override;
  Status reserve_answer(int64_t key_id, std::string_view idempotency_key, std::string_view request_hash,
                        int64_t now_ms) override;
  Status complete_answer(int64_t key_id, std::string_view idempotency_key, int status,
                         std::string_view body) override;
  Status release_answer(int64_t key_id, std::string_view idempotency_key) override;
  Result<ApiAnswer> find_answer(int64_t key_id, std::string_view idempotency_key) override;
  Result<int64_t> prune_answers(int64_t before_ms) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
