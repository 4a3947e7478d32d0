// The strategy view: per strategy theme, its figures and its services', each with the one-line answer whether
// its newest version helped citizens finish on their own.
#include "review/review_view.h"

#include "review/view_draw.h"

namespace bk::review {

void ReviewView::DrawStrategy(const ReviewState&, const Snapshot& snapshot, ReviewActions& out) {
    const auto& fetched = snapshot.summary;
    if (!DrawFetchStatus("summary", fetched.state, fetched.has_data, fetched.error, out)) return;
    const Summary& summary = fetched.data;
    ImGui::TextUnformatted(Strings()
                               .Fill("strategy.totals", {{"sessions", std::to_string(summary.total_sessions)},
                                                         {"events", std::to_string(summary.total_events)},
                                                         {"kiosks", std::to_string(summary.total_kiosks)}})
                               .c_str());
    Label("totals");
    if (summary.themes.empty()) ImGui::TextUnformatted(T("fetch.no_data"));

    for (const ThemeSummary& theme : summary.themes) {
        ImGui::PushID(theme.id.c_str());
        Heading(InLanguage(theme.names, Strings().Lang(), theme.name).c_str());
        Label("theme-" + theme.id);
        const Metrics& m = theme.metrics;
        ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
        const Texts& t = Strings();
        ImGui::TextUnformatted(t.Fill("strategy.theme_line", {{"sessions", std::to_string(m.sessions)},
                                                              {"unassisted", ShareOf(m.unassisted_completions, m.sessions, t)},
                                                              {"completion", t.Percent(m.completion_rate)},
                                                              {"rating", RatingText(m.rating_mean, Strings())},
                                                              {"help", std::to_string(m.help_requests)},
                                                              {"minutes", t.Decimal(m.staff_minutes_saved, 0)}})
                                   .c_str());
        ImGui::PopStyleColor();
        if (theme.services.empty()) {
            ImGui::TextUnformatted(T("strategy.no_services"));
            ImGui::PopID();
            continue;
        }
        const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
        if (ImGui::BeginTable("##services", 9, flags)) {
            // The answer columns (without staff help, newest vs previous) get the room; the one-line answer
            // wraps rather than being cut off in a narrow window.
            ImGui::TableSetupColumn(T("col.service"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
            ImGui::TableSetupColumn(T("col.starts"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
            ImGui::TableSetupColumn(T("col.unassisted"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
            ImGui::TableSetupColumn(T("col.completion"), ImGuiTableColumnFlags_WidthStretch, 1.3f);
            ImGui::TableSetupColumn(T("col.rating"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn(T("col.help"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn(T("col.minutes"), ImGuiTableColumnFlags_WidthStretch, 1.3f);
            ImGui::TableSetupColumn(T("col.latest"), ImGuiTableColumnFlags_WidthStretch, 3.6f);
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, Em() * 4);
            ImGui::TableHeadersRow();
            for (const std::string& id : theme.services) {
                const ServiceSummary* service = summary.FindService(id);
                if (!service) continue;
                const Metrics& s = service->metrics;
                ImGui::PushID(id.c_str());
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                // Wrapped, not cut: "Book tid i Borgerservice (Odder)" and "(Esbjerg)" differ only at the end.
                ImGui::TextWrapped("%s", InLanguage(service->titles, Strings().Lang(), service->title).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(s.starts));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(s.sessions > 0 ? ShareOf(s.unassisted_completions, s.sessions, Strings()).c_str() : "-");
                Label("strategy-unassisted-" + id);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(s.starts > 0 ? Strings().Percent(s.completion_rate).c_str() : "-");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(RatingText(s.rating_mean, Strings()).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(s.help_requests));
                ImGui::TableNextColumn();
                ImGui::Text("%.0f", s.staff_minutes_saved);
                ImGui::TableNextColumn();
                if (auto delta = LatestDelta(*service)) {
                    // The one-line answer to "did the newest version help citizens finish on their own?"
                    const std::string line = DeltaLine(*delta, Strings());
                    const ImU32 colour = delta->verdict == Verdict::Better ? kGood : delta->verdict == Verdict::Worse ? kBad : kMuted;
                    ImGui::PushTextWrapPos(0.0f);
                    ColouredText(colour, line);
                    ImGui::PopTextWrapPos();
                    Label("strategy-delta-" + id);
                } else {
                    ColouredText(kMuted, service->versions.empty() ? "-" : "v" + std::to_string(service->versions.back().version));
                }
                ImGui::TableNextColumn();
                if (Button("open-" + id, T("strategy.open"))) out.open_service = id;
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        ImGui::PopID();
    }
}

}  // namespace bk::review
