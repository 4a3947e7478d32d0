// Versioned schema migrations: an ordered list of SQL scripts, each applied once in its own transaction
// and recorded in schema_migrations (and PRAGMA user_version). Never edit a shipped migration; add one.
#pragma once
#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

namespace bk::registry {

struct Migration {
    int version;
    const char* description;
    const char* sql;
};

const std::vector<Migration>& AllMigrations();

// Applies the missing migrations; returns the schema version afterwards. Throws std::runtime_error (SQLite::Exception).
int ApplyMigrations(SQLite::Database& db);

}  // namespace bk::registry
