// The Host header: the framing check's syntax (http/framing.h) and the
// pipeline's own-host decision (pipeline/own_hosts.h), plus the same parser on
// configured names (server.public_url, server.allowed_hosts, listen address).
//
// Invariants: own names are matched without case; split_host_port gives a
// host only of the characters it allows.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "http/framing.h"
#include "pipeline/own_hosts.h"

using namespace deskd;

namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

const pipeline::OwnHosts& fixed_hosts() {
  static const pipeline::OwnHosts hosts = [] {
    pipeline::OwnHosts h("https://Help.Example.com/", {"example.org", "10.0.0.1:8080", "[::1]:9000"});
    h.set_listen_address("0.0.0.0:8080");
    return h;
  }();
  return hosts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string public_url = in.ConsumeRandomLengthString(128);
  const std::string allowed = in.ConsumeRandomLengthString(64);
  const std::string listen = in.ConsumeRandomLengthString(64);
  const std::string host = in.ConsumeRemainingBytesAsString();

  const pipeline::HostPort hp = pipeline::split_host_port(host);
  if (!hp.host.empty()) {
    for (char c : hp.host)
      FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '[' ||
                 c == ']' || c == ':');
    FUZZ_CHECK(hp.port.size() <= 5);
  }
  (void)http::valid_host_header(host);
  if (fixed_hosts().admits(host)) FUZZ_CHECK(fixed_hosts().admits(upper(host)));

  pipeline::OwnHosts configured(public_url, {allowed});
  configured.set_listen_address(listen);
  (void)configured.admits(host);
  (void)configured.listen_origin();
  return 0;
}
