#include "messenger/messenger.h"

#include <spdlog/spdlog.h>

namespace deskd::messenger {
namespace {

constexpr std::chrono::milliseconds kSweepEvery = std::chrono::seconds(60);

}  // namespace

Result<std::unique_ptr<Messenger>> Messenger::create(pipeline::Services& svc, ThreadPool& pool,
                                                     const std::string& web_messenger_dir, PubSub* shared) {
  Result<Assets> assets = Assets::load(web_messenger_dir);
  if (!assets.is_ok()) return assets.status();
  return std::unique_ptr<Messenger>(new Messenger(svc, pool, std::move(*assets), shared));
}

Messenger::Messenger(pipeline::Services& svc, ThreadPool& pool, Assets assets, PubSub* shared)
    : svc_(svc),
      assets_(std::move(assets)),
      pubsub_(shared ? *shared : local_pubsub_),
      hub_(pubsub_),
      chats_(svc, hub_),
      runtime_{svc, pool, hub_, chats_, assets_, ticket_presence_},
      sweeper_(kSweepEvery, [this] { sweep_idle_chats(); }) {
  svc.metrics.add_gauge("deskd_messenger_visitor_sockets", "Open Messenger visitor WebSockets on this node.",
                        [this] { return static_cast<double>(hub_.visitor_sockets()); });
  svc.metrics.add_gauge("deskd_messenger_agent_sockets", "Open agent chat WebSockets on this node.",
                        [this] { return static_cast<double>(hub_.agent_sockets()); });
  svc.metrics.add_counter("deskd_messenger_open_chat_caps_hit_total",
                          "Chat starts refused (429) because the visitor or its address held its cap of open chats.",
                          [this] { return static_cast<double>(chats_.open_chat_caps_hit()); });
  svc.metrics.add_gauge("deskd_messenger_queued_chats", "Chats waiting in the queue.", [&svc] {
    auto n = svc.storage.chats().queue_size();
    return n.is_ok() ? static_cast<double>(*n) : -1.0;
  });
  sweeper_.start();
}

Messenger::~Messenger() {
  sweeper_.stop();
}

void Messenger::sweep_idle_chats() {
  Result<int> ended = chats_.end_idle(svc_.clock.now_ms());
  if (!ended.is_ok()) {
    spdlog::warn("idle chat sweep: {}", ended.status().to_string());
  } else if (*ended > 0) {
    spdlog::info("ended {} idle chats", *ended);
  }
}

void Messenger::register_routes(pipeline::App& app) {
  register_asset_routes(app, assets_);
  register_setup_route(app, runtime_);
  register_api_routes(app, runtime_);
  register_visitor_socket(app, runtime_);
  register_agent_socket(app, runtime_);
}

}  // namespace deskd::messenger
