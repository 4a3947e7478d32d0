// Index:
// [SECTION] Tokens
// [SECTION] Help calls
// [SECTION] Alerts
// [SECTION] Comparisons across municipalities
// [SECTION] Content releases
#include "src/storage/sql_storage.h"

namespace bk::registry {

namespace {

// The first row a query found, if any.
template <class Record>
std::optional<Record> FirstOf(std::vector<Record> records) {
    if (records.empty()) return std::nullopt;
    return std::move(records.front());
}

}  // namespace

// [SECTION] Tokens

namespace {

void InsertKioskToken(SqlConnection& db, const std::string& municipality, const std::string& kiosk_id,
                      const std::string& token_hash, int64_t now) {
    db.Run("INSERT INTO tokens (hash, kind, municipality, kiosk_id, created_ts) VALUES (?, 'kiosk', ?, ?, ?)",
           {token_hash, municipality, kiosk_id, now});
}

int DeleteKioskTokens(SqlConnection& db, const std::string& kiosk_id) {
    return static_cast<int>(db.Run("DELETE FROM tokens WHERE kind = 'kiosk' AND kiosk_id = ?", {kiosk_id}));
}

// Reader and staff tokens: named, per municipality. kind is "reader" or "staff".
void InsertNamedToken(SqlConnection& db, const char* kind, const std::string& municipality, const std::string& name,
                      const std::string& token_hash, int64_t now) {
    db.Run("INSERT INTO tokens (hash, kind, municipality, name, created_ts) VALUES (?, ?, ?, ?, ?)",
           {token_hash, kind, municipality, name, now});
}

int DeleteNamedTokens(SqlConnection& db, const char* kind, const std::string& municipality, const std::string& name) {
    return static_cast<int>(
        db.Run("DELETE FROM tokens WHERE kind = ? AND municipality = ? AND name = ?", {kind, municipality, name}));
}

}  // namespace

bool SqlStorage::AddKiosk(const std::string& municipality, const std::string& kiosk_id, const std::string& token_hash,
                          int64_t now) {
    return Writing([&](SqlConnection& db) {
        const int64_t added = db.Run("INSERT INTO kiosks (kiosk_id, municipality, created_ts) VALUES (?, ?, ?) "
                                     "ON CONFLICT (kiosk_id) DO NOTHING",
                                     {kiosk_id, municipality, now});
        if (added == 0) return false;
        InsertKioskToken(db, municipality, kiosk_id, token_hash, now);
        return true;
    });
}

void SqlStorage::AddReader(const std::string& municipality, const std::string& name, const std::string& token_hash,
                           int64_t now) {
    Write([&](SqlConnection& db) { InsertNamedToken(db, "reader", municipality, name, token_hash, now); });
}

void SqlStorage::AddStaff(const std::string& municipality, const std::string& name, const std::string& token_hash,
                          int64_t now) {
    Write([&](SqlConnection& db) { InsertNamedToken(db, "staff", municipality, name, token_hash, now); });
}

std::optional<TokenRecord> SqlStorage::FindToken(const std::string& token_hash) {
    return Reading([&](SqlConnection& db) {
        std::optional<TokenRecord> found;
        db.Run("SELECT kind, municipality, coalesce(kiosk_id, ''), coalesce(name, '') FROM tokens WHERE hash = ?",
               {token_hash}, [&](const SqlRow& row) {
                   TokenRecord record;
                   const std::string kind = row.Text(0);
                   record.kind = kind == "kiosk" ? TokenKind::Kiosk : kind == "staff" ? TokenKind::Staff : TokenKind::Reader;
                   record.municipality = row.Text(1);
                   record.kiosk_id = row.Text(2);
                   record.name = row.Text(3);
                   found = record;
               });
        return found;
    });
}

int SqlStorage::RevokeKioskTokens(const std::string& kiosk_id) {
    return Writing([&](SqlConnection& db) { return DeleteKioskTokens(db, kiosk_id); });
}

int SqlStorage::RevokeReaderTokens(const std::string& municipality, const std::string& name) {
    return Writing([&](SqlConnection& db) { return DeleteNamedTokens(db, "reader", municipality, name); });
}

int SqlStorage::RevokeStaffTokens(const std::string& municipality, const std::string& name) {
    return Writing([&](SqlConnection& db) { return DeleteNamedTokens(db, "staff", municipality, name); });
}

bool SqlStorage::RotateKioskToken(const std::string& kiosk_id, const std::string& token_hash, int64_t now) {
    return Writing([&](SqlConnection& db) {
        std::optional<std::string> municipality;
        db.Run(std::string("SELECT municipality FROM kiosks WHERE kiosk_id = ?") + db.Dialect().ForUpdate(), {kiosk_id},
               [&](const SqlRow& row) { municipality = row.Text(0); });
        if (!municipality) return false;
        DeleteKioskTokens(db, kiosk_id);
        InsertKioskToken(db, *municipality, kiosk_id, token_hash, now);
        return true;
    });
}

// [SECTION] Help calls

namespace {

constexpr const char* kHelpColumns =
    "id, municipality, kiosk_id, session, screen, service, status, created_ts, ack_ts, resolved_ts, step, lang, location, "
    "escalate_after_s";

HelpCall ReadHelpCall(const SqlRow& row) {
    HelpCall call;
    call.id = row.Text(0);
    call.municipality = row.Text(1);
    call.kiosk_id = row.Text(2);
    call.session = row.Text(3);
    call.screen = row.Text(4);
    call.service = row.Text(5);
    call.status = row.Text(6);
    call.created_ts = row.Int(7);
    call.ack_ts = row.OptionalInt(8);
    call.resolved_ts = row.OptionalInt(9);
    if (const auto step = row.OptionalInt(10)) call.step = static_cast<int>(*step);
    call.lang = row.Text(11);
    call.location = row.Text(12);
    if (const auto seconds = row.OptionalInt(13)) call.escalate_after_s = static_cast<int>(*seconds);
    return call;
}

// The help calls `SELECT kHelpColumns FROM help_requests <where>` finds.
std::vector<HelpCall> ReadHelpCalls(SqlConnection& db, const std::string& where, std::initializer_list<SqlValue> values) {
    return ReadRows(db, std::string("SELECT ") + kHelpColumns + " FROM help_requests " + where, values, ReadHelpCall);
}

}  // namespace

void SqlStorage::CreateHelpCall(const HelpCall& call) {
    Write([&](SqlConnection& db) {
        db.Run("INSERT INTO help_requests (id, municipality, kiosk_id, session, screen, service, status, created_ts, "
               "step, lang, location, escalate_after_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {call.id, call.municipality, call.kiosk_id, call.session, call.screen, call.service, call.status,
                call.created_ts, OrNull(call.step), call.lang, call.location, OrNull(call.escalate_after_s)});
        StaffChanged(db, call.municipality);
    });
}

std::optional<HelpCall> SqlStorage::GetHelpCall(const std::string& id) {
    return Reading([&](SqlConnection& db) { return FirstOf(ReadHelpCalls(db, "WHERE id = ?", {id})); });
}

std::vector<HelpCall> SqlStorage::ListHelpCalls(const std::string& municipality, const std::string& status) {
    return Reading([&](SqlConnection& db) {
        return ReadHelpCalls(db, "WHERE municipality = ? AND (? = '' OR status = ?) ORDER BY created_ts, id",
                             {municipality, status, status});
    });
}

std::optional<HelpCall> SqlStorage::UpdateHelpCall(const std::string& id, const std::string& status, int64_t now,
                                                  bool by_staff) {
    // Each change is one conditional UPDATE: two staff members (or two registries) answering at once cannot both
    // move a call, and the first ack time stays. Staff resolving an open call answered it, so it gets an ack time.
    Write([&](SqlConnection& db) {
        std::optional<std::string> changed;  // the call's municipality, when it moved
        const auto note_change = [&](const SqlRow& row) { changed = row.Text(0); };
        if (status == "acknowledged") {
            db.Run("UPDATE help_requests SET status = 'acknowledged', ack_ts = ? WHERE id = ? AND status = 'open' "
                   "RETURNING municipality",
                   {now, id}, note_change);
        } else if (status == "resolved") {
            db.Run("UPDATE help_requests SET status = 'resolved', resolved_ts = ?, "
                   "ack_ts = CASE WHEN ? THEN coalesce(ack_ts, ?) ELSE ack_ts END "
                   "WHERE id = ? AND status != 'resolved' RETURNING municipality",
                   {now, by_staff ? 1 : 0, now, id}, note_change);
        }
        if (changed) StaffChanged(db, *changed);
    });
    return GetHelpCall(id);
}

std::vector<HelpCall> SqlStorage::HelpCallsCreatedIn(const std::string& municipality, const TimeRange& range) {
    return Reading([&](SqlConnection& db) {
        return ReadHelpCalls(db, "WHERE municipality = ? AND created_ts >= ? AND created_ts < ?",
                             {municipality, range.from, range.to});
    });
}

// [SECTION] Alerts

namespace {

constexpr const char* kAlertColumns =
    "id, municipality, subject_kind, subject, raised_ts, last_rating_ts, ratings, unhappy, status, ack_ts, note";

Alert ReadAlert(const SqlRow& row) {
    Alert alert;
    alert.id = row.Text(0);
    alert.municipality = row.Text(1);
    alert.subject_kind = row.Text(2);
    alert.subject = row.Text(3);
    alert.raised_ts = row.Int(4);
    alert.last_rating_ts = row.Int(5);
    alert.ratings = static_cast<int>(row.Int(6));
    alert.unhappy = static_cast<int>(row.Int(7));
    alert.status = row.Text(8);
    alert.ack_ts = row.OptionalInt(9);
    alert.note = row.Text(10);
    return alert;
}

// The alerts `SELECT kAlertColumns FROM alerts <where>` finds.
std::vector<Alert> ReadAlerts(SqlConnection& db, const std::string& where, std::initializer_list<SqlValue> values) {
    return ReadRows(db, std::string("SELECT ") + kAlertColumns + " FROM alerts " + where, values, ReadAlert);
}

}  // namespace

std::vector<RatingRow> SqlStorage::LoadRatings(const std::string& municipality, const std::string& subject_kind,
                                               const std::string& subject, const TimeRange& range) {
    const bool by_kiosk = subject_kind == "kiosk";
    return Reading([&](SqlConnection& db) {
        return ReadRows(db,
                        by_kiosk ? "SELECT ts, rating FROM feedback WHERE kiosk_id = ? AND municipality = ? "
                                   "AND ts >= ? AND ts < ? ORDER BY ts"
                                 : "SELECT ts, rating FROM feedback WHERE service = ? AND municipality = ? "
                                   "AND ts >= ? AND ts < ? ORDER BY ts",
                        {subject, municipality, range.from, range.to},
                        [](const SqlRow& row) { return RatingRow{row.Int(0), static_cast<int>(row.Int(1))}; });
    });
}

std::optional<Alert> SqlStorage::LatestAlert(const std::string& municipality, const std::string& subject_kind,
                                             const std::string& subject) {
    return Reading([&](SqlConnection& db) {
        return FirstOf(ReadAlerts(db,
                                  "WHERE municipality = ? AND subject_kind = ? AND subject = ? "
                                  "ORDER BY raised_ts DESC LIMIT 1",
                                  {municipality, subject_kind, subject}));
    });
}

void SqlStorage::CreateAlert(const Alert& alert) {
    Write([&](SqlConnection& db) {
        if (RaisedByAnotherProcess(db, alert)) return;
        db.Run("INSERT INTO alerts (id, municipality, subject_kind, subject, raised_ts, last_rating_ts, ratings, "
               "unhappy, status, ack_ts, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {alert.id, alert.municipality, alert.subject_kind, alert.subject, alert.raised_ts, alert.last_rating_ts,
                alert.ratings, alert.unhappy, alert.status, OrNull(alert.ack_ts), alert.note});
        StaffChanged(db, alert.municipality);
    });
}

std::optional<Alert> SqlStorage::GetAlert(const std::string& id) {
    return Reading([&](SqlConnection& db) { return FirstOf(ReadAlerts(db, "WHERE id = ?", {id})); });
}

std::optional<Alert> SqlStorage::AcknowledgeAlert(const std::string& id, int64_t now, const std::string& note) {
    // open -> acknowledged once: a second acknowledgement changes nothing.
    Write([&](SqlConnection& db) {
        std::optional<std::string> changed;  // the alert's municipality, when it moved
        db.Run("UPDATE alerts SET status = 'acknowledged', ack_ts = ?, note = ? WHERE id = ? AND status = 'open' "
               "RETURNING municipality",
               {now, note, id}, [&](const SqlRow& row) { changed = row.Text(0); });
        if (changed) StaffChanged(db, *changed);
    });
    return GetAlert(id);
}

std::vector<Alert> SqlStorage::ListAlerts(const std::string& municipality, const std::string& status) {
    return Reading([&](SqlConnection& db) {
        return ReadAlerts(db, "WHERE municipality = ? AND (? = '' OR status = ?) ORDER BY raised_ts, id",
                          {municipality, status, status});
    });
}

std::vector<Alert> SqlStorage::AlertsRaisedIn(const std::string& municipality, const TimeRange& range) {
    return Reading([&](SqlConnection& db) {
        return ReadAlerts(db, "WHERE municipality = ? AND raised_ts >= ? AND raised_ts < ? ORDER BY raised_ts, id",
                          {municipality, range.from, range.to});
    });
}

// [SECTION] Comparisons across municipalities

void SqlStorage::SetComparisonSharing(const std::string& municipality, bool share, int64_t now) {
    Write([&](SqlConnection& db) {
        if (share) {
            db.Run("INSERT INTO comparison_sharing (municipality, since_ts) VALUES (?, ?) ON CONFLICT DO NOTHING",
                   {municipality, now});
        } else {
            db.Run("DELETE FROM comparison_sharing WHERE municipality = ?", {municipality});
        }
    });
}

std::vector<std::string> SqlStorage::MunicipalitiesSharingComparisons() {
    return Reading([&](SqlConnection& db) {
        return ReadRows(db, "SELECT municipality FROM comparison_sharing ORDER BY municipality", {},
                        [](const SqlRow& row) { return row.Text(0); });
    });
}

// [SECTION] Content releases

namespace {

constexpr const char* kReleaseColumns = "number, sha256, signature, valid_from, created_ts, rollback_of";

// kReleaseColumns, then bytes when `with_bytes`.
ContentRelease ReadRelease(const SqlRow& row, bool with_bytes) {
    ContentRelease release;
    release.number = static_cast<int>(row.Int(0));
    release.sha256 = row.Text(1);
    release.signature = row.Text(2);
    release.valid_from = row.Text(3);
    release.created_ts = row.Int(4);
    if (const auto of = row.OptionalInt(5)) release.rollback_of = static_cast<int>(*of);
    if (with_bytes) release.bytes = row.Text(6);
    return release;
}

}  // namespace

int SqlStorage::AddContentRelease(const ContentRelease& release) {
    return Writing([&](SqlConnection& db) {
        // Two publishers never take one number.
        if (const std::string lock = db.Dialect().LockTable("content_releases"); !lock.empty()) db.Run(lock);
        const int number = static_cast<int>(db.ReadInt("SELECT coalesce(max(number), 0) + 1 FROM content_releases"));
        db.Run("INSERT INTO content_releases (number, sha256, signature, valid_from, created_ts, rollback_of, bytes) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               {number, release.sha256, release.signature, release.valid_from, release.created_ts,
                OrNull(release.rollback_of), release.bytes});
        return number;
    });
}

std::vector<ContentRelease> SqlStorage::ListContentReleases() {
    return Reading([&](SqlConnection& db) {
        return ReadRows(db, std::string("SELECT ") + kReleaseColumns + " FROM content_releases ORDER BY number", {},
                        [](const SqlRow& row) { return ReadRelease(row, false); });
    });
}

std::optional<ContentRelease> SqlStorage::GetContentRelease(int number) {
    return Reading([&](SqlConnection& db) {
        std::optional<ContentRelease> found;
        db.Run(std::string("SELECT ") + kReleaseColumns + ", bytes FROM content_releases WHERE number = ?", {number},
               [&](const SqlRow& row) { found = ReadRelease(row, true); });
        return found;
    });
}

}  // namespace bk::registry
