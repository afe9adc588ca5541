#pragma once
// Server-rendered SVG bar charts for the reports page: no script, no external
// library. Every text (title, labels) is XML-escaped here, so the result may
// be inserted into a page unescaped.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace deskd::agent {

struct ChartSeries {
  std::string name;             // legend text
  std::string css_class;        // "series-a" | "series-b" ... (colour comes from the stylesheet); [a-z-] only
  std::vector<int64_t> values;  // one per label, >= 0
};

// A grouped bar chart: one group per label, one bar per series. `labels`
// and every series' values have the same length (shorter series read as 0).
// The chart is `role="img"` with `title` as its accessible name, and each bar
// has a <title> "label — series: value" for hover and screen readers.
std::string bar_chart_svg(std::string_view title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series);

// &, <, >, " and ' as entities.
std::string xml_escape(std::string_view text);

}  // namespace deskd::agent
