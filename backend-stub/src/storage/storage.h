// Storage behind one interface: the registry talks only to `Storage`. Both engines share their SQL in SqlStorage
// (sql_storage.h): SqliteStorage (sqlite/) serves one municipality from a file, PgStorage (postgres/) a region or
// the country, with several registry processes.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "src/ingest/aggregates.h"
#include "src/ingest/event_row.h"

namespace bk::registry {

inline constexpr int64_t kForever = std::numeric_limits<int64_t>::max();

// [from, to) in UTC ms; the default is all time.
struct TimeRange {
    int64_t from = 0;
    int64_t to = kForever;
};

enum class TokenKind { Kiosk, Reader, Staff };

struct TokenRecord {
    TokenKind kind = TokenKind::Kiosk;
    std::string municipality;
    std::string kiosk_id;  // kiosk tokens only
    std::string name;      // reader and staff tokens only
};

struct HelpCall {
    std::string id;
    std::string municipality;
    std::string kiosk_id;
    std::string session;
    std::string screen;
    std::string service;
    std::optional<int> step;   // the guide step the citizen is on (0-based), when in a guide
    std::string lang;          // the citizen's language ("" = not sent by an older kiosk)
    std::string location;      // the kiosk's location name from its profile ("" = not sent)
    // Seconds unanswered before the call counts as escalated (the kiosk's profile, else the registry's
    // --escalation-after-s at creation); nullopt only for calls stored before it existed.
    std::optional<int> escalate_after_s;
    std::string status = "open";  // open | acknowledged | resolved
    int64_t created_ts = 0;
    std::optional<int64_t> ack_ts;
    std::optional<int64_t> resolved_ts;
};

// An alert on bad experiences: a kiosk or a service got many unhappy ratings in a short window (alerts.h).
struct Alert {
    std::string id;
    std::string municipality;
    std::string subject_kind;  // "kiosk" | "service"
    std::string subject;       // the kiosk id or the service id
    int64_t raised_ts = 0;
    int64_t last_rating_ts = 0;  // the newest rating it counted: a later alert counts only newer ones
    int ratings = 0;
    int unhappy = 0;
    std::string status = "open";  // open | acknowledged
    std::optional<int64_t> ack_ts;
    std::string note;  // staff's note on acknowledging, scrubbed
};

struct RatingRow {
    int64_t ts = 0;
    int rating = 0;
};

struct IngestOutcome {
    std::vector<bool> stored;  // per row: true = new, false = duplicate id
};

// Distinct sessions in one guide version, by the time of the session's first event in that guide.
struct GuideSessionCounts {
    int64_t sessions = 0;            // with guide_opened
    int64_t completed = 0;           // with guide_completed
    int64_t assisted_completed = 0;  // with guide_completed, in a session staff assisted
    GuideSessionCounts& operator+=(const GuideSessionCounts& other) {
        sessions += other.sessions;
        completed += other.completed;
        assisted_completed += other.assisted_completed;
        return *this;
    }
    bool operator==(const GuideSessionCounts&) const = default;
};

// Everything the summary report needs, already summed over the range.
struct SummaryData {
    std::map<ServiceKey, ServiceCounters> counters;
    std::map<ServiceKey, GuideSessionCounts> sessions;
    // The same, of the sessions given the version at random (two versions run side by side), by the version
    // they were drawn against: the figures a comparison of the two can trust, since both versions met the same
    // citizens in the same weeks. Keyed by the other version so a version in two tests keeps them apart.
    std::map<ServiceKey, std::map<int, GuideSessionCounts>> side_by_side;
    int64_t total_sessions = 0;
    int64_t total_events = 0;
    int64_t total_kiosks = 0;  // kiosks that sent events in the range
};

struct FunnelData {
    std::map<int, int64_t> views;     // step -> distinct sessions that viewed it
    std::map<int, int64_t> abandons;  // step -> guide_abandoned events
    int64_t completed_sessions = 0;   // distinct sessions with guide_completed
    int64_t assisted_completed_sessions = 0;  // ... in a session staff assisted
    int64_t completions = 0;          // guide_completed events
    int steps_total = 0;              // largest steps_total seen
};

struct FeedbackRow {
    int64_t ts = 0;
    std::string service;
    int service_version = 0;
    int rating = 0;
    std::string task_done;
    std::string lang;
    std::string comment;
};

struct KioskRow {
    std::string kiosk_id;
    int64_t created_ts = 0;
    std::optional<int64_t> last_seen_ts;
    std::optional<int64_t> backlog;
    std::optional<int64_t> dropped;    // the kiosk's own count of lost events, from its latest heartbeat
    int64_t heartbeat_slots = 0;       // slots in the range with a live heartbeat
    int64_t slots_in_range = 0;        // slots from max(from, created_ts) to `to`
    int64_t events_received = 0;       // in the range
    int64_t events_received_total = 0;
    int64_t max_seq = 0;
    int64_t seq_count = 0;  // distinct sequence numbers stored
    std::optional<int64_t> content_release;  // from its latest heartbeat: the fleet release it runs
    std::string content_error;               // ... and why it refused the last one ("" = none)
};

// A signed content pack as `registry-stub content publish` stored it (content_releases.h). Immutable once stored.
struct ContentRelease {
    int number = 0;            // 1, 2, ... in publishing order
    std::string sha256;        // of `bytes`, lowercase hex: the kiosk's ETag
    std::string signature;     // Ed25519 over `bytes`, hex
    std::string valid_from;    // YYYY-MM-DD (UTC): not served before this day
    int64_t created_ts = 0;
    std::optional<int> rollback_of;  // a rollback re-publishes this release's bytes
    std::string bytes;         // the canonical pack (app/content/fleet_pack.h); empty in listings
};

// The database cannot serve a request now but may soon, so the request may be retried (the server answers 503
// with Retry-After). Each engine raises it from its own errors; any other failure is not worth a retry (500).
struct StorageUnavailable : std::runtime_error {
    enum class Reason {
        Unreachable,  // a PostgreSQL server restarting or cut off
        Busy,         // another writer holds the database (SQLite's lock)
        DiskFull,
    };
    StorageUnavailable(Reason why, const std::string& what) : std::runtime_error(what), reason(why) {}
    Reason reason;
};

class Storage {
public:
    virtual ~Storage() = default;

    // The version of the stored schema (migrations applied), for /health.
    virtual int SchemaVersion() const = 0;

    // Tokens. AddKiosk fails (returns false) when the kiosk id exists.
    virtual bool AddKiosk(const std::string& municipality, const std::string& kiosk_id,
                          const std::string& token_hash, int64_t now) = 0;
    virtual void AddReader(const std::string& municipality, const std::string& name, const std::string& token_hash,
                           int64_t now) = 0;
    // Staff tokens (the staff desk): help calls and alerts of one municipality, nothing else.
    virtual void AddStaff(const std::string& municipality, const std::string& name, const std::string& token_hash,
                          int64_t now) = 0;
    virtual std::optional<TokenRecord> FindToken(const std::string& token_hash) = 0;
    // Revocation (a lost or replaced kiosk, a designer who left): deletes the tokens; returns how many. A
    // kiosk's data stay. RotateKioskToken replaces a kiosk's tokens with one new one; false for no such kiosk.
    virtual int RevokeKioskTokens(const std::string& kiosk_id) = 0;
    virtual int RevokeReaderTokens(const std::string& municipality, const std::string& name) = 0;
    virtual int RevokeStaffTokens(const std::string& municipality, const std::string& name) = 0;
    virtual bool RotateKioskToken(const std::string& kiosk_id, const std::string& token_hash, int64_t now) = 0;

    // Stores new events in one transaction and updates the aggregates; ids seen before change nothing.
    virtual IngestOutcome StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                                      const std::vector<EventRow>& rows, int64_t received_ts) = 0;

    // Help calls.
    virtual void CreateHelpCall(const HelpCall& call) = 0;
    virtual std::optional<HelpCall> GetHelpCall(const std::string& id) = 0;
    virtual std::vector<HelpCall> ListHelpCalls(const std::string& municipality, const std::string& status) = 0;
    // Moves open -> acknowledged or (open|acknowledged) -> resolved; returns the call after the change. Staff
    // resolving an open call answered it (the ack time is set too); the citizen cancelling it (by_staff false,
    // POST .../cancel) did not, so its ack time stays empty.
    virtual std::optional<HelpCall> UpdateHelpCall(const std::string& id, const std::string& status, int64_t now,
                                                   bool by_staff) = 0;
    virtual std::vector<HelpCall> HelpCallsCreatedIn(const std::string& municipality, const TimeRange& range) = 0;

    // Alerts. Ratings of one kiosk or one service (subject_kind "kiosk" | "service") with ts in the range.
    virtual std::vector<RatingRow> LoadRatings(const std::string& municipality, const std::string& subject_kind,
                                               const std::string& subject, const TimeRange& range) = 0;
    virtual std::optional<Alert> LatestAlert(const std::string& municipality, const std::string& subject_kind,
                                             const std::string& subject) = 0;
    virtual void CreateAlert(const Alert& alert) = 0;
    virtual std::optional<Alert> GetAlert(const std::string& id) = 0;
    // open -> acknowledged with the note; a second acknowledgement changes nothing. The alert after it.
    virtual std::optional<Alert> AcknowledgeAlert(const std::string& id, int64_t now, const std::string& note) = 0;
    // status "" = all; oldest first.
    virtual std::vector<Alert> ListAlerts(const std::string& municipality, const std::string& status) = 0;
    virtual std::vector<Alert> AlertsRaisedIn(const std::string& municipality, const TimeRange& range) = 0;

    // Reports.
    virtual SummaryData LoadSummary(const std::string& municipality, const TimeRange& range) = 0;
    virtual FunnelData LoadFunnel(const std::string& municipality, const std::string& service, int version,
                                  const TimeRange& range) = 0;
    // The newest `limit` rows of the range, oldest first.
    virtual std::vector<FeedbackRow> LoadFeedback(const std::string& municipality, const std::string& service,
                                                  const TimeRange& range, std::size_t limit) = 0;
    // connected_share inputs use the heartbeat slot the storage was configured with.
    virtual std::vector<KioskRow> LoadKiosks(const std::string& municipality, const TimeRange& range) = 0;

    // Comparisons across municipalities are opt-in: a municipality that shares its figures sees, and is seen
    // by, the others that share. Sharing again changes nothing; withdrawing hides it from the next report.
    virtual void SetComparisonSharing(const std::string& municipality, bool share, int64_t now) = 0;
    virtual std::vector<std::string> MunicipalitiesSharingComparisons() = 0;  // sorted

    // Several registry processes on one database: `on_change` hears of the help calls and alerts another process
    // created or changed (the municipality), so this process's staff streams show them too. An empty function
    // stops listening. Storage only one process writes (SQLite) has nothing to hear.
    virtual void WatchStaffChanges(std::function<void(const std::string& municipality)> on_change) { (void)on_change; }

    // Content releases: stored with the next number (returned), never changed; listed oldest first without bytes.
    virtual int AddContentRelease(const ContentRelease& release) = 0;
    virtual std::vector<ContentRelease> ListContentReleases() = 0;
    virtual std::optional<ContentRelease> GetContentRelease(int number) = 0;
};

}  // namespace bk::registry
