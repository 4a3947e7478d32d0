// The service view, one guide: its versions compared (the delta card), its figures per version, drop-off per
// step, ratings, help response times, other municipalities side by side, and the comments with their filter.
#include "review/review_view.h"

#include <algorithm>
#include <cstdint>

#include "review/view_draw.h"
#include "ui/bidi.h"

namespace bk::review {

void ReviewView::DrawServicePicker(const ReviewState& state, const Summary& summary, ReviewActions& out) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("service.choose"));
    ImGui::SameLine();
    const ServiceSummary* current = summary.FindService(state.service);
    ImGui::SetNextItemWidth(Em() * 20);
    const std::string preview = current ? InLanguage(current->titles, Strings().Lang(), current->title) : state.service;
    if (ImGui::BeginCombo("##service", preview.c_str())) {
        for (const ServiceSummary& s : summary.services) {
            if (ImGui::Selectable((InLanguage(s.titles, Strings().Lang(), s.title) + "##" + s.id).c_str(), s.id == state.service)) out.open_service = s.id;
        }
        ImGui::EndCombo();
    }
    m_targets.push_back({"service-picker", ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

void ReviewView::DrawService(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out) {
    const auto& summary_fetch = snapshot.summary;
    if (!DrawFetchStatus("summary", summary_fetch.state, summary_fetch.has_data, summary_fetch.error, out)) return;
    const Summary& summary = summary_fetch.data;
    DrawServicePicker(state, summary, out);
    const ServiceSummary* service = summary.FindService(state.service);
    if (!service) {
        ImGui::TextUnformatted(T("service.pick"));
        return;
    }
    ImGui::SameLine(0, Em() * 2);
    ImGui::PushFont(m_fonts.sizes[static_cast<std::size_t>(m_text_size)].heading);
    ImGui::TextUnformatted(InLanguage(service->titles, Strings().Lang(), service->title).c_str());
    ImGui::PopFont();
    Label("service-" + service->id);

    // The comparison first: it is the question the designer came with.
    int newer = 0, older = 0;
    if (service->versions.size() >= 2) {
        newer = state.compare_newer;
        older = state.compare_older;
        if (!service->FindVersion(newer) || !service->FindVersion(older) || newer == older) {
            newer = service->versions[service->versions.size() - 1].version;
            older = service->versions[service->versions.size() - 2].version;
        }
        if (service->versions.size() > 2) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(T("service.compare"));
            for (const auto& v : service->versions) {
                ImGui::SameLine();
                if (Button("newer-v" + std::to_string(v.version), ("v" + std::to_string(v.version) + "##n").c_str(), v.version == newer))
                    out.compare = std::make_pair(v.version, older);
            }
            ImGui::SameLine(0, Em());
            ImGui::TextUnformatted(T("service.with"));
            for (const auto& v : service->versions) {
                ImGui::SameLine();
                if (Button("older-v" + std::to_string(v.version), ("v" + std::to_string(v.version) + "##o").c_str(), v.version == older))
                    out.compare = std::make_pair(newer, v.version);
            }
        }
        DrawDelta(CompareSideBySideOrBeforeAfter(*service->FindVersion(newer), *service->FindVersion(older)));
    } else {
        ColouredText(kMuted, T("service.only_one_version"));
    }

    Heading(T("table.figures_per_version"));
    DrawVersionTable(*service, newer, older);

    const auto& detail_fetch = snapshot.service;
    const bool detail_matches = detail_fetch.data.service == service->id;
    if (!DrawFetchStatus("service", detail_fetch.state, detail_fetch.has_data && detail_matches, detail_fetch.error, out)) return;
    const ServiceDetail& detail = detail_fetch.data;
    DrawFunnels(state, *service, detail, out);
    DrawRatings(*service, detail);
    DrawHelpTimes(*service, detail);
    DrawComparison(state, detail);
    DrawComments(state, *service, detail, out);
}

void ReviewView::DrawDelta(const VersionDelta& d) {
    const ImU32 background = d.verdict == Verdict::Better ? kGoodBg : d.verdict == Verdict::Worse ? kBadBg : kNeutralBg;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(background));
    // Title, what kind of comparison it is, the figure rows (seven; four side by side, which has no randomised
    // rating, task or help figures), verdict, and the staff-help warning when there is one: sized to fit exactly
    // (1.86 children cannot size to their content).
    const int rows = (d.side_by_side ? 4 : 7) + 1;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float heading = m_fonts.sizes[static_cast<std::size_t>(m_text_size)].heading->FontSize + ImGui::GetStyle().ItemSpacing.y;
    const float height = heading * 2 + line * (rows + (d.rise_from_staff_help ? 1 : 0)) + ImGui::GetStyle().WindowPadding.y * 2;
    ImGui::BeginChild("##delta", ImVec2(0, height), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::PushFont(m_fonts.sizes[static_cast<std::size_t>(m_text_size)].heading);
    ImGui::TextUnformatted(Strings().Fill("delta.title", {{"newer", std::to_string(d.newer)}, {"older", std::to_string(d.older)}}).c_str());
    ImGui::PopFont();
    Label("delta-title");
    // Side by side, both versions met the same citizens in the same weeks; before/after, anything else that
    // changed between the periods is mixed into the difference, and the designer should know which it is.
    ColouredText(d.side_by_side ? kGood : kMuted, T(d.side_by_side ? "delta.kind_side_by_side" : "delta.kind_before_after"));
    Label(d.side_by_side ? "delta-kind-side-by-side" : "delta-kind-before-after");

    // Columns: figure | older | newer | change. The first two rows are what the verdict is about.
    const float c1 = Em() * 15, c2 = Em() * 26, c3 = Em() * 37;
    auto row = [&](const char* label_id, const char* name, const std::string& older, const std::string& newer, const std::string& change,
                   ImU32 colour) {
        ImGui::TextUnformatted(name);
        ImGui::SameLine(c1);
        ImGui::Text("v%d: %s", d.older, older.c_str());
        ImGui::SameLine(c2);
        ImGui::Text("v%d: %s", d.newer, newer.c_str());
        ImGui::SameLine(c3);
        ColouredText(colour, change);
        Label(label_id);
    };
    auto points = [&](double diff) { return Strings().Fill("delta.points", {{"value", Strings().SignedDecimal(diff * 100.0, 1)}}); };
    row("delta-unassisted", T("delta.unassisted"), ShareOf(d.unassisted_older, d.sessions_older, Strings()),
        ShareOf(d.unassisted_newer, d.sessions_newer, Strings()), points(d.unassisted_rate_diff),
        DirectionColour(d.unassisted_rate_diff, kCompletionMargin));
    row("delta-assisted", T("delta.assisted"), ShareOf(d.assisted_older, d.sessions_older, Strings()), ShareOf(d.assisted_newer, d.sessions_newer, Strings()),
        points(d.assisted_share_diff), DirectionColour(d.assisted_share_diff, kCompletionMargin, false));
    // In all = with + without help: not judged, a rise here may be staff's doing (the two rows above tell).
    row("delta-completion", T("delta.completion"), Strings().Percent(d.completion_older), Strings().Percent(d.completion_newer), points(d.completion_diff),
        kMuted);
    if (!d.side_by_side) {
        row("delta-rating", T("delta.rating"), RatingText(d.rating_older, Strings()), RatingText(d.rating_newer, Strings()),
            d.rating_diff ? Strings().Fill("delta.stars", {{"value", Strings().SignedDecimal(*d.rating_diff, 2)}}) : std::string("-"),
            d.rating_diff ? DirectionColour(*d.rating_diff, kRatingMargin) : kMuted);
        row("delta-task", T("delta.task_done"), Strings().Percent(d.task_yes_older), Strings().Percent(d.task_yes_newer), points(d.task_yes_diff),
            DirectionColour(d.task_yes_diff, kCompletionMargin));
        const std::string help_older = Strings().Decimal(d.help_per_start_older, 2), help_newer = Strings().Decimal(d.help_per_start_newer, 2);
        row("delta-help", T("delta.help"), help_older, help_newer,
            Strings().SignedDecimal(d.help_per_start_newer - d.help_per_start_older, 2),
            DirectionColour(d.help_per_start_newer - d.help_per_start_older, 0.01, false));
    }
    row("delta-sessions", T("delta.sessions"), std::to_string(d.sessions_older), std::to_string(d.sessions_newer), "", kMuted);

    ImGui::PushFont(m_fonts.sizes[static_cast<std::size_t>(m_text_size)].heading);
    const ImU32 verdict_colour = d.verdict == Verdict::Better ? kGood : d.verdict == Verdict::Worse ? kBad : kMuted;
    ColouredText(verdict_colour, Strings().Fill("delta.verdict", {{"verdict", VerdictText(d.verdict, Strings())}}));
    ImGui::PopFont();
    Label("delta-verdict");
    ImGui::SameLine(0, Em());
    ImGui::AlignTextToFramePadding();
    // The evidence behind the completion part: the 95 % interval of the change, and what is still missing.
    std::string evidence;
    const char* key = d.verdict == Verdict::TooLittleData ? "delta.too_few"
                      : d.significant                     ? "delta.interval_real"
                      : d.verdict == Verdict::NotYetClear ? "delta.interval_unclear"
                                                          : "delta.interval_same";
    evidence = Strings().Fill(key, {{"n", std::to_string(kMinSessionsForVerdict)},
                                    {"low", Strings().SignedDecimal(d.unassisted_diff_low.value_or(0) * 100.0, 0)},
                                    {"high", Strings().SignedDecimal(d.unassisted_diff_high.value_or(0) * 100.0, 0)},
                                    {"more", std::to_string(d.more_sessions_needed)},
                                    {"smallest", Strings().Decimal(kSmallestDifference * 100.0, 0)}});
    ColouredText(kMuted, evidence);
    Label("delta-evidence");
    if (d.rise_from_staff_help) {
        ColouredText(kBad, T("delta.rise_from_staff_help"));
        Label("delta-staff-help-warning");
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void ReviewView::DrawVersionTable(const ServiceSummary& service, int newer, int older) {
    const int columns = 1 + static_cast<int>(service.versions.size()) + 1;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("##versions", columns, flags)) return;
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, Em() * 19);  // room for the longest row name in da/nb
    for (const auto& v : service.versions) {
        ImGui::TableSetupColumn(Strings().Fill("table.version", {{"n", std::to_string(v.version)}}).c_str());
    }
    ImGui::TableSetupColumn(T("table.all_versions"));
    ImGui::TableHeadersRow();
    std::vector<const Metrics*> all;
    for (const auto& v : service.versions) all.push_back(&v.metrics);
    all.push_back(&service.metrics);
    auto row = [&](const char* name, auto&& cell) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
        for (std::size_t i = 0; i < all.size(); ++i) {
            ImGui::TableNextColumn();
            cell(*all[i], i);
        }
    };
    auto integer = [](std::int64_t value) { ImGui::Text("%lld", static_cast<long long>(value)); };
    // The newest version's rates and rating are coloured against the one before it.
    auto versus_previous = [&](std::size_t i, double value, double previous, double margin, const std::string& shown,
                               bool higher_is_better = true) {
        if (i >= 1 && i + 1 == service.versions.size()) ColouredText(DirectionColour(value - previous, margin, higher_is_better), shown);
        else ImGui::TextUnformatted(shown.c_str());
    };
    row(T("row.sessions"), [&](const Metrics& m, std::size_t) { integer(m.sessions); });
    // The two compared versions run side by side: how many of each one's sessions were drawn at random against
    // the other (what the verdict card compares when both have some). Draws from another test (v2 against v1
    // when comparing v3 with v2) are not shown here: they met other weeks.
    const VersionSummary* newer_summary = service.FindVersion(newer);
    const VersionSummary* older_summary = service.FindVersion(older);
    if (newer_summary && older_summary) {
        const std::int64_t newer_drawn = newer_summary->DrawnAgainst(older).sessions;
        const std::int64_t older_drawn = older_summary->DrawnAgainst(newer).sessions;
        if (newer_drawn + older_drawn > 0) {
            const std::string name =
                Strings().Fill("row.side_by_side", {{"newer", std::to_string(newer)}, {"older", std::to_string(older)}});
            row(name.c_str(), [&](const Metrics& m, std::size_t i) {
                if (i == service.versions.size()) {  // all versions: both
                    ImGui::TextUnformatted(ShareOf(newer_drawn + older_drawn, m.sessions, Strings()).c_str());
                    return;
                }
                const int version = service.versions[i].version;
                if (version != newer && version != older) {
                    ImGui::TextUnformatted("-");  // not in this comparison
                    return;
                }
                ImGui::TextUnformatted(ShareOf(version == newer ? newer_drawn : older_drawn, m.sessions, Strings()).c_str());
                Label("version-table-side-by-side-v" + std::to_string(version));
            });
            Label("version-table-side-by-side");
        }
    }
    row(T("row.starts"), [&](const Metrics& m, std::size_t) { integer(m.starts); });
    row(T("row.completions"), [&](const Metrics& m, std::size_t) { integer(m.completions); });
    row(T("row.completion_rate"), [&](const Metrics& m, std::size_t i) {
        versus_previous(i, m.completion_rate, i >= 1 ? all[i - 1]->completion_rate : 0, kCompletionMargin, Strings().Percent(m.completion_rate));
    });
    row(T("row.completed_sessions"), [&](const Metrics& m, std::size_t) { integer(m.completed_sessions); });
    row(T("row.assisted"), [&](const Metrics& m, std::size_t i) {
        versus_previous(i, AssistedShare(m), i >= 1 ? AssistedShare(*all[i - 1]) : 0, kCompletionMargin,
                        ShareOf(m.assisted_completions, m.sessions, Strings()), false);
    });
    row(T("row.unassisted"), [&](const Metrics& m, std::size_t i) {
        versus_previous(i, m.unassisted_completion_rate, i >= 1 ? all[i - 1]->unassisted_completion_rate : 0, kCompletionMargin,
                        ShareOf(m.unassisted_completions, m.sessions, Strings()));
    });
    row(T("row.abandons"), [&](const Metrics& m, std::size_t) { integer(m.abandons); });
    row(T("row.rating"), [&](const Metrics& m, std::size_t i) {
        const bool comparable = m.rating_mean && i >= 1 && all[i - 1]->rating_mean;
        versus_previous(comparable ? i : 0, m.rating_mean.value_or(0), comparable ? *all[i - 1]->rating_mean : 0, kRatingMargin,
                        RatingText(m.rating_mean, Strings()));
    });
    row(T("row.feedback"), [&](const Metrics& m, std::size_t) { integer(m.feedback_count); });
    row(T("row.task_done"), [&](const Metrics& m, std::size_t) {
        ImGui::Text("%s / %s / %s", Strings().Percent(m.task_yes).c_str(), Strings().Percent(m.task_partly).c_str(), Strings().Percent(m.task_no).c_str());
    });
    row(T("row.help"), [&](const Metrics& m, std::size_t) { integer(m.help_requests); });
    row(T("row.minutes"), [&](const Metrics& m, std::size_t) { ImGui::Text("%.0f", m.staff_minutes_saved); });
    ImGui::EndTable();
    Label("version-table");
}

// A table with one column per version of the service, headed "Version N", on its first row.
static bool BeginVersionColumns(const char* id, const ServiceSummary& service, const Texts& texts) {
    const int columns = std::max<int>(1, static_cast<int>(service.versions.size()));
    if (!ImGui::BeginTable(id, columns, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame)) return false;
    for (const auto& v : service.versions) {
        ImGui::TableSetupColumn(texts.Fill("table.version", {{"n", std::to_string(v.version)}}).c_str());
    }
    if (service.versions.empty()) ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    ImGui::TableNextRow();
    return true;
}

void ReviewView::DrawFunnels(const ReviewState& state, const ServiceSummary& service, const ServiceDetail& detail, ReviewActions& out) {
    Heading(T("funnel.title"));
    if (!BeginVersionColumns("##funnels", service, Strings())) return;
    for (const auto& v : service.versions) {
        ImGui::TableNextColumn();
        ImGui::PushID(v.version);
        const Funnel* funnel = detail.FindFunnel(v.version);
        if (!funnel || funnel->steps.empty()) {
            ColouredText(kMuted, T("funnel.none"));
            ImGui::PopID();
            continue;
        }
        // The step that loses the most citizens is the first place to look: it is marked orange.
        std::size_t worst = 0;
        for (std::size_t i = 1; i < funnel->steps.size(); ++i)
            if (funnel->steps[i].drop_off > funnel->steps[worst].drop_off) worst = i;
        const double first = static_cast<double>(std::max<std::int64_t>(funnel->steps[0].views, 1));
        // Room right of the bar for "1234 viewed  -100%" so the drop-off is never clipped by the column.
        const float width = std::max(ImGui::GetContentRegionAvail().x - Em() * 15, Em() * 4);
        for (std::size_t i = 0; i < funnel->steps.size(); ++i) {
            const FunnelStep& step = funnel->steps[i];
            const std::string head = Strings().Fill("funnel.step", {{"n", std::to_string(step.step + 1)}});
            if (step.title.empty()) {
                ImGui::TextUnformatted(head.c_str());
                ImGui::SameLine(Em() * 4);
            } else {
                ColouredText(kMuted, head + "  " + InLanguage(step.titles, Strings().Lang(), step.title));  // the bar goes on the line below
                Label("funnel-title-v" + std::to_string(v.version) + "-" + std::to_string(step.step));
            }
            const std::string views = Strings().Fill("funnel.views", {{"n", std::to_string(step.views)}});
            const bool is_worst = step.drop_off > 0 && i == worst;
            Bar(static_cast<float>(static_cast<double>(step.views) / first), width, ImGui::GetTextLineHeight(), kBar, views);
            if (step.drop_off > 0) {
                const std::string lost = "-" + Strings().Percent(step.drop_off);
                ImGui::SameLine();
                ColouredText(is_worst ? kBad : kMuted, lost);
            }
        }
        const std::string done = Strings().Fill("funnel.done", {{"done", std::to_string(funnel->completed_sessions)},
                                                              {"started", std::to_string(funnel->steps[0].views)},
                                                              {"assisted", std::to_string(funnel->assisted_completed_sessions)}});
        ImGui::TextUnformatted(done.c_str());
        Label("funnel-v" + std::to_string(v.version));
        if (Button("export-funnel-v" + std::to_string(v.version), T("funnel.export"))) {
            ExportRequest request;
            request.kind = ExportKind::Funnel;
            request.service = state.service;
            request.version = v.version;
            out.export_csv = request;
        }
        ImGui::PopID();
    }
    if (service.versions.empty()) {
        ImGui::TableNextColumn();
        ColouredText(kMuted, T("funnel.none"));
    }
    ImGui::EndTable();
}

void ReviewView::DrawRatings(const ServiceSummary& service, const ServiceDetail& detail) {
    Heading(T("ratings.title"));
    if (!BeginVersionColumns("##ratings", service, Strings())) return;
    for (const auto& v : service.versions) {
        ImGui::TableNextColumn();
        const auto counts = RatingCounts(detail.feedback, v.version);
        std::int64_t total = 0;
        for (auto c : counts) total += c;
        const float width = std::max(ImGui::GetContentRegionAvail().x - Em() * 11, Em() * 4);
        for (int stars = 5; stars >= 1; --stars) {
            const std::int64_t n = counts[static_cast<std::size_t>(stars - 1)];
            ImGui::TextUnformatted(Strings().Fill(stars == 1 ? "ratings.one_star" : "ratings.stars", {{"n", std::to_string(stars)}}).c_str());
            ImGui::SameLine(Em() * 5.5f);  // room for "5 stjerner"
            const ImU32 colour = stars >= 4 ? kGood : stars <= 2 ? kBad : kMuted;
            const float share = total > 0 ? static_cast<float>(n) / static_cast<float>(total) : 0.0f;
            Bar(share, width, ImGui::GetTextLineHeight(), colour, std::to_string(n) + (total > 0 ? " (" + Strings().Percent(share) + ")" : ""));
        }
        Label("ratings-v" + std::to_string(v.version));
    }
    if (service.versions.empty()) ImGui::TableNextColumn();
    ImGui::EndTable();
}

void ReviewView::DrawHelpTimes(const ServiceSummary& service, const ServiceDetail& detail) {
    Heading(T("help.title"));
    const ResponseTimes times = HelpResponseTimes(detail.help_calls);
    if (times.calls == 0) {
        ColouredText(kMuted, T("help.none"));
    } else {
        const Texts& t = Strings();
        ImGui::TextUnformatted(t.Fill("help.line", {{"calls", std::to_string(times.calls)},
                                                    {"answered", std::to_string(times.acknowledged)},
                                                    {"open", std::to_string(times.open)}})
                                   .c_str());
        ImGui::TextUnformatted(
            t.Fill("help.times", {{"median", Seconds(times.median_s, t)}, {"p90", Seconds(times.p90_s, t)}, {"max", Seconds(times.max_s, t)}})
                .c_str());
    }
    (void)service;
    Label("help-times");
}

// Where does this guide work better? Side by side with the municipalities that share their figures.
void ReviewView::DrawComparison(const ReviewState& state, const ServiceDetail& detail) {
    Heading(T("compare.title"));
    if (!detail.comparison) {
        ColouredText(kMuted, Strings().Fill("compare.unavailable", {{"error", detail.comparison_error}}));
        Label("compare-unavailable");
        return;
    }
    const Comparison& c = *detail.comparison;
    if (!c.shares) {
        ImGui::TextWrapped("%s", T("compare.not_sharing"));
        Label("compare-not-sharing");
        return;
    }
    if (c.municipalities.size() < 2) {
        ColouredText(kMuted, T("compare.alone"));
        Label("compare-alone");
        return;
    }
    if (!BeginReportTable("##compare", {{"col.municipality", 1.8f}, {"col.sessions", 0.8f}, {"col.unassisted", 1.4f},
                                        {"col.completion", 1.1f}, {"col.rating", 0.9f}, {"col.largest_drop_off", 2.6f}}))
        return;
    for (const MunicipalityFigures& m : c.municipalities) {
        ImGui::PushID(m.municipality.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string name = InLanguage(m.name, state.lang, m.municipality);
        ImGui::TextUnformatted(m.you ? Strings().Fill("compare.you", {{"name", name}}).c_str() : name.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(m.sessions));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ShareOf(m.unassisted_completions, m.sessions, Strings()).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.starts > 0 ? Strings().Percent(m.completion_rate).c_str() : "-");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(RatingText(m.rating_mean, Strings()).c_str());
        ImGui::TableNextColumn();
        if (m.largest_drop_off) {
            const std::string title = InLanguage(m.largest_drop_off->title, state.lang, "");
            ImGui::TextWrapped("%s", Strings()
                                         .Fill("compare.drop_off", {{"step", std::to_string(m.largest_drop_off->step + 1)},
                                                                    {"title", title},
                                                                    {"percent", Strings().Percent(m.largest_drop_off->drop_off)},
                                                                    {"version", std::to_string(m.version.value_or(0))}})
                                         .c_str());
        } else {
            ImGui::TextUnformatted("-");
        }
        Label("compare-" + m.municipality);
        ImGui::PopID();
    }
    ImGui::EndTable();
    // Small numbers mislead: say so rather than let a designer copy a guide on five visits.
    ColouredText(kMuted, Strings().Fill("compare.small_note", {{"sessions", std::to_string(kMinSessionsForVerdict)}}));
}

void ReviewView::DrawComments(const ReviewState& state, const ServiceSummary& service, const ServiceDetail& detail, ReviewActions& out) {
    Heading(T("comments.title"));
    ImGui::SameLine(0, Em() * 1.5f);
    if (Button("export-comments", T("comments.export"))) {
        ExportRequest request;
        request.kind = ExportKind::Feedback;
        request.service = state.service;
        out.export_csv = request;
    }
    CommentFilter filter = state.filter;
    bool changed = false;

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("filter.version"));
    ImGui::SameLine();
    if (Button("filter-version-all", T("filter.any"), filter.version == 0)) filter.version = 0, changed = true;
    for (const auto& v : service.versions) {
        ImGui::SameLine();
        if (Button("filter-version-" + std::to_string(v.version), ("v" + std::to_string(v.version)).c_str(), filter.version == v.version))
            filter.version = v.version, changed = true;
    }
    ImGui::SameLine(0, Em() * 1.5f);
    ImGui::TextUnformatted(T("filter.rating"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(Em() * 9);
    int range[2] = {filter.min_rating, filter.max_rating};
    if (ImGui::SliderInt2("##rating", range, 1, 5)) {
        filter.min_rating = std::min(range[0], range[1]);
        filter.max_rating = std::max(range[0], range[1]);
        changed = true;
    }
    m_targets.push_back({"filter-rating", ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    ImGui::SameLine(0, Em() * 1.5f);
    ImGui::TextUnformatted(T("filter.task"));
    static constexpr const char* kTaskValues[] = {"", "yes", "partly", "no"};
    for (const char* value : kTaskValues) {
        ImGui::SameLine();
        const std::string id = std::string("filter-task-") + (*value ? value : "any");
        if (Button(id, *value ? T(std::string("task.") + value) : T("filter.any"), filter.task_done == value)) filter.task_done = value, changed = true;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("filter.text"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(Em() * 20);
    // One box per service: a box still being edited when the service changes is let go, so it cannot
    // write the old service's text back over the reset buffer.
    ImGui::PushID(state.service.c_str());
    const bool edited = ImGui::InputText("##filter-text", m_filter_text, sizeof m_filter_text);
    ImGui::PopID();
    if (edited) {
        filter.text = m_filter_text;
        changed = true;
    }
    m_targets.push_back({"filter-text", ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    if (changed) out.set_filter = filter;

    const std::vector<FeedbackItem> shown = FilterComments(detail.feedback, state.filter);
    std::size_t with_comment = 0;
    for (const auto& f : detail.feedback) with_comment += !f.comment.empty();
    ImGui::SameLine(0, Em() * 1.5f);
    ImGui::TextUnformatted(
        Strings().Fill("comments.count", {{"shown", std::to_string(shown.size())}, {"total", std::to_string(with_comment)}}).c_str());
    Label("comment-count");
    if (shown.empty()) {
        ColouredText(kMuted, T("comments.none"));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##comments", 6, flags)) return;
    ImGui::TableSetupColumn(T("col.date"));
    ImGui::TableSetupColumn(T("col.version"));
    ImGui::TableSetupColumn(T("col.rating"));
    ImGui::TableSetupColumn(T("col.task"));
    ImGui::TableSetupColumn(T("col.lang"));
    ImGui::TableSetupColumn(T("col.comment"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const FeedbackItem& f : shown) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(FormatTimestamp(f.ts, Strings()).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("v%d", f.version);
        ImGui::TableNextColumn();
        ColouredText(f.rating >= 4 ? kGood : f.rating <= 2 ? kBad : kMuted, std::to_string(f.rating) + " / 5");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.task_done.empty() ? "" : T("task." + f.task_done));  // the registry's yes / partly / no
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.lang.c_str());
        ImGui::TableNextColumn();
        // An Arabic comment is shaped and runs from the right; ImGui's TextWrapped would show its letters apart, reversed.
        ui::WrappedTextItem(f.comment, ImGui::GetColorU32(ImGuiCol_Text));
    }
    ImGui::EndTable();
    Label("comments");
}

}  // namespace bk::review
