#pragma once
// Forced into core/config.cc when the config fuzz target compiles toml++
// header-only: toml++'s internal assertions become no-ops, as in Debian's
// release build of libtomlplusplus that deskd links (NDEBUG, GCC: no
// __builtin_assume). Without this the fuzzer reports toml++'s own debug
// preconditions (parse_key() on a non-key character) that the release
// library answers with a parse error. Memory errors still reach ASan.
#define TOML_ASSERT(expr) static_cast<void>(0)
