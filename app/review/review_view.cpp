// The review console's frame: the top bar (views, language, period, refresh, export), the fetch status each
// view starts with, and the dispatch to the view shown, each drawn in its own file: view_strategy.cpp,
// view_service.cpp, view_kiosks.cpp and view_help.cpp; shared drawing in view_draw.cpp.
#include "review/review_view.h"

#include <algorithm>
#include <cstdio>

#include "review/view_draw.h"

namespace bk::review {

const char* ViewName(ViewKind view) {
    switch (view) {
        case ViewKind::Strategy: return "strategy";
        case ViewKind::Service: return "service";
        case ViewKind::Kiosks: return "kiosks";
        case ViewKind::Help: return "help";
    }
    return "strategy";
}

void ApplyReviewStyle(float em) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(em * 0.8f, em * 0.6f);
    style.ItemSpacing = ImVec2(em * 0.6f, em * 0.35f);
    style.CellPadding = ImVec2(em * 0.4f, em * 0.2f);
    style.FramePadding = ImVec2(em * 0.5f, em * 0.25f);
    style.FrameRounding = em * 0.2f;
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.ScrollbarSize = em * 0.8f;
    style.FrameBorderSize = 1.0f;  // text fields must be visible as fields on the pale background
    ImVec4* c = style.Colors;
    c[ImGuiCol_FrameBg] = ImGui::ColorConvertU32ToFloat4(IM_COL32_WHITE);
    c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(IM_COL32(150, 150, 160, 255));
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(IM_COL32(250, 249, 246, 255));
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(IM_COL32(28, 28, 30, 255));
    c[ImGuiCol_Button] = ImGui::ColorConvertU32ToFloat4(IM_COL32(226, 232, 240, 255));
    c[ImGuiCol_ButtonHovered] = ImGui::ColorConvertU32ToFloat4(IM_COL32(200, 214, 232, 255));
    c[ImGuiCol_ButtonActive] = ImGui::ColorConvertU32ToFloat4(IM_COL32(170, 190, 216, 255));
    c[ImGuiCol_Header] = ImGui::ColorConvertU32ToFloat4(IM_COL32(220, 228, 240, 255));
    c[ImGuiCol_TableHeaderBg] = ImGui::ColorConvertU32ToFloat4(IM_COL32(226, 232, 240, 255));
    c[ImGuiCol_TableRowBgAlt] = ImGui::ColorConvertU32ToFloat4(IM_COL32(244, 244, 240, 255));
}

ReviewView::ReviewView(const ui::Fonts& fonts, int text_size) : m_fonts(fonts), m_text_size(std::clamp(text_size, 0, 2)) {}

const ui::Target* ReviewView::FindTarget(const std::string& id) const {
    for (const auto& t : m_targets)
        if (t.id == id) return &t;
    return nullptr;
}

bool ReviewView::HasLabel(const std::string& id) const { return std::find(m_labels.begin(), m_labels.end(), id) != m_labels.end(); }

const std::string* ReviewView::ButtonText(const std::string& id) const {
    auto it = m_button_texts.find(id);
    return it == m_button_texts.end() ? nullptr : &it->second;
}

// [SECTION] Frame: top bar, fetch status

void ReviewView::Draw(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out) {
    m_targets.clear();
    m_labels.clear();
    m_button_texts.clear();
    m_em = m_fonts.sizes[static_cast<std::size_t>(m_text_size)].em;
    m_texts = &Texts::For(state.lang);
    if (state.filter.text != m_filter_seen) {  // typed here, or reset by the controller (a service switch)
        std::snprintf(m_filter_text, sizeof m_filter_text, "%s", state.filter.text.c_str());
        m_filter_seen = state.filter.text;
    }
    if (!m_export_path_synced) {
        std::snprintf(m_export_path, sizeof m_export_path, "%s", state.export_path.c_str());
        m_export_path_synced = true;
    }

    ImGui::PushFont(m_fonts.sizes[static_cast<std::size_t>(m_text_size)].body);
    ui::BeginFullScreen("##review", ImGuiWindowFlags_NoBringToFrontOnFocus);
    DrawTopBar(state, snapshot, out);
    ImGui::Separator();
    ImGui::BeginChild("##content", ImVec2(0, 0), false);
    switch (state.view) {
        case ViewKind::Strategy: DrawStrategy(state, snapshot, out); break;
        case ViewKind::Service: DrawService(state, snapshot, out); break;
        case ViewKind::Kiosks: DrawKiosks(state, snapshot, out); break;
        case ViewKind::Help: DrawHelpDesk(snapshot, out); break;
    }
    ImGui::EndChild();
    ImGui::End();
    ImGui::PopFont();
}

void ReviewView::DrawTopBar(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out) {
    ImGui::PushFont(m_fonts.sizes[static_cast<std::size_t>(m_text_size)].heading);
    ImGui::TextUnformatted(T("app.heading"));
    ImGui::PopFont();
    ImGui::SameLine(0, Em() * 1.5f);
    ImGui::AlignTextToFramePadding();
    if (!snapshot.municipality.empty()) {
        ImGui::TextUnformatted(Strings().Fill("top.municipality", {{"name", snapshot.municipality}}).c_str());
        Label("municipality");
        ImGui::SameLine(0, Em() * 1.5f);
    }
    if (Button("view-strategy", T("view.strategy"), state.view == ViewKind::Strategy)) out.open_view = ViewKind::Strategy;
    ImGui::SameLine();
    if (Button("view-service", T("view.service"), state.view == ViewKind::Service)) out.open_view = ViewKind::Service;
    ImGui::SameLine();
    if (Button("view-kiosks", T("view.kiosks"), state.view == ViewKind::Kiosks)) out.open_view = ViewKind::Kiosks;
    ImGui::SameLine();
    if (Button("view-help", T("view.help"), state.view == ViewKind::Help)) out.open_view = ViewKind::Help;
    // Language, each name in its own language so anyone finds theirs.
    ImGui::SameLine(0, Em() * 3);
    for (const std::string& lang : Texts::Languages()) {
        ImGui::SameLine();
        if (Button("lang-" + lang, T("lang." + lang), state.lang == lang)) out.set_lang = lang;
    }

    // Second row: period, refresh, export.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("top.period"));
    static constexpr const char* kPeriodIds[] = {"period-7", "period-30", "period-90", "period-all"};
    static constexpr const char* kPeriodNames[] = {"period.7", "period.30", "period.90", "period.all"};
    for (std::size_t i = 0; i < kPeriods.size(); ++i) {
        ImGui::SameLine();
        if (Button(kPeriodIds[i], T(kPeriodNames[i]), state.period == kPeriods[i])) out.set_period = kPeriods[i];
    }
    ImGui::SameLine(0, Em() * 1.5f);
    if (Button("refresh", T("top.refresh"))) out.retry = true;
    ImGui::SameLine(0, Em() * 1.5f);
    ImGui::SetNextItemWidth(Em() * 18);
    if (ImGui::InputTextWithHint("##export-path", T("export.path_hint"), m_export_path, sizeof m_export_path))
        out.set_export_path = std::string(m_export_path);
    m_targets.push_back({"export-path", ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    ImGui::SameLine();
    if (Button("export", T("export.csv"))) {
        ExportRequest request;
        switch (state.view) {
            case ViewKind::Strategy: request.kind = ExportKind::Summary; break;
            case ViewKind::Service:  // the version figures; the comments have their own button
                request.kind = ExportKind::Versions;
                request.service = state.service;
                break;
            case ViewKind::Kiosks: request.kind = ExportKind::Kiosks; break;
            case ViewKind::Help: request.kind = ExportKind::Help; break;
        }
        out.export_csv = request;
    }

    // Export result: the path is what the designer needs next, so it is shown in full and selectable.
    const auto& exported = snapshot.exported;
    if (exported.state == FetchState::Loading) {
        ImGui::TextUnformatted(T("export.busy"));
    } else if (exported.state == FetchState::Failed) {
        ColouredText(kBad, Strings().Fill("export.failed", {{"error", exported.error}}));
        Label("export-error");
    } else if (exported.state == FetchState::Ready) {
        ColouredText(kGood, Strings().Fill("export.saved", {{"rows", std::to_string(exported.data.rows)}, {"path", exported.data.path}}));
        Label("export-done");
    }
}

// True when there is data to draw below (possibly stale).
bool ReviewView::DrawFetchStatus(const char* what_id, FetchState fetch, bool has_data, const std::string& error, ReviewActions& out) {
    if (fetch == FetchState::Failed) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(kErrorBg));
        const float line = ImGui::GetTextLineHeightWithSpacing();
        ImGui::BeginChild("##fetch-error", ImVec2(0, line * 3 + ImGui::GetFrameHeightWithSpacing() + Em()), true);
        ImGui::PushFont(m_fonts.sizes[static_cast<std::size_t>(m_text_size)].heading);
        ColouredText(kBad, T("fetch.unreachable"));
        ImGui::PopFont();
        ImGui::TextWrapped("%s", error.c_str());
        if (has_data) ImGui::TextUnformatted(T("fetch.stale_hint"));
        if (Button("retry", T("fetch.retry"))) out.retry = true;
        ImGui::EndChild();
        ImGui::PopStyleColor();
        Label(std::string("error-") + what_id);
    } else if (fetch == FetchState::Loading || (fetch == FetchState::Empty && !has_data)) {
        ColouredText(kMuted, T("fetch.loading"));
        Label(std::string("loading-") + what_id);
    }
    return has_data;
}

}  // namespace bk::review
