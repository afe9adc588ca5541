#pragma once
// The Messenger's part of a sign-in (SPEC §1.6): a returning guest's chats
// become the signed-in person's.
#include "pipeline/services.h"

namespace deskd::messenger {

// A pipeline::Services::VisitorSignInHook over `storage` (which must outlive it).
pipeline::Services::VisitorSignInHook attach_visitor_chats(storage::Storage& storage);

}  // namespace deskd::messenger
