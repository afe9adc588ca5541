// Tokens a browser sends back: the dpreme Remember-Me cookie (shape check and
// a full consume() against a real SQLite remember store), the CSRF cookie and
// form token, and visitor ids (dp_v, X-DP-Visitor).
//
// Invariants: no made-up value passes a MAC check; what the server issues
// still verifies after the fuzzer's bytes were tried on the same objects.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/random.h"
#include "fuzz_check.h"
#include "security/csrf.h"
#include "security/visitor_token.h"
#include "session/remember.h"
#include "storage/sqlite/sqlite_storage.h"

using namespace deskd;

namespace {

struct World {
  std::filesystem::path dir;
  ManualClock clock;
  SeededRandom random{42};
  std::unique_ptr<storage::Storage> storage;
  std::unique_ptr<session::RememberMe> remember;
  std::unique_ptr<security::Csrf> csrf;
  std::unique_ptr<security::VisitorTokens> visitors;
  std::string binding = hash_hex("session");
  std::string csrf_cookie, csrf_secret, visitor_id;

  World() {
    FUZZ_CHECK(crypto_init());
    char tmpl[] = "/tmp/deskd-fuzz-tokens-XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    dir = tmpl;
    auto opened = storage::sqlite::open_sqlite_storage((dir / "t.db").string(), clock);
    FUZZ_CHECK(opened.is_ok());
    storage = std::move(*opened);
    remember = std::make_unique<session::RememberMe>(storage->remember(), clock, random);
    csrf = std::make_unique<security::Csrf>(std::string(security::kCsrfKeyBytes, 'k'), random);
    visitors = std::make_unique<security::VisitorTokens>(std::string(security::kVisitorKeyBytes, 'v'));
    csrf_cookie = csrf->issue(binding).cookie_value;
    auto secret = csrf->secret_from_cookie(csrf_cookie, binding);
    FUZZ_CHECK(secret.has_value());
    csrf_secret = *secret;
    visitor_id = visitors->issue(random);
  }
  ~World() {
    remember.reset();
    storage.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

World& world() {
  static World w;
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  FuzzedDataProvider in(data, size);
  const std::string a = in.ConsumeRandomLengthString(512);
  const std::string b = in.ConsumeRemainingBytesAsString();

  // dpreme: only well-formed values reach the store; none of them is a token.
  if (session::RememberMe::well_formed(a)) {
    FUZZ_CHECK(a.size() == 16 + 1 + 43 && is_base64url(a.substr(0, 16)) && is_base64url(a.substr(17)));
    const auto r = w.remember->consume(a);
    FUZZ_CHECK(r.outcome == session::RememberOutcome::kInvalid);
  } else {
    FUZZ_CHECK(w.remember->consume(a).outcome == session::RememberOutcome::kInvalid);
  }

  // CSRF: a forged cookie never yields a secret; a forged form token never
  // matches the real secret.
  if (a != w.csrf_cookie) FUZZ_CHECK(!w.csrf->secret_from_cookie(a, w.binding).has_value());
  (void)w.csrf->secret_from_cookie(a, b);
  (void)w.csrf->verify(a, b);
  if (w.csrf->verify(w.csrf_secret, b)) {
    // Only an unmasking of the real secret verifies: mask || secret^mask.
    auto raw = base64url_decode(b);
    FUZZ_CHECK(raw && raw->size() == 2 * security::kCsrfSecretBytes);
  }
  FUZZ_CHECK(w.csrf->verify(w.csrf_secret, w.csrf->mask(w.csrf_secret)));

  // Visitor ids.
  if (a != w.visitor_id) FUZZ_CHECK(!w.visitors->valid(a));
  FUZZ_CHECK(w.visitors->valid(w.visitor_id));

  // The base64url decoder under all of these.
  if (auto decoded = base64url_decode(a)) FUZZ_CHECK(base64url_encode(*decoded) == a);
  return 0;
}
