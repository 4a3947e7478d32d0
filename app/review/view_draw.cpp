#include "review/view_draw.h"

#include <algorithm>
#include <cmath>

#include "review/review_view.h"

namespace bk::review {

std::string RatingText(const std::optional<double>& rating, const Texts& t) { return rating ? t.Decimal(*rating, 2) : "-"; }

std::string Seconds(const std::optional<double>& s, const Texts& t) {
    if (!s) return "-";
    if (*s < 1) return t.Get("time.under_second");
    if (*s < 120) return t.Fill("time.seconds", {{"n", t.Decimal(*s, 0)}});
    return t.Fill("time.minutes", {{"n", t.Decimal(*s / 60.0, 1)}});
}

ImU32 DirectionColour(double diff, double margin, bool higher_is_better) {
    if (std::fabs(diff) <= margin) return kMuted;
    return (diff > 0) == higher_is_better ? kGood : kBad;
}

void ColouredText(ImU32 colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

void Bar(float share, float width, float height, ImU32 colour, const std::string& overlay) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    draw->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), kBarTrack, 2.0f);
    const float filled = std::clamp(share, 0.0f, 1.0f) * width;
    if (filled > 0) draw->AddRectFilled(pos, ImVec2(pos.x + filled, pos.y + height), colour, 2.0f);
    ImGui::Dummy(ImVec2(width, height));
    if (!overlay.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(overlay.c_str());
    }
}

// [SECTION] ReviewView's helpers: what they draw is recorded as a target or a label for tests

bool ReviewView::Button(const std::string& id, const char* label, bool selected) {
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(kBar));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(IM_COL32_WHITE));
    }
    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::Button(label);
    ImGui::PopID();
    if (selected) ImGui::PopStyleColor(2);
    m_targets.push_back({id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    m_button_texts[id] = label;
    return pressed;
}

void ReviewView::Label(const std::string& id) { m_labels.push_back(id); }

void ReviewView::Heading(const char* text) {
    ImGui::Spacing();
    ImGui::PushFont(m_fonts.sizes[static_cast<std::size_t>(m_text_size)].heading);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

// A bordered table whose columns share the width by weight, with a header row of the console's words.
bool ReviewView::BeginReportTable(const char* id, std::initializer_list<std::pair<const char*, float>> columns) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), flags)) return false;
    for (const auto& [key, weight] : columns) ImGui::TableSetupColumn(T(key), 0, weight);
    ImGui::TableHeadersRow();
    return true;
}

}  // namespace bk::review
