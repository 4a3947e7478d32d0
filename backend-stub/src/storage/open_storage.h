// Chooses the storage engine from `--db`: a postgresql:// URL opens PgStorage, anything else is a SQLite file.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "src/storage/storage.h"

namespace bk::registry {

// Opens and migrates. Throws std::runtime_error with one line (a file that cannot be opened, a server that
// cannot be reached). heartbeat_slot_ms: the slot length for connected_share.
std::unique_ptr<Storage> OpenStorage(const std::string& db, int64_t heartbeat_slot_ms = 300'000);

}  // namespace bk::registry
