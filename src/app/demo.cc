#include "app/demo.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "app/demo_desk.h"
#include "app/environment.h"
#include "core/clock.h"
#include "helpcenter/kb_demo.h"

namespace deskd::app {
namespace {

struct DemoAccount {
  const char* label;
  const char* email;
  const char* name;
  storage::Role role;
};

constexpr DemoAccount kAccounts[] = {
    {"agent", "agent@demo.deskd.test", "Demo Agent", storage::Role::kAgent},
    {"admin", "admin@demo.deskd.test", "Demo Admin", storage::Role::kAdmin},
};

std::map<std::string, std::string> read_credentials(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string email, password;
  while (in >> email >> password) out[email] = password;
  return out;
}

// Knowledge-base categories and articles (web/demo/kb.json), written by the demo agent.
Status seed_kb(storage::Storage& storage) {
  auto agent = storage.people().find_by_email(kAccounts[0].email);
  if (!agent.is_ok()) return agent.status();
  const std::string web = web_dir();
  auto catalogs = i18n::Catalogs::load(web + "/locales", {"en", "da", "de"}, "en");
  if (!catalogs.is_ok()) return catalogs.status();
  return helpcenter::seed_kb_demo(storage, *catalogs, web + "/demo/kb.json", agent->id);
}

}  // namespace

Status seed_demo(storage::Storage& storage, const security::PasswordHasher& hasher, Random& random,
                 const std::string& data_dir) {
  const std::string cred_path = (std::filesystem::path(data_dir) / "demo-credentials.txt").string();
  auto known = read_credentials(cred_path);
  bool changed = false;
  for (const auto& account : kAccounts) {
    auto existing = storage.people().find_by_email(account.email);
    if (existing.is_ok() && known.count(account.email)) continue;
    std::string password = random.token(12);
    auto hash = hasher.hash(password);
    if (!hash.is_ok()) return hash.status();
    if (existing.is_ok()) {
      if (Status s = storage.people().set_password_hash(existing->id, *hash); !s.is_ok()) return s;
    } else {
      auto created = storage.people().create({account.email, account.name, account.role, *hash, ""});
      if (!created.is_ok()) return created.status();
    }
    known[account.email] = password;
    changed = true;
  }
  if (changed) {
    std::ofstream out(cred_path, std::ios::trunc);
    for (const auto& [email, password] : known) out << email << " " << password << "\n";
    out.close();
    ::chmod(cred_path.c_str(), 0600);
  }
  if (Status s = seed_kb(storage); !s.is_ok()) return s;
  auto agent = storage.people().find_by_email(kAccounts[0].email);
  auto admin = storage.people().find_by_email(kAccounts[1].email);
  if (!agent || !admin) return !agent ? agent.status() : admin.status();
  if (Status s = seed_desk_demo(storage, random, agent->id, admin->id, SystemClock().now_ms()); !s.is_ok()) return s;
  for (const auto& account : kAccounts) {
    std::printf("demo %s: %s password: %s\n", account.label, account.email, known[account.email].c_str());
  }
  std::fflush(stdout);
  return Status::ok();
}

}  // namespace deskd::app
