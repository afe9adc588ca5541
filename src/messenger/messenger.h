#pragma once
// The Messenger as one object for app/ to wire (SPEC §3, docs/messenger.md):
// the widget assets, the in-process PubSub, the ChatHub, the ChatService, the
// idle-chat sweeper, and every /messenger/... route plus /agent/ws.
//
// Construct after the worker pool and before the App; it must outlive the
// HTTP server (open sockets call into the hub until they close) and the pool.
// Thread-safe.
#include <memory>
#include <string>

#include "core/periodic_worker.h"
#include "core/thread_pool.h"
#include "messenger/assets.h"
#include "messenger/chat_service.h"
#include "messenger/hub.h"
#include "messenger/pubsub.h"
#include "messenger/ticket_presence.h"
#include "pipeline/app.h"

namespace deskd::messenger {

// What the route and socket handlers share. Every member outlives them.
struct Runtime {
  pipeline::Services& svc;
  ThreadPool& pool;
  ChatHub& hub;
  ChatService& chats;
  const Assets& assets;
  TicketPresence& ticket_presence;  // agents on ticket pages (/agent/ws)
};

class Messenger {
 public:
  // Loads the widget assets from `web_messenger_dir` (web/messenger). Chat
  // events travel through `shared` when given (several nodes: Redis; it must
  // outlive the Messenger), else through an in-process LocalPubSub.
  static Result<std::unique_ptr<Messenger>> create(pipeline::Services& svc, ThreadPool& pool,
                                                   const std::string& web_messenger_dir, PubSub* shared = nullptr);
  ~Messenger();  // stops the sweeper
  Messenger(const Messenger&) = delete;
  Messenger& operator=(const Messenger&) = delete;

  // Registers the loader/asset routes, /messenger/setup, /messenger/api/...,
  // /messenger/ws and /agent/ws.
  void register_routes(pipeline::App& app);

  ChatHub& hub() { return hub_; }
  ChatService& chats() { return chats_; }

 private:
  Messenger(pipeline::Services& svc, ThreadPool& pool, Assets assets, PubSub* shared);
  void sweep_idle_chats();

  pipeline::Services& svc_;
  Assets assets_;
  LocalPubSub local_pubsub_;
  PubSub& pubsub_;  // local_pubsub_ or the shared one
  ChatHub hub_;
  ChatService chats_;
  TicketPresence ticket_presence_;
  Runtime runtime_;
  PeriodicWorker sweeper_;  // last: ends idle chats every minute; its thread reads the members above
};

// Route registration, one file per surface (runtime must outlive `app`).
void register_api_routes(pipeline::App& app, Runtime& runtime);
void register_setup_route(pipeline::App& app, Runtime& runtime);
void register_visitor_socket(pipeline::App& app, Runtime& runtime);
void register_agent_socket(pipeline::App& app, Runtime& runtime);

}  // namespace deskd::messenger
