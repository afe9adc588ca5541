// The backend-independent storage conformance suites, run against PostgreSQL
// (DESKD_TEST_POSTGRES_URL; skipped when unset), each test in a fresh schema.
#include "storage/postgres/pg_storage.h"

#include <gtest/gtest.h>

#include "storage/postgres/test_server.h"
#include "storage/testing/chat_conformance.h"
#include "storage/testing/desk_conformance.h"
#include "storage/testing/sla_conformance.h"
#include "storage/testing/engage_conformance.h"
#include "storage/testing/insight_conformance.h"
#include "storage/testing/kb_conformance.h"
#include "storage/testing/personal_conformance.h"
#include "storage/testing/mail_conformance.h"
#include "storage/testing/storage_conformance.h"
#include "storage/testing/attachment_conformance.h"
#include "storage/testing/ticket_conformance.h"
#include "storage/testing/two_factor_conformance.h"
#include "storage/testing/api_key_conformance.h"
#include "storage/testing/webhook_conformance.h"

namespace deskd::storage::postgres {
namespace {

using conformance::KbConformanceTest;
using conformance::StorageConformanceTest;
using conformance::StorageFactory;

INSTANTIATE_TEST_SUITE_P(Postgres, StorageConformanceTest,
                         ::testing::Values(StorageFactory{"postgres", testing::make_fresh_postgres}),
                         conformance::storage_factory_name);
INSTANTIATE_TEST_SUITE_P(Postgres, KbConformanceTest,
                         ::testing::Values(StorageFactory{"postgres", testing::make_fresh_postgres}),
                         conformance::storage_factory_name);

}  // namespace
}  // namespace deskd::storage::postgres
