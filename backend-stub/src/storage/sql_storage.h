// The Storage methods both engines answer with the same SQL, written once over SqlConnection (sql_connection.h):
// tokens, help calls, alerts, reports, comparisons and content releases. An engine (SqliteStorage, PgStorage)
// supplies connections to read and to write, ingest, its migrations and what several writer processes need.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "src/storage/sql_connection.h"
#include "src/storage/storage.h"

namespace bk::registry {

class SqlStorage : public Storage {
public:
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

    // Reports (sql_reports.cpp).
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

protected:
    explicit SqlStorage(int64_t heartbeat_slot_ms) : m_heartbeat_slot_ms(heartbeat_slot_ms) {}

    using Work = std::function<void(SqlConnection& db)>;
    // Runs `work` on a connection that reads. It may run again from the start (a PostgreSQL transaction that
    // lost to another writer), so it keeps what it learns only in what it returns.
    virtual void Read(const Work& work) = 0;
    // Runs `work` in one write transaction: committed when it returns, rolled back when it throws. It may run
    // again from the start, as Read's.
    virtual void Write(const Work& work) = 0;
    // Inside a Write that created or changed one of `municipality`'s help calls or alerts: other registry
    // processes on the database hear of it (PostgreSQL); a single writer process has no one to tell.
    virtual void StaffChanged(SqlConnection& db, const std::string& municipality) {
        (void)db;
        (void)municipality;
    }
    // Inside CreateAlert's Write, before it stores `alert`: true when another registry process raised an alert on
    // the same ratings (PostgreSQL); a single writer process never races itself.
    virtual bool RaisedByAnotherProcess(SqlConnection& db, const Alert& alert) {
        (void)db;
        (void)alert;
        return false;
    }

    // Read and Write for work that returns a value.
    template <class Body>
    auto Reading(Body&& body) {
        return Returning([this](const Work& work) { Read(work); }, std::forward<Body>(body));
    }
    template <class Body>
    auto Writing(Body&& body) {
        return Returning([this](const Work& work) { Write(work); }, std::forward<Body>(body));
    }

    int64_t m_heartbeat_slot_ms;
    int m_schema_version = 0;  // set by the engine once it has migrated

private:
    template <class Run, class Body>
    static auto Returning(Run&& run, Body&& body) {
        using Result = std::invoke_result_t<Body&, SqlConnection&>;
        if constexpr (std::is_void_v<Result>) {
            run([&](SqlConnection& db) { body(db); });
        } else {
            Result result{};
            run([&](SqlConnection& db) { result = body(db); });
            return result;
        }
    }
};

}  // namespace bk::registry
