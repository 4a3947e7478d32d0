// The kiosk fleet view: when each kiosk was last heard from, its backlog, how much of the time it was
// connected, lost events, and the content release it runs or refused.
#include "review/review_view.h"

#include <algorithm>

#include "review/view_draw.h"

namespace bk::review {

void ReviewView::DrawKiosks(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out) {
    const auto& fetched = snapshot.kiosks;
    if (!DrawFetchStatus("kiosks", fetched.state, fetched.has_data, fetched.error, out)) return;
    const KioskReport& report = fetched.data;
    if (report.kiosks.empty()) {
        ImGui::TextUnformatted(T("fleet.none"));
        return;
    }
    ImGui::TextUnformatted(Strings()
                               .Fill("fleet.line", {{"kiosks", std::to_string(report.kiosks.size())},
                                                    {"seconds", std::to_string(report.heartbeat_interval_s)}})
                               .c_str());
    Label("fleet-line");
    if (!BeginReportTable("##kiosks", {{"col.kiosk", 1.5f}, {"col.last_seen", 2.5f}, {"col.backlog", 1.0f}, {"col.connected", 2.5f},
                                       {"col.events", 1.7f}, {"col.max_seq", 1.2f}, {"col.missing", 0.9f}, {"col.content", 1.7f}}))
        return;
    // A kiosk silent for more than two heartbeat intervals, with a backlog, or with lost events needs a look.
    const Millis stale_ms = static_cast<Millis>(std::max(report.heartbeat_interval_s, 60)) * 2000;
    for (const KioskHealth& k : report.kiosks) {
        ImGui::PushID(k.id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k.id.c_str());
        ImGui::TableNextColumn();
        const bool stale = !k.last_seen_ts || state.now_ms - *k.last_seen_ts > stale_ms;
        ColouredText(stale ? kBad : IM_COL32(28, 28, 30, 255), FormatTimestamp(k.last_seen_ts, Strings()) + "  (" + FormatAge(k.last_seen_ts, state.now_ms, Strings()) + ")");
        ImGui::TableNextColumn();
        const bool backlog_bad = k.backlog && *k.backlog > 100;
        ColouredText(backlog_bad ? kBad : IM_COL32(28, 28, 30, 255), k.backlog ? std::to_string(*k.backlog) : "-");
        ImGui::TableNextColumn();
        const float width = std::max(ImGui::GetContentRegionAvail().x - Em() * 3.5f, Em() * 2);
        Bar(static_cast<float>(k.connected_share), width, ImGui::GetTextLineHeight(), k.connected_share < 0.9 ? kBad : kGood,
            Strings().Percent(k.connected_share));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(k.events_received));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(k.max_seq));
        ImGui::TableNextColumn();
        ColouredText(k.missing_seq > 0 ? kBad : IM_COL32(28, 28, 30, 255), std::to_string(k.missing_seq));
        // Which release it runs, and in words why it refused the last one (a failed update needs a look).
        ImGui::TableNextColumn();
        const std::string running = k.content_release ? Strings().Fill("fleet.release", {{"n", std::to_string(*k.content_release)}})
                                                      : std::string(T("fleet.local_content"));
        if (k.content_error.empty()) {
            ImGui::TextUnformatted(running.c_str());
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kBad));
            ImGui::TextWrapped("%s", Strings().Fill("fleet.refused", {{"running", running}, {"error", k.content_error}}).c_str());
            ImGui::PopStyleColor();
            Label("kiosk-content-error-" + k.id);
        }
        Label("kiosk-" + k.id);
        ImGui::PopID();
    }
    ImGui::EndTable();
}

}  // namespace bk::review
