#pragma once
// `serve --demo`: demo accounts (an agent and an admin) whose credentials are
// printed at every start. Their passwords are random per data directory and
// kept in <data>/demo-credentials.txt (mode 0600) so they can be printed again.
#include <string>

#include "core/random.h"
#include "security/password.h"
#include "storage/store.h"

namespace deskd::app {

Status seed_demo(storage::Storage& storage, const security::PasswordHasher& hasher, Random& random,
                 const std::string& data_dir);

}  // namespace deskd::app
