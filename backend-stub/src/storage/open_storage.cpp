#include "src/storage/open_storage.h"

#include "src/storage/database_url.h"
#include "src/storage/postgres/pg_storage.h"
#include "src/storage/sqlite/sqlite_storage.h"

namespace bk::registry {

std::unique_ptr<Storage> OpenStorage(const std::string& db, int64_t heartbeat_slot_ms) {
    if (IsPostgresUrl(db)) return std::make_unique<PgStorage>(db, heartbeat_slot_ms);
    auto storage = std::make_unique<SqliteStorage>(db);
    storage->SetHeartbeatSlotMs(heartbeat_slot_ms);
    return storage;
}

}  // namespace bk::registry
