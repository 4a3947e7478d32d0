#include "src/open_storage.h"

#include "src/sqlite_storage.h"
#include "src/database_url.h"
#include "src/storage_pg.h"

namespace bk::registry {

std::unique_ptr<Storage> OpenStorage(const std::string& db, int64_t heartbeat_slot_ms) {
    if (IsPostgresUrl(db)) return std::make_unique<PgStorage>(db, heartbeat_slot_ms);
    auto storage = std::make_unique<SqliteStorage>(db);
    storage->SetHeartbeatSlotMs(heartbeat_slot_ms);
    return storage;
}

}  // namespace bk::registry
