// Personal-data handler of the REST API's idempotency answers (SPEC §12): for
// 24 hours the answer to a POST made with an Idempotency-Key is kept so a retry
// gets it again, and such an answer may carry a requester's address and words.
// It is a cache of what the ticket handlers already export, so it has no export
// section; erase deletes every kept answer that mentions the subject's address
// (a retry after that is answered 422/409 rather than with erased data). Expiry
// is the API's own (api/idempotency.h), not retention's.
//
// api_keys hold no personal data: a key has a name, scopes and times, no person.
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

std::unique_ptr<Handler> api_idempotency_handler() {
  return make_table_handler({
      .name = "api_idempotency",
      .erase = {{"api_idempotency",
                 "DELETE FROM api_idempotency WHERE ?2 <> '' AND lower(body) LIKE '%' || ?2 || '%'"}},
  });
}

}  // namespace deskd::storage::personal
