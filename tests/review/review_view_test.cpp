// The review view on a NullRunner: each view draws from a hand-made snapshot without tripping ImGui's
// asserts, shows its key figures, and clicks on its targets come back as actions.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "platform/null_runner.h"
#include "review/review_app.h"
#include "review/review_view.h"

namespace bk::review {
namespace {

using nlohmann::json;

// `assisted` of the completions had staff help.
json MetricsJson(int starts, int completions, std::optional<double> rating, int help = 0, int assisted = 0) {
    const int unassisted = completions - assisted;
    return {{"sessions", starts}, {"starts", starts}, {"completions", completions}, {"abandons", starts - completions},
            {"completion_rate", starts > 0 ? static_cast<double>(completions) / starts : 0.0}, {"completed_sessions", completions},
            {"assisted_completions", assisted}, {"unassisted_completions", unassisted},
            {"unassisted_completion_rate", starts > 0 ? static_cast<double>(unassisted) / starts : 0.0}, {"feedback_count", rating ? 4 : 0},
            {"rating_mean", rating ? json(*rating) : json()}, {"task_done_share", {{"yes", 0.5}, {"partly", 0.25}, {"no", 0.25}}},
            {"help_requests", help}, {"help_ack_median_s", 42.0}, {"staff_minutes_saved", unassisted * 10.0}};
}

Snapshot MakeSnapshot() {
    Snapshot s;
    s.municipality = "odder";
    json v2 = MetricsJson(40, 20, 3.0, 8, 6);
    v2["version"] = 2;
    json v3 = MetricsJson(50, 40, 4.2, 5, 2);
    v3["version"] = 3;
    json mitid = MetricsJson(90, 60, 3.7, 13, 8);
    mitid["service"] = "mitid-app";
    mitid["title"] = {{"en", "The MitID app"}};
    mitid["versions"] = {v2, v3};
    json post = MetricsJson(0, 0, std::nullopt);
    post["service"] = "digital-post";
    post["versions"] = json::array();
    json theme = MetricsJson(90, 60, 3.7, 13, 8);
    theme["theme"] = "medvirken";
    theme["name"] = {{"en", "Participation"}};
    theme["services"] = {"mitid-app", "digital-post"};
    const json summary = {{"municipality", "odder"}, {"totals", {{"sessions", 95}, {"events", 700}, {"kiosks", 2}}},
                          {"themes", {theme}}, {"services", {mitid, post}}};
    std::string error;
    EXPECT_TRUE(ParseSummary(summary.dump(), s.summary.data, &error)) << error;
    s.summary.state = FetchState::Ready;
    s.summary.has_data = true;

    ServiceDetail& d = s.service.data;
    d.service = "mitid-app";
    for (int version : {2, 3}) {
        Funnel f;
        f.service = "mitid-app";
        f.version = version;
        f.steps_total = 3;
        f.completed_sessions = version == 2 ? 20 : 40;
        const bool current = version == 3;  // the registry knows step titles for the catalogue's version only
        f.steps = {{0, current ? "What you need" : "", 50, 2, 0.1},
                   {1, current ? "Get the app" : "", 45, 5, version == 2 ? 0.5 : 0.05},
                   {2, current ? "Scan your passport" : "", 20, 1, 0.0}};
        d.funnels.push_back(f);
    }
    d.feedback = {{1'793'613'600'000, 2, 2, "no", "da", "For svært med QR-koden"},
                  {1'793'613'700'000, 3, 5, "yes", "da", "Meget lettere nu"},
                  {1'793'613'800'000, 3, 4, "partly", "en", "A long comment that should wrap across the comment column so that a "
                                                            "designer can read all of it without a tooltip or a second window."}};
    d.help_calls = {{"h1", "resolved", "kiosk-1", "guide", "mitid-app", 0, 30'000, 60'000},
                    {"h2", "open", "kiosk-1", "guide", "mitid-app", 0, std::nullopt, std::nullopt}};
    s.service.state = FetchState::Ready;
    s.service.has_data = true;

    s.kiosks.data.heartbeat_interval_s = 300;
    s.kiosks.data.kiosks = {{"kiosk-1", 1'793'613'600'000, 3, 0.97, 700, 702, 2, 4, ""},
                            {"kiosk-2", std::nullopt, std::nullopt, 0, 0, 0, 0, 3, "release 4: the signature does not match the key"}};
    s.kiosks.state = FetchState::Ready;
    s.kiosks.has_data = true;
    return s;
}

class ReviewViewTest : public ::testing::Test {
protected:
    // The console's desk-size fonts as RunReviewConsole loads them (NullRunner sizes them for a kiosk),
    // and a display tall enough that the service view needs no scrolling.
    ReviewViewTest() : runner(ImVec2(1600, 1000)), view(DeskFonts()) {
        ImGui::GetIO().DisplaySize = ImVec2(1600, 2600);
        ApplyReviewStyle(fonts.sizes[0].em);
        state.now_ms = 1'793'613'900'000;
        snapshot = MakeSnapshot();
    }
    void Frame() {
        runner.Frame([&] {
            ReviewActions a;
            view.Draw(state, snapshot, a);
            Merge(a);
        });
    }
    // Clicks the target's centre; the actions of all three frames are kept.
    bool Click(const std::string& id) {
        const ui::Target* t = view.FindTarget(id);
        if (!t) return false;
        const ImVec2 centre((t->min.x + t->max.x) / 2, (t->min.y + t->max.y) / 2);
        runner.Tap(centre, [&] {
            ReviewActions a;
            view.Draw(state, snapshot, a);
            Merge(a);
        });
        runner.SetMouse(ImVec2(-FLT_MAX, -FLT_MAX), false);
        return true;
    }
    void Merge(const ReviewActions& a) {
        if (a.open_view) got.open_view = a.open_view;
        if (a.open_service) got.open_service = a.open_service;
        if (a.set_period) got.set_period = a.set_period;
        if (a.set_filter) got.set_filter = a.set_filter;
        if (a.export_csv) got.export_csv = a.export_csv;
        if (a.retry) got.retry = true;
        if (a.set_lang) got.set_lang = a.set_lang;
    }

    const ui::Fonts& DeskFonts() {
        fonts_loaded = ui::LoadFonts(fonts, 18.0f * ui::kShortSidePerEm);
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
        ImGui::GetIO().Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
        return fonts;
    }

    NullRunner runner;
    ui::Fonts fonts;
    bool fonts_loaded = false;
    ReviewView view;
    ReviewState state;
    Snapshot snapshot;
    ReviewActions got;
};

TEST_F(ReviewViewTest, StrategyView) {
    ASSERT_TRUE(fonts_loaded);
    Frame();
    for (const char* label : {"municipality", "totals", "theme-medvirken", "strategy-delta-mitid-app", "strategy-unassisted-mitid-app",
                              "strategy-unassisted-digital-post"})
        EXPECT_TRUE(view.HasLabel(label)) << label;
    for (const char* target : {"view-strategy", "view-service", "view-kiosks", "period-7", "period-all", "refresh", "export",
                               "export-path", "open-mitid-app", "open-digital-post"})
        EXPECT_NE(view.FindTarget(target), nullptr) << target;
    ASSERT_TRUE(Click("open-mitid-app"));
    EXPECT_EQ(got.open_service, "mitid-app");
    ASSERT_TRUE(Click("period-7"));
    EXPECT_EQ(got.set_period, Period::Last7Days);
    ASSERT_TRUE(Click("export"));
    ASSERT_TRUE(got.export_csv.has_value());
    EXPECT_EQ(got.export_csv->kind, ExportKind::Summary);
}

TEST_F(ReviewViewTest, ServiceViewShowsTheVersionComparison) {
    state.view = ViewKind::Service;
    state.service = "mitid-app";
    Frame();
    for (const char* label : {"service-mitid-app", "delta-title", "delta-unassisted", "delta-assisted", "delta-completion", "delta-rating",
                              "delta-task", "delta-help", "delta-sessions", "delta-verdict", "version-table", "funnel-v2", "funnel-v3",
                              "ratings-v2", "ratings-v3", "help-times", "comment-count", "comments"})
        EXPECT_TRUE(view.HasLabel(label)) << label;
    // Unaided completion rose (30 % -> 76 %): no warning that staff carried the rise.
    EXPECT_FALSE(view.HasLabel("delta-staff-help-warning"));
    EXPECT_TRUE(view.HasLabel("funnel-title-v3-0"));
    EXPECT_TRUE(view.HasLabel("funnel-title-v3-2"));
    EXPECT_FALSE(view.HasLabel("funnel-title-v2-0")) << "no titles for an older version";
    for (const char* target : {"service-picker", "filter-version-all", "filter-version-2", "filter-version-3", "filter-task-no",
                               "filter-text", "filter-rating", "export-funnel-v2", "export-funnel-v3", "export-comments"})
        EXPECT_NE(view.FindTarget(target), nullptr) << target;
    ASSERT_TRUE(Click("filter-version-3"));
    ASSERT_TRUE(got.set_filter.has_value());
    EXPECT_EQ(got.set_filter->version, 3);
    ASSERT_TRUE(Click("export-funnel-v2"));
    ASSERT_TRUE(got.export_csv.has_value());
    EXPECT_EQ(got.export_csv->kind, ExportKind::Funnel);
    EXPECT_EQ(got.export_csv->version, 2);
    EXPECT_EQ(got.export_csv->service, "mitid-app");
    // The top bar's export is the view's figures per version; the comments have their own export.
    got = {};
    ASSERT_TRUE(Click("export"));
    ASSERT_TRUE(got.export_csv.has_value());
    EXPECT_EQ(got.export_csv->kind, ExportKind::Versions);
    EXPECT_EQ(got.export_csv->service, "mitid-app");
    got = {};
    ASSERT_TRUE(Click("export-comments"));
    ASSERT_TRUE(got.export_csv.has_value());
    EXPECT_EQ(got.export_csv->kind, ExportKind::Feedback);
    EXPECT_EQ(got.export_csv->service, "mitid-app");

    // Filters applied by the controller: nothing matches -> still draws.
    state.filter.text = "no such words";
    Frame();
    EXPECT_FALSE(view.HasLabel("comments"));
    EXPECT_TRUE(view.HasLabel("comment-count"));
}

// More completions, all from more staff help: the card says so in words, and the verdict is not "better".
TEST_F(ReviewViewTest, DeltaWarnsWhenStaffCarriedTheRise) {
    Summary& summary = snapshot.summary.data;
    ServiceSummary& mitid = summary.services[0];
    ASSERT_EQ(mitid.id, "mitid-app");
    auto set = [](Metrics& m, int completed, int assisted) {
        m.completions = m.completed_sessions = completed;
        m.completion_rate = static_cast<double>(completed) / static_cast<double>(m.starts);
        m.assisted_completions = assisted;
        m.unassisted_completions = completed - assisted;
        m.unassisted_completion_rate = static_cast<double>(completed - assisted) / static_cast<double>(m.sessions);
        m.rating_mean = 4.0;
    };
    set(mitid.versions[0].metrics, 20, 0);   // v2: 20 of 40 = 50 %, all unaided
    set(mitid.versions[1].metrics, 40, 15);  // v3: 40 of 50 = 80 % in total, 25 unaided = 50 %
    const auto delta = LatestDelta(mitid);
    ASSERT_TRUE(delta);
    EXPECT_TRUE(delta->rise_from_staff_help);
    EXPECT_EQ(delta->verdict, Verdict::NotYetClear);  // 25 of 50 against 20 of 40: far too few to tell
    state.view = ViewKind::Service;
    state.service = "mitid-app";
    Frame();
    EXPECT_TRUE(view.HasLabel("delta-staff-help-warning"));
    EXPECT_TRUE(view.HasLabel("delta-verdict"));
    EXPECT_TRUE(view.HasLabel("delta-evidence"));
    EXPECT_TRUE(view.HasLabel("version-table"));
}

// Two versions both run at random against each other: the card compares those sessions and says "side by
// side"; with the registry's randomised figures for one version only, or the older one's from another test, it
// is the before/after card, labelled as such.
TEST_F(ReviewViewTest, TheCardSaysWhetherItComparesSideBySideOrBeforeAfter) {
    state.view = ViewKind::Service;
    state.service = "mitid-app";
    Frame();
    EXPECT_TRUE(view.HasLabel("delta-kind-before-after"));
    EXPECT_FALSE(view.HasLabel("delta-kind-side-by-side"));
    EXPECT_TRUE(view.HasLabel("delta-rating"));
    EXPECT_FALSE(view.HasLabel("version-table-side-by-side")) << "no version was given at random";

    ServiceSummary& mitid = snapshot.summary.data.services[0];
    ASSERT_EQ(mitid.id, "mitid-app");
    auto random = [](Metrics& m, int sessions, int completed, int assisted) {
        m.sessions = sessions;
        m.completed_sessions = completed;
        m.assisted_completions = assisted;
        m.unassisted_completions = completed - assisted;
        m.unassisted_completion_rate = static_cast<double>(completed - assisted) / sessions;
    };
    random(mitid.versions[1].side_by_side[2], 30, 20, 2);  // v3 against v2: 18 of 30 without help
    Frame();
    EXPECT_TRUE(view.HasLabel("delta-kind-before-after")) << "v2 has no randomised sessions yet";
    EXPECT_TRUE(view.HasLabel("version-table-side-by-side"));
    EXPECT_TRUE(view.HasLabel("version-table-side-by-side-v3"));
    EXPECT_TRUE(view.HasLabel("version-table-side-by-side-v2"));  // 0 of its 40

    // v2's visits from an earlier test against v1 met other weeks: still before/after.
    random(mitid.versions[0].side_by_side[1], 20, 15, 0);
    Frame();
    EXPECT_TRUE(view.HasLabel("delta-kind-before-after")) << "v2 was drawn against v1, not against v3";
    EXPECT_FALSE(LatestDelta(mitid)->side_by_side);

    random(mitid.versions[0].side_by_side[3], 30, 16, 1);  // v2 against v3: 15 of 30
    const auto delta = LatestDelta(mitid);
    ASSERT_TRUE(delta);
    EXPECT_TRUE(delta->side_by_side);
    EXPECT_EQ(delta->sessions_newer, 30);
    EXPECT_EQ(delta->sessions_older, 30) << "v2's 20 visits against v1 are left out";
    EXPECT_EQ(delta->verdict, Verdict::NotYetClear);
    Frame();
    EXPECT_TRUE(view.HasLabel("delta-kind-side-by-side"));
    EXPECT_FALSE(view.HasLabel("delta-kind-before-after"));
    // No randomised rating, task or help figures: those rows are left out rather than mixed in.
    EXPECT_FALSE(view.HasLabel("delta-rating"));
    EXPECT_FALSE(view.HasLabel("delta-help"));
    for (const char* label : {"delta-title", "delta-unassisted", "delta-assisted", "delta-sessions", "delta-verdict", "delta-evidence"})
        EXPECT_TRUE(view.HasLabel(label)) << label;
    EXPECT_EQ(Texts::For("da").Get("delta.kind_side_by_side").rfind("Side om side (tilfældig fordeling)", 0), 0u);
    EXPECT_EQ(Texts::For("en").Get("delta.kind_side_by_side").rfind("Side by side (random assignment)", 0), 0u);
    EXPECT_EQ(Texts::For("da").Get("delta.kind_before_after").rfind("Før/efter (ikke side om side)", 0), 0u);
}

// v2 ran against v1, later v3 against v2: the table's random row shows the compared pair's draws against each
// other only, and the card follows the pair chosen.
TEST_F(ReviewViewTest, TheRandomRowShowsTheComparedPairsTestOnly) {
    state.view = ViewKind::Service;
    state.service = "mitid-app";
    ServiceSummary& mitid = snapshot.summary.data.services[0];
    ASSERT_EQ(mitid.id, "mitid-app");
    auto drawn = [](int sessions, int unassisted) {
        Metrics m;
        m.sessions = sessions;
        m.completed_sessions = m.unassisted_completions = unassisted;
        m.unassisted_completion_rate = static_cast<double>(unassisted) / sessions;
        return m;
    };
    VersionSummary v1{1, drawn(20, 10), {{2, drawn(20, 10)}}};
    mitid.versions.insert(mitid.versions.begin(), v1);
    mitid.versions[1].side_by_side = {{1, drawn(20, 18)}, {3, drawn(15, 6)}};  // v2
    mitid.versions[2].side_by_side = {{2, drawn(15, 12)}};                     // v3
    Frame();  // v3 vs v2, the newest two
    EXPECT_TRUE(view.HasLabel("delta-kind-side-by-side"));
    EXPECT_TRUE(view.HasLabel("version-table-side-by-side-v3"));
    EXPECT_TRUE(view.HasLabel("version-table-side-by-side-v2"));
    EXPECT_FALSE(view.HasLabel("version-table-side-by-side-v1")) << "v1 is not in this comparison";
    EXPECT_EQ(Texts::For("en").Fill("row.side_by_side", {{"newer", "3"}, {"older", "2"}}), "  of them given at random, v3 vs v2");

    state.compare_newer = 2;
    state.compare_older = 1;
    Frame();
    EXPECT_TRUE(view.HasLabel("delta-kind-side-by-side"));
    EXPECT_TRUE(view.HasLabel("version-table-side-by-side-v2"));
    EXPECT_TRUE(view.HasLabel("version-table-side-by-side-v1"));
    EXPECT_FALSE(view.HasLabel("version-table-side-by-side-v3"));

    state.compare_newer = 3;  // never ran against v1: before/after, no random row
    Frame();
    EXPECT_TRUE(view.HasLabel("delta-kind-before-after"));
    EXPECT_FALSE(view.HasLabel("version-table-side-by-side"));
}

TEST_F(ReviewViewTest, ServiceWithoutDetailOrWithOneVersion) {
    state.view = ViewKind::Service;
    state.service = "digital-post";  // no versions, no detail for it
    Frame();
    EXPECT_TRUE(view.HasLabel("service-digital-post"));
    EXPECT_FALSE(view.HasLabel("delta-title"));
    state.service = "unknown";
    Frame();
    EXPECT_NE(view.FindTarget("service-picker"), nullptr);
}

TEST_F(ReviewViewTest, KioskView) {
    state.view = ViewKind::Kiosks;
    Frame();
    EXPECT_TRUE(view.HasLabel("fleet-line"));
    EXPECT_TRUE(view.HasLabel("kiosk-kiosk-1"));
    EXPECT_TRUE(view.HasLabel("kiosk-kiosk-2"));
    // A failed update is told in words on its kiosk's row only.
    EXPECT_TRUE(view.HasLabel("kiosk-content-error-kiosk-2"));
    EXPECT_FALSE(view.HasLabel("kiosk-content-error-kiosk-1"));
    ASSERT_TRUE(Click("export"));
    ASSERT_TRUE(got.export_csv.has_value());
    EXPECT_EQ(got.export_csv->kind, ExportKind::Kiosks);
}

TEST_F(ReviewViewTest, OtherMunicipalitiesSideBySide) {
    state.view = ViewKind::Service;
    state.service = "mitid-app";
    MunicipalityFigures odder;
    odder.municipality = "odder";
    odder.name = {{"da", "Odder Kommune"}};
    odder.you = true;
    odder.sessions = 40;
    odder.unassisted_completions = 20;
    odder.version = 3;
    odder.largest_drop_off = MunicipalityFigures::DropOff{1, {{"da", "Hent appen"}}, 0.25};
    MunicipalityFigures esbjerg = odder;
    esbjerg.municipality = "esbjerg";
    esbjerg.name = {};
    esbjerg.you = false;
    esbjerg.largest_drop_off.reset();
    snapshot.service.data.comparison = Comparison{true, {esbjerg, odder}};
    Frame();
    EXPECT_TRUE(view.HasLabel("compare-odder"));
    EXPECT_TRUE(view.HasLabel("compare-esbjerg"));
    EXPECT_FALSE(view.HasLabel("compare-not-sharing"));

    // Not sharing: said in words with how to turn it on; no table of others.
    snapshot.service.data.comparison = Comparison{false, {odder}};
    Frame();
    EXPECT_TRUE(view.HasLabel("compare-not-sharing"));
    EXPECT_FALSE(view.HasLabel("compare-odder"));
    // Sharing, but nobody else ran the guide.
    snapshot.service.data.comparison = Comparison{true, {odder}};
    Frame();
    EXPECT_TRUE(view.HasLabel("compare-alone"));
    // An older registry without the report: the rest of the view stays.
    snapshot.service.data.comparison.reset();
    snapshot.service.data.comparison_error = "HTTP 404: no such endpoint";
    Frame();
    EXPECT_TRUE(view.HasLabel("compare-unavailable"));
    EXPECT_TRUE(view.HasLabel("comments"));
}

TEST_F(ReviewViewTest, HelpDeskView) {
    state.view = ViewKind::Help;
    HelpDeskStats one{"Odder Bibliotek", "kiosk-1", 3, 2, 0, 1, 1, 42.0, 150.0, 2, 1};
    HelpDeskStats total = one;
    total.location = total.kiosk_id = "";
    snapshot.help.data = {180, {one}, total};
    snapshot.help.state = FetchState::Ready;
    snapshot.help.has_data = true;
    Frame();
    for (const char* label : {"desk-line", "desk-alerts", "desk-kiosk-kiosk-1", "desk-total"}) EXPECT_TRUE(view.HasLabel(label)) << label;
    EXPECT_FALSE(view.HasLabel("desk-none"));
    ASSERT_TRUE(Click("export"));
    ASSERT_TRUE(got.export_csv.has_value());
    EXPECT_EQ(got.export_csv->kind, ExportKind::Help);
    got = {};
    ASSERT_TRUE(Click("view-help"));
    EXPECT_EQ(got.open_view, ViewKind::Help);

    // No calls and no alerts: said in words, no empty table.
    snapshot.help.data = {180, {}, HelpDeskStats{}};
    Frame();
    EXPECT_TRUE(view.HasLabel("desk-none"));
    EXPECT_FALSE(view.HasLabel("desk-total"));
}

TEST_F(ReviewViewTest, UnreachableRegistryShowsRetry) {
    for (ViewKind v : {ViewKind::Strategy, ViewKind::Service, ViewKind::Kiosks, ViewKind::Help}) {
        state.view = v;
        state.service = "mitid-app";
        Snapshot failed;
        failed.summary.state = FetchState::Failed;
        failed.summary.error = "cannot reach the registry at http://127.0.0.1:1: Couldn't connect to server";
        failed.kiosks.state = FetchState::Failed;
        failed.kiosks.error = failed.summary.error;
        failed.help.state = FetchState::Failed;
        failed.help.error = failed.summary.error;
        snapshot = failed;
        got = {};
        Frame();
        const char* error_label = v == ViewKind::Kiosks ? "error-kiosks" : v == ViewKind::Help ? "error-help" : "error-summary";
        EXPECT_TRUE(view.HasLabel(error_label)) << ViewName(v);
        ASSERT_TRUE(Click("retry")) << ViewName(v);
        EXPECT_TRUE(got.retry);
    }
    // Loading, nothing yet.
    snapshot = Snapshot{};
    snapshot.summary.state = FetchState::Loading;
    state.view = ViewKind::Strategy;
    Frame();
    EXPECT_TRUE(view.HasLabel("loading-summary"));
    // Stale data stays visible under the error.
    snapshot = MakeSnapshot();
    snapshot.summary.state = FetchState::Failed;
    snapshot.summary.error = "registry answered HTTP 500";
    Frame();
    EXPECT_TRUE(view.HasLabel("error-summary"));
    EXPECT_TRUE(view.HasLabel("totals"));
}


// The bug: the controller resets the comment filter when the service changes, but the text box kept
// showing (and, once typed in, sending back) the old text. Driven through the real controller.
TEST_F(ReviewViewTest, FilterBoxIsEmptyAfterAServiceSwitch) {
    ClientConfig config;
    config.base_url = "http://127.0.0.1:1";  // nothing listens; the view draws from the hand-made snapshot
    ReportClient client(config, [] {});
    ReviewState initial = state;
    initial.view = ViewKind::Service;
    initial.service = "mitid-app";
    ReviewController controller(client, initial);
    auto frame = [&] {
        runner.Frame([&] {
            ReviewActions a;
            view.Draw(controller.State(), snapshot, a);
            controller.Apply(a);
        });
    };
    auto type = [&](const char* text) {
        for (const char* c = text; *c; ++c) ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(*c));
        frame();
    };
    frame();
    const ui::Target* box = view.FindTarget("filter-text");
    ASSERT_NE(box, nullptr);
    const ImVec2 centre((box->min.x + box->max.x) / 2, (box->min.y + box->max.y) / 2);
    runner.Tap(centre, [&] {
        ReviewActions a;
        view.Draw(controller.State(), snapshot, a);
        controller.Apply(a);
    });
    type("qr");
    frame();
    ASSERT_EQ(controller.State().filter.text, "qr");
    ASSERT_EQ(view.FilterText(), "qr");

    // The box still has the keyboard focus when the service changes (as after picking from the list).
    ReviewActions open;
    open.open_service = "digital-post";
    controller.Apply(open);
    EXPECT_EQ(controller.State().filter.text, "");
    frame();
    EXPECT_EQ(view.FilterText(), "");
    open.open_service = "mitid-app";
    controller.Apply(open);
    frame();
    ASSERT_NE(view.FindTarget("filter-text"), nullptr);
    EXPECT_EQ(view.FilterText(), "") << "the box shows the old service's filter";
    EXPECT_EQ(controller.State().filter.text, "");

    // Typing again starts from the empty box, not from the old text.
    const ui::Target* again = view.FindTarget("filter-text");
    runner.Tap(ImVec2((again->min.x + again->max.x) / 2, (again->min.y + again->max.y) / 2), [&] {
        ReviewActions a;
        view.Draw(controller.State(), snapshot, a);
        controller.Apply(a);
    });
    type("x");
    EXPECT_EQ(controller.State().filter.text, "x");
    EXPECT_EQ(view.FilterText(), "x");
}


// Designers are Danish and Norwegian: the console speaks Danish unless told otherwise, and its language
// switch offers the other two.
TEST_F(ReviewViewTest, DanishByDefaultAndTheLanguageSwitch) {
    ASSERT_EQ(ReviewState{}.lang, "da");
    state.view = ViewKind::Service;
    state.service = "mitid-app";
    Frame();
    auto text = [&](const std::string& id) {
        const std::string* words = view.ButtonText(id);
        return words ? *words : "(not drawn: " + id + ")";
    };
    EXPECT_EQ(text("view-strategy"), "Strategi");
    EXPECT_EQ(text("refresh"), "Opdatér");
    EXPECT_EQ(text("period-7"), "Seneste 7 dage");
    EXPECT_EQ(text("filter-task-partly"), "delvis");
    EXPECT_EQ(text("export-comments"), "Eksportér kommentarer (CSV)");
    for (const char* lang : {"lang-da", "lang-en", "lang-nb"}) EXPECT_NE(view.ButtonText(lang), nullptr) << lang;

    ASSERT_TRUE(Click("lang-nb"));
    ASSERT_EQ(got.set_lang, "nb");
    state.lang = *got.set_lang;  // as the controller applies it
    Frame();
    EXPECT_EQ(text("view-service"), "Tjeneste");
    EXPECT_EQ(text("filter-task-no"), "nei");
    state.lang = "en";
    Frame();
    EXPECT_EQ(text("view-kiosks"), "Kiosk fleet");
    EXPECT_EQ(text("refresh"), "Refresh");
}

// Every key of the console's words exists in Danish, English and Norwegian, with the same {placeholders}.
TEST(ReviewTexts, EveryKeyInEveryLanguage) {
    const Texts& da = Texts::For("da");
    ASSERT_GT(da.Keys().size(), 100u);
    auto placeholders = [](const std::string& text) {
        std::set<std::string> names;
        for (std::size_t at = 0; (at = text.find('{', at)) != std::string::npos; ++at) names.insert(text.substr(at, text.find('}', at) - at));
        return names;
    };
    for (const char* lang : {"en", "nb"}) {
        const Texts& other = Texts::For(lang);
        EXPECT_EQ(other.Keys(), da.Keys()) << lang << " has other keys than da";
        for (const std::string& key : da.Keys()) {
            EXPECT_EQ(placeholders(other.Get(key)), placeholders(da.Get(key))) << lang << " " << key;
            EXPECT_FALSE(other.Get(key).empty()) << lang << " " << key;
        }
    }
    EXPECT_EQ(Texts::For("de").Lang(), "da") << "an unknown language falls back to Danish";
    EXPECT_EQ(da.Get("no.such.key"), "no.such.key") << "a missing key shows as itself";
}

TEST(ReviewTexts, NumbersAsEachLanguageWritesThem) {
    EXPECT_EQ(Texts::For("da").Decimal(3.7, 2), "3,70");
    EXPECT_EQ(Texts::For("en").Decimal(3.7, 2), "3.70");
    EXPECT_EQ(Texts::For("nb").Percent(0.76), "76 %");
    EXPECT_EQ(Texts::For("en").Percent(0.76), "76%");
    EXPECT_EQ(Texts::For("da").SignedDecimal(1.2, 2), "+1,20");
    EXPECT_EQ(Texts::For("da").SignedDecimal(-0.001, 2), "0,00");
    EXPECT_EQ(Texts::For("da").Fill("funnel.done", {{"done", "3"}, {"started", "5"}, {"assisted", "1"}}), "Gennemført: 3 af 5 (1 med hjælp)");
}

}  // namespace
}  // namespace bk::review
