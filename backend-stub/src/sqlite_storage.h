// Storage on one SQLite file in WAL mode: one writer connection (ingest, tokens, help calls) and one
// reader connection (reports, lookups), each behind its own mutex, so a long report never blocks ingest.
#pragma once
#include <SQLiteCpp/Database.h>

#include <memory>
#include <mutex>
#include <string>

#include "src/lru_cache.h"
#include "src/storage.h"

namespace bk::registry {

class SqliteStorage final : public Storage {
public:
    // Opens (creating if needed) and migrates the database. Throws std::runtime_error (SQLite::Exception is one).
    // session_cache_entries bounds each session cache (sessions, and sessions per guide version).
    static constexpr std::size_t kDefaultSessionCacheEntries = 20'000;
    explicit SqliteStorage(const std::string& path, std::size_t session_cache_entries = kDefaultSessionCacheEntries);
    ~SqliteStorage() override;

    int SchemaVersion() const override { return m_schema_version; }

    bool AddKiosk(const std::string& municipality, const std::string& kiosk_id, const std::string& token_hash,
                  int64_t now) override;
    void AddReader(const std::string& municipality, const std::string& name, const std::string& token_hash,
                   int64_t now) override;
    void AddStaff(const std::string& municipality, const std::string& name, const std::string& token_hash,
                  int64_t now) override;
    std::optional<TokenRecord> FindToken(const std::string& token_hash) override;
    int RevokeKioskTokens(const std::string& kiosk_id) override;
    int RevokeReaderTokens(const std::string& municipality, const std::string& name) override;
    int RevokeStaffTokens(const std::string& municipality, const std::string& name) override;
    bool RotateKioskToken(const std::string& kiosk_id, const std::string& token_hash, int64_t now) override;

    IngestOutcome StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                              const std::vector<EventRow>& rows, int64_t received_ts) override;

    void CreateHelpCall(const HelpCall& call) override;
    std::optional<HelpCall> GetHelpCall(const std::string& id) override;
    std::vector<HelpCall> ListHelpCalls(const std::string& municipality, const std::string& status) override;
    std::optional<HelpCall> UpdateHelpCall(const std::string& id, const std::string& status, int64_t now,
                                           bool by_staff) override;
    std::vector<HelpCall> HelpCallsCreatedIn(const std::string& municipality, const TimeRange& range) override;

    std::vector<RatingRow> LoadRatings(const std::string& municipality, const std::string& subject_kind,
                                       const std::string& subject, const TimeRange& range) override;
    std::optional<Alert> LatestAlert(const std::string& municipality, const std::string& subject_kind,
                                     const std::string& subject) override;
    void CreateAlert(const Alert& alert) override;
    std::optional<Alert> GetAlert(const std::string& id) override;
    std::optional<Alert> AcknowledgeAlert(const std::string& id, int64_t now, const std::string& note) override;
    std::vector<Alert> ListAlerts(const std::string& municipality, const std::string& status) override;
    std::vector<Alert> AlertsRaisedIn(const std::string& municipality, const TimeRange& range) override;

    SummaryData LoadSummary(const std::string& municipality, const TimeRange& range) override;
    FunnelData LoadFunnel(const std::string& municipality, const std::string& service, int version,
                          const TimeRange& range) override;
    std::vector<FeedbackRow> LoadFeedback(const std::string& municipality, const std::string& service,
                                          const TimeRange& range, std::size_t limit) override;
    std::vector<KioskRow> LoadKiosks(const std::string& municipality, const TimeRange& range) override;

    void SetComparisonSharing(const std::string& municipality, bool share, int64_t now) override;
    std::vector<std::string> MunicipalitiesSharingComparisons() override;

    int AddContentRelease(const ContentRelease& release) override;
    std::vector<ContentRelease> ListContentReleases() override;
    std::optional<ContentRelease> GetContentRelease(int number) override;

    // Live heartbeats are those that arrive within this many ms of being sent (see openapi.yaml).
    void SetHeartbeatSlotMs(int64_t slot_ms) { m_heartbeat_slot_ms = slot_ms; }

private:
    struct IngestStatements;

    // With m_write_mutex held: the kiosk token rows behind AddKiosk, RotateKioskToken and RevokeKioskTokens.
    void InsertKioskToken(const std::string& municipality, const std::string& kiosk_id, const std::string& token_hash,
                          int64_t now);
    int DeleteKioskTokens(const std::string& kiosk_id);
    // Reader and staff tokens: named, per municipality. kind is "reader" or "staff".
    void InsertNamedToken(const char* kind, const std::string& municipality, const std::string& name,
                          const std::string& token_hash, int64_t now);
    int DeleteNamedTokens(const char* kind, const std::string& municipality, const std::string& name);

    // Aggregates over [from, to) of the raw events (for the parts of a range not covered by whole hours).
    void AccumulateRaw(const std::string& municipality, int64_t from, int64_t to, BatchAggregates& out,
                       std::set<std::string>* kiosks);
    // Splits a range into whole hours [first_hour, end_hour) and ragged edges read from raw events.
    struct HourSplit {
        int64_t first_hour = 0;
        int64_t end_hour = 0;
        std::vector<std::pair<int64_t, int64_t>> edges;
    };
    static HourSplit SplitRange(const TimeRange& range);

    std::mutex m_write_mutex;
    std::unique_ptr<SQLite::Database> m_write_db;
    std::unique_ptr<IngestStatements> m_ingest;
    std::mutex m_read_mutex;
    std::unique_ptr<SQLite::Database> m_read_db;
    int m_schema_version = 0;
    int64_t m_heartbeat_slot_ms = 300'000;

    // Rows of session_first / guide_sessions as stored, for the sessions of recent batches (a session's events
    // usually span a batch or two). Bounded by count: a miss reads the row through its session index, so the
    // registry's memory does not depend on the times kiosks send.
    struct CachedSession {
        int64_t first_ts = 0;
        bool assisted = false;  // a session_ended with staff_assisted arrived
    };
    struct CachedGuide {
        int64_t first_ts = 0;
        bool opened = false;
        uint64_t steps_mask = 0;
        bool completed = false;
        bool assisted = false;  // copied from the session
        int drawn_against = 0;  // the side_by_side column: 0 = not drawn at random
        bool operator==(const CachedGuide&) const = default;
    };
    IngestOutcome StoreEventsLocked(const std::string& municipality, const std::string& kiosk_id,
                                    const std::vector<EventRow>& rows, int64_t received_ts);
    static std::string GuideCacheKey(const std::string& municipality, const ServiceKey& key, const std::string& session);
    std::optional<CachedSession> FindSessionRow(const std::string& municipality, const std::string& session);
    std::optional<CachedGuide> FindGuideRow(const std::string& municipality, const ServiceKey& key,
                                            const std::string& session);
    LruCache<std::string, CachedSession> m_session_cache;  // municipality \0 session
    LruCache<std::string, CachedGuide> m_guide_cache;      // municipality \0 service \0 version \0 session
};

}  // namespace bk::registry
