// The review console's drawing: ImGui only. Draw() reads the UI state and the latest report snapshot and
// returns what the user asked for as ReviewActions; it changes no state itself (the controller in
// review_app applies the actions). Every clickable thing is recorded as a target with a stable id, so
// headless tests and the screenshot test can find it.
#pragma once
#include <imgui.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "review/report_client.h"
#include "review/review_model.h"
#include "review/review_text.h"
#include "ui/style.h"
#include "ui/widgets.h"

namespace bk::review {

enum class ViewKind { Strategy, Service, Kiosks, Help };
const char* ViewName(ViewKind view);  // "strategy", "service", "kiosks", "help"

// What the console shows; owned by the controller, read by the view.
struct ReviewState {
    ViewKind view = ViewKind::Strategy;
    Period period = Period::Last30Days;
    std::string service;                // the service view's service
    int compare_newer = 0, compare_older = 0;  // 0 = the newest two versions with data
    CommentFilter filter;               // reset by the controller when the service changes
    std::string lang = "da";            // the console's language: da, en or nb
    std::string export_path;            // typed by the user; empty = working dir and a generated name
    Millis now_ms = 0;                  // wall clock for "3 min ago"
};

struct ReviewActions {
    std::optional<ViewKind> open_view;
    std::optional<std::string> open_service;   // also switches to the service view
    std::optional<Period> set_period;
    std::optional<CommentFilter> set_filter;
    std::optional<std::pair<int, int>> compare;  // newer, older
    std::optional<std::string> set_export_path;
    std::optional<std::string> set_lang;         // da, en or nb
    std::optional<ExportRequest> export_csv;     // range and path are filled by the controller
    bool retry = false;                          // reload the current view
    bool Any() const {
        return open_view || open_service || set_period || set_filter || compare || set_export_path || set_lang || export_csv || retry;
    }
};

class ReviewView {
public:
    explicit ReviewView(const ui::Fonts& fonts, int text_size = 0);

    // One frame: a full-window panel. Call inside an ImGui frame.
    void Draw(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out);

    const std::vector<ui::Target>& Targets() const { return m_targets; }
    const ui::Target* FindTarget(const std::string& id) const;
    // Labels of key figures drawn this frame ("delta-completion", "funnel-v2", ...): what tests check.
    const std::vector<std::string>& Labels() const { return m_labels; }
    bool HasLabel(const std::string& id) const;
    // The words on a button drawn this frame (nullptr when not drawn): what a test reads to know the language.
    const std::string* ButtonText(const std::string& id) const;
    // What the comment filter box shows now.
    std::string FilterText() const { return m_filter_text; }

private:
    // [SECTION] Parts: the frame around every view (review_view.cpp), then one file per view: view_strategy.cpp,
    // view_service.cpp (DrawService to DrawComments), view_kiosks.cpp, view_help.cpp (DrawHelpDesk)
    void DrawTopBar(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out);
    bool DrawFetchStatus(const char* what_id, FetchState fetch, bool has_data, const std::string& error, ReviewActions& out);
    void DrawStrategy(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out);
    void DrawService(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out);
    void DrawServicePicker(const ReviewState& state, const Summary& summary, ReviewActions& out);
    void DrawDelta(const VersionDelta& delta);
    // `newer`/`older`: the versions the card compares (0 with one version), whose draws against each other it shows.
    void DrawVersionTable(const ServiceSummary& service, int newer, int older);
    void DrawFunnels(const ReviewState& state, const ServiceSummary& service, const ServiceDetail& detail, ReviewActions& out);
    void DrawRatings(const ServiceSummary& service, const ServiceDetail& detail);
    void DrawHelpTimes(const ServiceSummary& service, const ServiceDetail& detail);
    void DrawComparison(const ReviewState& state, const ServiceDetail& detail);
    void DrawComments(const ReviewState& state, const ServiceSummary& service, const ServiceDetail& detail, ReviewActions& out);
    void DrawKiosks(const ReviewState& state, const Snapshot& snapshot, ReviewActions& out);
    void DrawHelpDesk(const Snapshot& snapshot, ReviewActions& out);

    // [SECTION] Helpers (view_draw.cpp, with the drawing the views share)
    bool Button(const std::string& id, const char* label, bool selected = false);
    void Label(const std::string& id);  // records the last item as a key figure
    void Heading(const char* text);
    // ImGui::BeginTable with weighted columns and their header row; call ImGui::EndTable() when it returns true.
    bool BeginReportTable(const char* id, std::initializer_list<std::pair<const char*, float>> columns);
    float Em() const { return m_em; }
    const Texts& Strings() const { return *m_texts; }
    const char* T(std::string_view key) const { return m_texts->Get(key).c_str(); }

    const ui::Fonts& m_fonts;
    int m_text_size;
    float m_em = 16;
    const Texts* m_texts = &Texts::For("da");  // the state's language, set at the start of each frame
    std::vector<ui::Target> m_targets;
    std::vector<std::string> m_labels;
    std::map<std::string, std::string> m_button_texts;  // target id -> the words on it
    // ImGui edits these buffers in place; they follow the state whenever the controller changes it.
    char m_filter_text[128] = {};
    std::string m_filter_seen;          // the state's filter text when the buffer last followed it
    char m_export_path[512] = {};
    bool m_export_path_synced = false;
};

// Colours of the console (light, calm; orange marks what needs attention). Sets ImGui's style.
void ApplyReviewStyle(float em);

}  // namespace bk::review
