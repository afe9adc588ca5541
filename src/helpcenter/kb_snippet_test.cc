#include "helpcenter/kb_snippet.h"

#include <gtest/gtest.h>

#include "storage/kb_store.h"

namespace deskd::helpcenter {
namespace {

const std::string kOpen(storage::kKbMarkOpen);
const std::string kClose(storage::kKbMarkClose);

TEST(KbSnippet, MarksAfterEscaping) {
  EXPECT_EQ(marked_html("a " + kOpen + "cookie" + kClose + " <b>&\"'"),
            "a <mark>cookie</mark> &lt;b&gt;&amp;&quot;&#39;");
}

TEST(KbSnippet, MarkedTextCannotInjectMarkup) {
  EXPECT_EQ(marked_html(kOpen + "<script>" + kClose + "alert(1)" + kOpen + "</script>" + kClose),
            "<mark>&lt;script&gt;</mark>alert(1)<mark>&lt;/script&gt;</mark>");
}

TEST(KbSnippet, UnbalancedMarkersAreRepaired) {
  EXPECT_EQ(marked_html(kClose + "x" + kOpen + kOpen + "y"), "x<mark>y</mark>");
  EXPECT_EQ(marked_html("København"), "København");
}

}  // namespace
}  // namespace deskd::helpcenter
