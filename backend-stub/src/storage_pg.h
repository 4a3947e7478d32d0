// Storage on PostgreSQL (libpqxx), for a registry shared by many municipalities: several `registry-stub serve`
// processes may write to one database at once. The rules (dedupe, aggregation) stay above Storage; this file
// only makes them safe under concurrent writers:
//   - dedupe: a unique constraint on events with ON CONFLICT DO NOTHING (a second writer of the same event waits
//     for the first to commit, then stores nothing);
//   - aggregates: INSERT ... ON CONFLICT DO UPDATE with deltas, in one key order in every transaction;
//   - session rows (read, merged, written back): under a transaction-scoped advisory lock per session;
//   - events partitioned by month, partitions created on demand in their own short transaction under an
//     advisory lock, so two writers never race to create one;
//   - a transaction that loses a deadlock or a serialization check runs again.
#pragma once
#include <pqxx/connection>
#include <pqxx/transaction>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "src/storage.h"

namespace bk::registry {

// A few connections shared by the server's threads; a broken connection is dropped and replaced on demand.
class PgPool {
public:
    PgPool(std::string url, std::size_t max_connections);
    ~PgPool();

    class Lease {
    public:
        Lease(PgPool& pool, std::unique_ptr<pqxx::connection> connection);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        pqxx::connection& operator*() { return *m_connection; }
        pqxx::connection* operator->() { return m_connection.get(); }

    private:
        PgPool& m_pool;
        std::unique_ptr<pqxx::connection> m_connection;
    };

    // Waits for an idle connection or opens one. Throws StorageUnavailable when the server cannot be reached.
    Lease Acquire();
    const std::string& Url() const { return m_url; }

private:
    std::unique_ptr<pqxx::connection> Connect();
    void Release(std::unique_ptr<pqxx::connection> connection);

    std::string m_url;
    std::size_t m_max_connections;
    std::mutex m_mutex;
    std::condition_variable m_idle_changed;
    std::vector<std::unique_ptr<pqxx::connection>> m_idle;
    std::size_t m_open = 0;
};

class PgStorage final : public Storage {
public:
    // Connects and migrates. Throws std::runtime_error with one line (no server, bad URL, failed migration).
    explicit PgStorage(const std::string& url, int64_t heartbeat_slot_ms = 300'000, std::size_t max_connections = 8);
    ~PgStorage() override;

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

    // LISTEN on a connection of its own, on a thread of its own; NOTIFY goes out with each help-call or alert
    // change (delivered at commit). A process skips its own notifications: it woke its streams itself.
    void WatchStaffChanges(std::function<void(const std::string& municipality)> on_change) override;

    // The month partition of events that holds `ts` exists afterwards (created if needed). For the importer too.
    void EnsureEventPartitions(const std::set<int64_t>& timestamps);
    PgPool& Pool() { return m_pool; }

private:
    void NotifyStaffChange(pqxx::work& transaction, const std::string& municipality);
    void ListenForStaffChanges(const std::function<void(const std::string&)>& on_change, std::promise<void>& listening);

    PgPool m_pool;
    int64_t m_heartbeat_slot_ms;
    int m_schema_version = 0;
    std::mutex m_partitions_mutex;
    std::set<std::string> m_known_partitions;  // created or seen by this process

    const std::string m_instance;  // random, tells this process's notifications from others'
    std::mutex m_watch_mutex;
    std::condition_variable m_listen_retry;
    std::atomic<bool> m_stop_listening{false};
    std::thread m_listener;
};

// Applies the missing PostgreSQL migrations under an advisory lock (two processes starting at once apply
// each once); returns the schema version. Versions follow the SQLite ones: v9 is the baseline.
int ApplyPgMigrations(pqxx::connection& connection);

}  // namespace bk::registry
