#pragma once
// Status and Result<T>: how every domain and storage call reports failure.
// No exceptions cross module boundaries; http_status_of() is the one mapping
// of a Code to an HTTP status, used by the HTML pages and the JSON APIs alike.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace deskd {

enum class Code {
  kOk,
  kNotFound,
  kInvalidArgument,
  kConflict,
  kUnauthenticated,
  kPermissionDenied,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

const char* code_name(Code code);

// The HTTP status that answers a failure with this code: NotFound 404,
// InvalidArgument 400, Conflict 409, Unauthenticated 401, PermissionDenied 403,
// ResourceExhausted 429, Unavailable 503, Internal 500; kOk is 200.
int http_status_of(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  bool is_ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string to_string() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

inline Status not_found(std::string m) {
  return {Code::kNotFound, std::move(m)};
}
inline Status invalid_argument(std::string m) {
  return {Code::kInvalidArgument, std::move(m)};
}
inline Status conflict(std::string m) {
  return {Code::kConflict, std::move(m)};
}
inline Status unauthenticated(std::string m) {
  return {Code::kUnauthenticated, std::move(m)};
}
inline Status permission_denied(std::string m) {
  return {Code::kPermissionDenied, std::move(m)};
}
inline Status resource_exhausted(std::string m) {
  return {Code::kResourceExhausted, std::move(m)};
}
inline Status unavailable(std::string m) {
  return {Code::kUnavailable, std::move(m)};
}
inline Status internal(std::string m) {
  return {Code::kInternal, std::move(m)};
}

// Either a value or a non-ok Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool is_ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace deskd
