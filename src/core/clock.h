#pragma once
// Injectable time source. Expiry, rotation and theft detection read time only
// through a Clock so tests can move time without sleeping.
#include <atomic>
#include <cstdint>

namespace deskd {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch. Thread-safe.
  virtual int64_t now_ms() const = 0;
  int64_t now_s() const { return now_ms() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 1'780'000'000'000) : now_(start_ms) {}
  int64_t now_ms() const override { return now_.load(); }
  void advance_ms(int64_t ms) { now_ += ms; }
  void advance_s(int64_t s) { now_ += s * 1000; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace deskd
