#include "webhooks/dispatcher.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace deskd::webhooks {
namespace {

TEST(DispatcherTest, BodyIsTheEnvelopeAroundTheSnapshot) {
  storage::WebhookDelivery d;
  d.event_id = "evt_0123456789abcdef0123456789abcdef";
  d.event = "ticket.created";
  d.created_ms = 1'700'000'000'123;
  d.data = R"({"ticket" : {"ref" : "AB12-CD34"}})";
  EXPECT_EQ(delivery_body(d),
            R"({"id":"evt_0123456789abcdef0123456789abcdef","type":"ticket.created",)"
            R"("created_at":"2023-11-14T22:13:20.123Z","data":{"ticket":{"ref":"AB12-CD34"}}})");
}

}  // namespace
}  // namespace deskd::webhooks
