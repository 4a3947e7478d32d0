// The help view: did a person come when a citizen asked? The registry's help desk report, per location and
// kiosk, as staff think of their floor.
#include "review/review_view.h"

#include "review/view_draw.h"

namespace bk::review {

void ReviewView::DrawHelpDesk(const Snapshot& snapshot, ReviewActions& out) {
    const auto& fetched = snapshot.help;
    if (!DrawFetchStatus("help", fetched.state, fetched.has_data, fetched.error, out)) return;
    const HelpDeskReport& report = fetched.data;
    const HelpDeskStats& total = report.totals;
    if (total.help_calls == 0 && total.alerts_raised == 0) {
        ImGui::TextUnformatted(T("desk.none"));
        Label("desk-none");
        return;
    }
    ImGui::TextWrapped("%s", Strings()
                                 .Fill("desk.line", {{"calls", std::to_string(total.help_calls)},
                                                     {"unanswered", std::to_string(total.unanswered)},
                                                     {"cancelled", std::to_string(total.cancelled)},
                                                     {"median", Seconds(total.ack_median_s, Strings())},
                                                     {"p90", Seconds(total.ack_p90_s, Strings())},
                                                     {"escalations", std::to_string(total.escalations)},
                                                     {"minutes", Strings().Decimal(static_cast<double>(report.escalation_after_s) / 60.0, 0)}})
                                 .c_str());
    Label("desk-line");
    if (total.alerts_raised > 0) {
        ImGui::TextWrapped("%s", Strings()
                                     .Fill("desk.alerts_line", {{"raised", std::to_string(total.alerts_raised)},
                                                                {"acknowledged", std::to_string(total.alerts_acknowledged)}})
                                     .c_str());
        Label("desk-alerts");
    }
    if (!BeginReportTable("##help-desk", {{"col.location", 2.2f}, {"col.kiosk", 1.6f}, {"col.help", 1.0f}, {"col.unanswered", 1.0f},
                                          {"col.ack_median", 1.3f}, {"col.ack_p90", 1.3f}, {"col.escalations", 1.2f},
                                          {"col.alerts", 1.6f}}))
        return;
    const ImU32 ink = IM_COL32(28, 28, 30, 255);
    auto row = [&](const HelpDeskStats& h, const std::string& location, const std::string& kiosk) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(location.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(kiosk.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(h.help_calls));
        ImGui::TableNextColumn();
        ColouredText(h.unanswered > 0 ? kBad : ink, std::to_string(h.unanswered));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Seconds(h.ack_median_s, Strings()).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Seconds(h.ack_p90_s, Strings()).c_str());
        ImGui::TableNextColumn();
        ColouredText(h.escalations > 0 ? kBad : ink, std::to_string(h.escalations));
        ImGui::TableNextColumn();
        const bool open_alerts = h.alerts_acknowledged < h.alerts_raised;
        ColouredText(open_alerts ? kBad : ink, Strings().Fill("desk.alerts_cell", {{"raised", std::to_string(h.alerts_raised)},
                                                                                  {"acknowledged", std::to_string(h.alerts_acknowledged)}}));
    };
    for (const HelpDeskStats& h : report.kiosks) {
        ImGui::PushID(h.kiosk_id.c_str());
        row(h, h.location.empty() ? T("desk.no_location") : h.location, h.kiosk_id);
        Label("desk-kiosk-" + h.kiosk_id);
        ImGui::PopID();
    }
    row(total, T("desk.total"), "");
    Label("desk-total");
    ImGui::EndTable();
}

}  // namespace bk::review
