// The review console as an application: the controller that turns view actions into report requests,
// and RunReviewConsole() which opens a normal desktop window with GlfwPlatform.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "review/report_client.h"
#include "review/review_options.h"
#include "review/review_view.h"

namespace bk::review {

// Opens the window and runs until it is closed or a stop signal arrives (call BlockStopSignals() first).
// 0 = closed normally, 2 = unreadable token file, 3 = no window.
int RunReviewConsole(const ReviewOptions& options);

// Applies view actions to the state and asks the client for what the new state needs.
class ReviewController {
public:
    ReviewController(ReportClient& client, ReviewState initial);
    void Start();                         // first requests for the initial view
    void Apply(const ReviewActions& actions);
    void OnSnapshot(const Snapshot& snapshot);  // a new snapshot arrived: follow-up requests
    const ReviewState& State() const { return m_state; }
    ReviewState& MutableState() { return m_state; }
    // True once the current view's data (and a chosen service's detail) is on screen.
    static bool ViewLoaded(const ReviewState& state, const Snapshot& snapshot);

private:
    void LoadView();
    TimeRange Range() const;
    std::vector<int> VersionsOf(const Snapshot& snapshot) const;

    ReportClient& m_client;
    ReviewState m_state;
    TimeRange m_range;                   // fixed when the period is chosen, so reloads agree
    std::string m_detail_requested_for;  // service whose detail was requested for the current summary
    std::uint64_t m_summary_stamp = 0;   // fetched_at of the summary the detail request used
};

}  // namespace bk::review
