// The registry's schema, version by version, for both engines side by side: version N's SQLite script stands
// next to its PostgreSQL script (one script where the two agree). Each engine applies the versions its database
// lacks, each once (SQLite: one transaction per version, recorded in schema_migrations and PRAGMA user_version;
// PostgreSQL: all in one transaction under an advisory lock, recorded in schema_version). Never edit a shipped
// migration; add one, with both scripts. tests/registry/schema_migrations_test.cpp checks that both engines reach
// the same tables, columns and indexes.
#pragma once
#include <vector>

namespace bk::registry {

struct Migration {
    int version;
    const char* description;
    const char* sqlite;
    // PostgreSQL came at v9 with the whole schema up to it (its baseline), so before v9 it has none.
    const char* postgres;
    // What PostgreSQL records for the version, where its script is not the same change (its baseline).
    const char* postgres_description = nullptr;
};

const std::vector<Migration>& AllMigrations();

}  // namespace bk::registry
