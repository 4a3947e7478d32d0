// SqlConnection (sql_connection.h) on one SQLiteCpp database. Each statement is prepared once and kept: the
// registry runs a fixed set, so a batch or a report pays no parsing. Used under its owner's mutex only.
#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "src/storage/sql_connection.h"

namespace bk::registry {

class SqliteConnection final : public SqlConnection {
public:
    explicit SqliteConnection(SQLite::Database& db) : SqlConnection(kSqliteDialect), m_db(db) {}

protected:
    int64_t RunWithValues(std::string_view sql, std::span<const SqlValue> values, const OnRow& on_row) override;

private:
    SQLite::Statement& Prepared(std::string_view sql);

    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    SQLite::Database& m_db;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>, TextHash, std::equal_to<>> m_statements;
};

// Inside a catch of `error`: SQLite's failures that pass become StorageUnavailable (storage.h): a full disk, a
// database another writer holds. Any other error is thrown on as it is.
[[noreturn]] void RethrowSqliteError(const SQLite::Exception& error);

}  // namespace bk::registry
