#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

// Export order; erase runs backwards, so the account and the visitor rows,
// through which the other handlers find the subject, go last. A feature that
// keeps personal data in a new table adds its handler here: after the rows it
// finds the subject through, before anything it must be erased ahead of.
const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    r.add(account_handler());
    r.add(visitor_handler());
    r.add(session_handler());
    r.add(remember_handler());
    r.add(password_reset_handler());
    r.add(audit_handler());
    r.add(outbox_handler());
    r.add(page_view_handler());
    r.add(vote_handler());
    r.add(comment_handler());
    r.add(ticket_handler());
    r.add(chat_handler());
    r.add(article_handler());
    r.add(deflection_handler());
    r.add(attachment_handler());  // after tickets: erased while the tickets still name the subject
    r.add(mail_message_handler());  // after tickets, for the same reason
    r.add(mail_quarantine_handler());
    r.add(api_idempotency_handler());
    r.add(webhook_delivery_handler());
    r.add(two_factor_handler());
    r.add(agent_group_handler());
    r.add(canned_reply_handler());
    r.add(notify_pref_handler());
    return r;
  }();
  return registry;
}

}  // namespace deskd::storage::personal
