#include "src/storage/postgres/copy_sqlite_to_postgres.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <optional>
#include <set>
#include <stdexcept>

#include "src/storage/database_url.h"
#include "src/storage/postgres/pg_storage.h"
#include "src/storage/sqlite/sqlite_storage.h"

namespace bk::registry {

namespace {

constexpr int64_t kDayMs = 86'400'000;

// The tables SQLite holds, in the order they are copied (bookkeeping of SQLite itself and its migrations aside).
std::vector<std::string> SqliteTables(SQLite::Database& db) {
    SQLite::Statement list(db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                           "AND name != 'schema_migrations' ORDER BY name");
    std::vector<std::string> tables;
    while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
    return tables;
}

std::vector<std::string> SqliteColumns(SQLite::Database& db, const std::string& table) {
    SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    info.bind(1, table);
    std::vector<std::string> columns;
    while (info.executeStep()) columns.push_back(info.getColumn(0).getString());
    return columns;
}

std::set<std::string> PostgresColumns(pqxx::work& t, const std::string& table) {
    std::set<std::string> columns;
    for (const auto& row : t.exec_params("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_schema = current_schema() AND table_name = $1",
                                         table)) {
        columns.insert(row[0].as<std::string>());
    }
    return columns;
}

int64_t SqliteCount(SQLite::Database& db, const std::string& table) {
    return db.execAndGet("SELECT count(*) FROM \"" + table + "\"").getInt64();
}

}  // namespace

std::vector<TableCopy> CopySqliteToPostgres(const std::string& sqlite_path, const std::string& postgres_url) {
    // Opening through SqliteStorage brings the file to the current schema first, as `serve` would.
    SqliteStorage(sqlite_path).SchemaVersion();
    SQLite::Database source(sqlite_path, SQLite::OPEN_READONLY);
    source.exec("BEGIN");  // one snapshot of every table, even while a registry still writes (WAL)
    PgStorage target(postgres_url);

    std::set<int64_t> days;
    SQLite::Statement event_days(source, "SELECT DISTINCT ts / 86400000 FROM events");
    while (event_days.executeStep()) days.insert(event_days.getColumn(0).getInt64() * kDayMs);
    target.EnsureEventPartitions(days);

    std::vector<TableCopy> copies;
    auto lease = target.Pool().Acquire();
    pqxx::work t(*lease);
    for (const char* table : {"kiosks", "tokens", "events"}) {
        if (t.exec("SELECT 1 FROM " + std::string(table) + " LIMIT 1").size() != 0) {
            throw std::runtime_error("the PostgreSQL database " + RedactedUrl(postgres_url) + " already holds " + table +
                                     "; migrate into an empty database");
        }
    }
    for (const std::string& table : SqliteTables(source)) {
        const std::vector<std::string> columns = SqliteColumns(source, table);
        const std::set<std::string> target_columns = PostgresColumns(t, table);
        if (target_columns.empty()) throw std::runtime_error("PostgreSQL has no table " + table + " (schema versions differ?)");
        for (const auto& column : columns) {
            if (!target_columns.count(column)) {
                throw std::runtime_error("PostgreSQL's " + table + " has no column " + column + " (schema versions differ?)");
            }
        }
        std::string select = "SELECT ";
        for (std::size_t i = 0; i < columns.size(); ++i) select += (i ? ", \"" : "\"") + columns[i] + "\"";
        SQLite::Statement rows(source, select + " FROM \"" + table + "\"");
        // Multi-row INSERTs of up to 500 rows, the values as text that PostgreSQL reads as each column's type.
        constexpr std::size_t kRowsPerInsert = 500;
        std::vector<std::optional<std::string>> values;
        std::size_t pending_rows = 0;
        auto flush = [&] {
            if (pending_rows == 0) return;
            std::string insert = "INSERT INTO " + t.quote_name(table) + " (";
            for (std::size_t i = 0; i < columns.size(); ++i) insert += (i ? ", " : "") + t.quote_name(columns[i]);
            insert += ") VALUES ";
            for (std::size_t r = 0; r < pending_rows; ++r) {
                insert += r ? ", (" : "(";
                for (std::size_t i = 0; i < columns.size(); ++i) {
                    insert += (i ? ", $" : "$") + std::to_string(r * columns.size() + i + 1);
                }
                insert += ")";
            }
            t.exec_params(insert, pqxx::prepare::make_dynamic_params(values));
            values.clear();
            pending_rows = 0;
        };
        while (rows.executeStep()) {
            for (std::size_t i = 0; i < columns.size(); ++i) {
                const auto column = rows.getColumn(static_cast<int>(i));
                values.push_back(column.isNull() ? std::nullopt : std::optional<std::string>(column.getString()));
            }
            if (++pending_rows == kRowsPerInsert) flush();
        }
        flush();
        copies.push_back({table, SqliteCount(source, table), 0});
    }
    for (TableCopy& copy : copies) {
        copy.target_rows = t.exec1("SELECT count(*) FROM " + t.quote_name(copy.table))[0].as<int64_t>();
    }
    const bool complete = std::all_of(copies.begin(), copies.end(),
                                      [](const TableCopy& copy) { return copy.source_rows == copy.target_rows; });
    if (!complete) throw std::runtime_error("row counts differ after the copy; nothing was committed");
    t.commit();
    return copies;
}

}  // namespace bk::registry
