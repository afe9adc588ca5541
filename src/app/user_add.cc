#include "app/user_add.h"

#include <cstdio>
#include <iostream>

#include "core/crypto.h"
#include "security/password.h"

namespace deskd::app {

int user_add(const UserAddOptions& opts) {
  if (!crypto_init()) return 1;
  auto role = storage::parse_role(opts.role);
  if (!role) {
    std::fprintf(stderr, "deskd: --role must be user, agent or admin\n");
    return 2;
  }
  if (opts.email.empty() || opts.email.find('@') == std::string::npos || opts.email.size() > 254) {
    std::fprintf(stderr, "deskd: --email must be an e-mail address\n");
    return 2;
  }
  if (!opts.password_stdin) {
    std::fprintf(stderr, "deskd: pass the password on standard input with --password-stdin\n");
    return 2;
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < 8) {
    std::fprintf(stderr, "deskd: the password must have at least 8 characters\n");
    return 2;
  }
  Config config = load_config_or_exit(opts.common);
  SystemClock clock;
  auto storage = open_storage(config, opts.common, clock);
  if (!storage.is_ok()) {
    std::fprintf(stderr, "deskd: storage: %s\n", storage.status().message().c_str());
    return 1;
  }
  security::PasswordHasher hasher(security::default_password_params());
  auto hash = hasher.hash(password);
  if (!hash.is_ok()) {
    std::fprintf(stderr, "deskd: %s\n", hash.status().message().c_str());
    return 1;
  }
  std::string name = opts.name.empty() ? opts.email.substr(0, opts.email.find('@')) : opts.name;
  auto created = (*storage)->people().create({opts.email, name, *role, *hash, ""});
  if (!created.is_ok()) {
    std::fprintf(stderr, "deskd: cannot add %s: %s\n", opts.email.c_str(), created.status().message().c_str());
    return created.status().code() == Code::kConflict ? 3 : 1;
  }
  std::printf("added %s %s (id %lld)\n", storage::role_name(created->role), created->email.c_str(),
              static_cast<long long>(created->id));
  return 0;
}

}  // namespace deskd::app
