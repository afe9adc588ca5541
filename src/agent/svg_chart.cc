#include "agent/svg_chart.h"

#include <algorithm>

namespace deskd::agent {
namespace {

constexpr int kWidth = 720;
constexpr int kHeight = 220;
constexpr int kLeft = 40;    // room for the axis numbers
constexpr int kBottom = 24;  // room for the labels
constexpr int kTop = 10;

std::string class_name(std::string_view css) {
  std::string out;
  for (char c : css)
    if ((c >= 'a' && c <= 'z') || c == '-') out.push_back(c);
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string bar_chart_svg(std::string_view title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series) {
  int64_t max_value = 0;
  for (const auto& s : series)
    for (int64_t v : s.values) max_value = std::max(max_value, v);
  const int64_t scale_max = std::max<int64_t>(max_value, 1);
  const int plot_w = kWidth - kLeft;
  const int plot_h = kHeight - kBottom - kTop;
  const size_t groups = std::max<size_t>(labels.size(), 1);
  const double group_w = static_cast<double>(plot_w) / static_cast<double>(groups);
  const size_t bars = std::max<size_t>(series.size(), 1);
  const double bar_w = std::max(1.0, (group_w * 0.8) / static_cast<double>(bars));

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " +
                    std::to_string(kWidth) + " " + std::to_string(kHeight) + "\" role=\"img\" aria-label=\"" +
                    xml_escape(title) + "\"><title>" + xml_escape(title) + "</title>";
  // Axis: the baseline and the maximum.
  svg += "<line class=\"axis\" x1=\"" + std::to_string(kLeft) + "\" y1=\"" + std::to_string(kTop + plot_h) +
         "\" x2=\"" + std::to_string(kWidth) + "\" y2=\"" + std::to_string(kTop + plot_h) + "\"/>";
  svg += "<text class=\"tick\" x=\"" + std::to_string(kLeft - 4) + "\" y=\"" + std::to_string(kTop + 8) +
         "\" text-anchor=\"end\">" + std::to_string(max_value) + "</text>";
  svg += "<text class=\"tick\" x=\"" + std::to_string(kLeft - 4) + "\" y=\"" + std::to_string(kTop + plot_h) +
         "\" text-anchor=\"end\">0</text>";
  // Label every group when they fit, else about ten of them.
  const size_t label_every = std::max<size_t>(1, (labels.size() + 9) / 10);
  char num[32];
  for (size_t g = 0; g < labels.size(); ++g) {
    const double gx = kLeft + group_w * static_cast<double>(g) + group_w * 0.1;
    for (size_t i = 0; i < series.size(); ++i) {
      const int64_t v = g < series[i].values.size() ? std::max<int64_t>(series[i].values[g], 0) : 0;
      const double h = static_cast<double>(plot_h) * static_cast<double>(v) / static_cast<double>(scale_max);
      std::snprintf(num, sizeof num, "%.1f", gx + bar_w * static_cast<double>(i));
      std::string x = num;
      std::snprintf(num, sizeof num, "%.1f", static_cast<double>(kTop + plot_h) - h);
      std::string y = num;
      std::snprintf(num, sizeof num, "%.1f", bar_w);
      std::string w = num;
      std::snprintf(num, sizeof num, "%.1f", h);
      svg += "<rect class=\"" + class_name(series[i].css_class) + "\" x=\"" + x + "\" y=\"" + y + "\" width=\"" + w +
             "\" height=\"" + num + "\"><title>" + xml_escape(labels[g]) + " — " + xml_escape(series[i].name) + ": " +
             std::to_string(v) + "</title></rect>";
    }
    if (g % label_every == 0) {
      std::snprintf(num, sizeof num, "%.1f", gx);
      svg += "<text class=\"label\" x=\"" + std::string(num) + "\" y=\"" + std::to_string(kHeight - 6) + "\">" +
             xml_escape(labels[g]) + "</text>";
    }
  }
  // Legend.
  int lx = kLeft + 8;
  for (const auto& s : series) {
    svg += "<rect class=\"" + class_name(s.css_class) + "\" x=\"" + std::to_string(lx) + "\" y=\"" +
           std::to_string(kTop) + "\" width=\"10\" height=\"10\"/><text class=\"legend\" x=\"" +
           std::to_string(lx + 14) + "\" y=\"" + std::to_string(kTop + 9) + "\">" + xml_escape(s.name) + "</text>";
    lx += 24 + static_cast<int>(s.name.size()) * 7;
  }
  svg += "</svg>";
  return svg;
}

}  // namespace deskd::agent
