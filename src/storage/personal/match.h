#pragma once
// SQL fragments the built-in handlers share to find a subject's rows (the
// parameters are those of storage/personal/personal_data.h). `t` is a column
// prefix: "" or "alias.".

// The subject's visitor ids: those of the account, or the one given.
#define DESKD_VISITOR_MATCH(col) \
  "(" col " IN (SELECT id FROM visitors WHERE person_id = ?1 AND ?1 <> 0) OR (?3 <> '' AND " col " = ?3))"

// A voter key ("v:<visitor>") of the subject.
#define DESKD_VOTER_MATCH(col)                                                                           \
  "(" col " IN (SELECT 'v:' || id FROM visitors WHERE person_id = ?1 AND ?1 <> 0) OR (?3 <> '' AND " col \
  " = 'v:' || ?3))"

// A ticket of the subject: requested by the account, from the address, or from
// one of its visitors.
#define DESKD_TICKET_MATCH(t)                                    \
  "((" t "person_id = ?1 AND ?1 <> 0) OR (?2 <> '' AND lower(" t \
  "requester_email) = ?2) OR " DESKD_VISITOR_MATCH(t "visitor_id") ")"
#define DESKD_SUBJECT_TICKETS "(SELECT id FROM tickets WHERE " DESKD_TICKET_MATCH("") ")"
