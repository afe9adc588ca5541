// Personal-data handler of webhook deliveries (SPEC §12): each delivery keeps a
// JSON snapshot of the event (a ticket's requester address and name, a reply's
// text, a chat's visitor) until it is delivered or given up, and 7 days after.
// It is a copy of what the ticket, chat and comment handlers export, so it has
// no export section; erase deletes every delivery whose snapshot mentions the
// subject's address — a pending one too, so erased data is never sent after the
// erase. Finished deliveries expire by the webhook worker's own pruning.
//
// webhooks (URL, events, secret) hold no personal data.
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

std::unique_ptr<Handler> webhook_delivery_handler() {
  return make_table_handler({
      .name = "webhook_deliveries",
      .erase = {{"webhook_deliveries",
                 "DELETE FROM webhook_deliveries WHERE ?2 <> '' AND lower(data) LIKE '%' || ?2 || '%'"}},
  });
}

}  // namespace deskd::storage::personal
