// Shared drawing for the review console's views (review_view.cpp, view_*.cpp): the console's colours, how
// figures are written (a rating, a duration) and coloured, and a bar. ReviewView's own helpers that record
// targets and labels (Button, Label, Heading, BeginReportTable) are defined in view_draw.cpp too.
#pragma once
#include <imgui.h>

#include <optional>
#include <string>

#include "review/review_text.h"

namespace bk::review {

// The console's colours for figures (ApplyReviewStyle sets ImGui's): green is better, orange needs attention,
// grey says neither.
inline constexpr ImU32 kGood = IM_COL32(28, 120, 60, 255);
inline constexpr ImU32 kBad = IM_COL32(190, 70, 20, 255);
inline constexpr ImU32 kMuted = IM_COL32(90, 90, 96, 255);
inline constexpr ImU32 kBar = IM_COL32(22, 72, 122, 255);
inline constexpr ImU32 kBarTrack = IM_COL32(226, 232, 240, 255);
inline constexpr ImU32 kGoodBg = IM_COL32(226, 244, 231, 255);
inline constexpr ImU32 kBadBg = IM_COL32(253, 234, 222, 255);
inline constexpr ImU32 kNeutralBg = IM_COL32(238, 240, 244, 255);
inline constexpr ImU32 kErrorBg = IM_COL32(253, 226, 222, 255);

std::string RatingText(const std::optional<double>& rating, const Texts& t);  // two decimals, "-" when none
// A duration in the console's words: seconds below two minutes, then minutes; "-" when none.
std::string Seconds(const std::optional<double>& s, const Texts& t);
// kGood or kBad by which way `diff` points, kMuted within `margin` of no change.
ImU32 DirectionColour(double diff, double margin, bool higher_is_better = true);
void ColouredText(ImU32 colour, const std::string& text);
// A horizontal bar filled to `share` (0..1) with text on it.
void Bar(float share, float width, float height, ImU32 colour, const std::string& overlay);

}  // namespace bk::review
