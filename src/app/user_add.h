#pragma once
#include <string>

#include "app/environment.h"

namespace deskd::app {

struct UserAddOptions {
  CommonOptions common;
  std::string email;
  std::string role = "user";
  std::string name;
  bool password_stdin = false;
};

// `deskd user add`: creates an account (argon2id hash); the password is read
// from the first line of standard input. Returns the process exit code.
int user_add(const UserAddOptions& opts);

}  // namespace deskd::app
