#pragma once
// `serve --demo`, the agent desk part: two groups, tickets across groups,
// priorities and states (some assigned, some answered, some with internal
// notes) and a few ended chats, so a newcomer's first look at /agent/ is a
// working desk. Seeds once: does nothing when any ticket exists.
#include <cstdint>

#include "core/random.h"
#include "core/status.h"
#include "storage/store.h"

namespace deskd::app {

// `agent_id` and `admin_id` are the demo accounts; `now_ms` anchors the
// tickets' ages (the oldest is three days old).
Status seed_desk_demo(storage::Storage& storage, Random& random, int64_t agent_id, int64_t admin_id, int64_t now_ms);

}  // namespace deskd::app
