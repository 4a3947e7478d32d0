// Both engines migrate to the same schema (schema_migrations.h): a fresh SQLite file and a fresh PostgreSQL
// database, each brought to the last version, hold the same tables, the same columns (name, type, NOT NULL,
// default) and the same keys and indexes, apart from the few differences each engine needs, listed below with
// their reasons. A migration written for one engine only, or written differently, fails here.
//
// SQLite is read through pragma table_info / index_list / index_info, PostgreSQL through information_schema and
// pg_indexes. Types are compared as SQLite sees them (integer, text: PostgreSQL's integer and bigint are both
// integer); a primary key column counts as NOT NULL (PostgreSQL makes it so; SQLite lets a rowid table's text key
// hold NULL, but nothing writes one); a default loses PostgreSQL's cast ('' rather than ''::text).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "postgres_server.h"
#include "src/storage/postgres/pg_storage.h"
#include "src/storage/schema_migrations.h"
#include "src/storage/sqlite/sqlite_storage.h"
#include "temp_dir.h"

namespace bk::test {
namespace {

using Schema = std::set<std::string>;  // one line per table, column, key and index

std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string TypeOf(const std::string& declared) {
    const std::string type = Lower(declared);
    return type == "bigint" || type == "integer" ? "integer" : type;
}

// "0", "''" or "" (none); PostgreSQL's "''::text" is "''".
std::string DefaultOf(const std::string& text) {
    const auto cast = text.find("::");
    return cast == std::string::npos ? text : text.substr(0, cast);
}

// "(side_by_side <> 0)" -> "side_by_side <> 0".
std::string WithoutParens(std::string text) {
    while (text.size() >= 2 && text.front() == '(' && text.back() == ')') text = text.substr(1, text.size() - 2);
    return text;
}

std::string Column(const std::string& table, const std::string& name, const std::string& type, bool not_null,
                   const std::string& default_value) {
    return "column " + table + "." + name + " " + TypeOf(type) + (not_null ? " not null" : "") +
           (default_value.empty() ? "" : " default " + DefaultOf(default_value));
}

// [SECTION] SQLite

Schema SqliteSchema(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    Schema schema;
    std::vector<std::string> tables;
    SQLite::Statement list(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "AND name != 'schema_migrations' ORDER BY name");
    while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
    for (const std::string& table : tables) {
        schema.insert("table " + table);
        std::vector<std::pair<int, std::string>> key;  // (position in the key, column)
        SQLite::Statement columns(db, "SELECT name, type, \"notnull\", coalesce(dflt_value, ''), pk "
                                      "FROM pragma_table_info(?)");
        columns.bind(1, table);
        while (columns.executeStep()) {
            const std::string name = columns.getColumn(0).getString();
            const int pk = columns.getColumn(4).getInt();
            const bool not_null = columns.getColumn(2).getInt() != 0 || pk > 0;
            schema.insert(Column(table, name, columns.getColumn(1).getString(), not_null, columns.getColumn(3).getString()));
            if (pk > 0) key.emplace_back(pk, name);
        }
        std::sort(key.begin(), key.end());
        std::string key_columns;
        for (const auto& [position, name] : key) key_columns += (key_columns.empty() ? "" : ", ") + name;
        if (!key.empty()) schema.insert("primary key " + table + " (" + key_columns + ")");

        // Indexes of CREATE INDEX ('c') by name, UNIQUE constraints ('u') by their columns; the primary key is above.
        SQLite::Statement indexes(db, "SELECT l.name, l.origin, coalesce(m.sql, '') FROM pragma_index_list(?) AS l "
                                      "LEFT JOIN sqlite_master AS m ON m.type = 'index' AND m.name = l.name "
                                      "WHERE l.origin IN ('c', 'u')");
        indexes.bind(1, table);
        while (indexes.executeStep()) {
            const std::string name = indexes.getColumn(0).getString();
            const std::string sql = indexes.getColumn(2).getString();
            std::string index_columns;
            SQLite::Statement info(db, "SELECT name FROM pragma_index_info(?) ORDER BY seqno");
            info.bind(1, name);
            while (info.executeStep()) {
                index_columns += (index_columns.empty() ? "" : ", ") + info.getColumn(0).getString();
            }
            const auto where = sql.find(" WHERE ");
            if (indexes.getColumn(1).getString() == "u") {
                schema.insert("unique " + table + " (" + index_columns + ")");
            } else {
                schema.insert("index " + table + "." + name + " (" + index_columns + ")" +
                              (where == std::string::npos ? "" : " where " + WithoutParens(sql.substr(where + 7))));
            }
        }
    }
    return schema;
}

// [SECTION] PostgreSQL

Schema PostgresSchema(const std::string& url) {
    pqxx::connection connection(url);
    pqxx::work t(connection);
    Schema schema;
    // Tables, not the month partitions of events (none yet) nor the migrations' own bookkeeping.
    for (const auto& row : t.exec("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                  "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
                                  "AND NOT c.relispartition AND c.relname != 'schema_version'")) {
        schema.insert("table " + row[0].as<std::string>());
    }
    for (const auto& row : t.exec("SELECT table_name, column_name, data_type, is_nullable = 'NO', "
                                  "coalesce(column_default, '') FROM information_schema.columns "
                                  "WHERE table_schema = current_schema() AND table_name != 'schema_version'")) {
        schema.insert(Column(row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                             row[3].as<bool>(), row[4].as<std::string>()));
    }
    for (const auto& row : t.exec("SELECT c.table_name, c.constraint_type, "
                                  "string_agg(k.column_name, ', ' ORDER BY k.ordinal_position) "
                                  "FROM information_schema.table_constraints c "
                                  "JOIN information_schema.key_column_usage k "
                                  "ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema "
                                  "WHERE c.table_schema = current_schema() AND c.table_name != 'schema_version' "
                                  "AND c.constraint_type IN ('PRIMARY KEY', 'UNIQUE') "
                                  "GROUP BY c.table_name, c.constraint_name, c.constraint_type")) {
        const std::string kind = row[1].as<std::string>() == "PRIMARY KEY" ? "primary key " : "unique ";
        schema.insert(kind + row[0].as<std::string>() + " (" + row[2].as<std::string>() + ")");
    }
    // CREATE INDEX ... USING btree (columns) [WHERE (condition)]; the indexes behind keys are above.
    for (const auto& row : t.exec("SELECT tablename, indexname, indexdef FROM pg_indexes "
                                  "WHERE schemaname = current_schema() AND indexname NOT IN "
                                  "(SELECT constraint_name FROM information_schema.table_constraints "
                                  "WHERE table_schema = current_schema())")) {
        const std::string definition = row[2].as<std::string>();
        const auto open = definition.find("USING btree (") + 13;
        const auto close = definition.find(')', open);
        const auto where = definition.find(" WHERE ", close);
        schema.insert("index " + row[0].as<std::string>() + "." + row[1].as<std::string>() + " (" +
                      definition.substr(open, close - open) + ")" +
                      (where == std::string::npos ? "" : " where " + WithoutParens(definition.substr(where + 7))));
    }
    return schema;
}

Schema Minus(const Schema& a, const Schema& b) {
    Schema out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}

std::string Lines(const Schema& schema) {
    std::string text;
    for (const std::string& line : schema) text += "  " + line + "\n";
    return text;
}

// [SECTION] The differences each engine needs

// SQLite keys session rows by time, so a session's first insert appends at the table's end (one writer, rows
// found through a bounded cache and the session indexes of v5); its events table keeps the key v4 gave it.
const Schema kOnlySqlite = {
    "primary key guide_sessions (municipality, first_ts, service, version, session)",
    "index guide_sessions.guide_sessions_session (municipality, session, service, version)",
    "primary key session_first (municipality, first_ts, session)",
    "index session_first.session_first_session (municipality, session)",
    "unique events (kiosk_id, id)",
};

// PostgreSQL keys session rows by session (writers lock a session, read its row and write it back) and finds
// them by time through indexes; a partitioned table's unique key must hold the partition key (ts); revoking a
// kiosk's tokens finds them by index (several municipalities' tokens in one table).
const Schema kOnlyPostgres = {
    "primary key guide_sessions (municipality, session, service, version)",
    "index guide_sessions.guide_sessions_ts (municipality, first_ts)",
    "index guide_sessions.guide_sessions_service_ts (municipality, service, version, first_ts)",
    "primary key session_first (municipality, session)",
    "index session_first.session_first_ts (municipality, first_ts)",
    "unique events (kiosk_id, id, ts)",
    "index tokens.tokens_kiosk (kiosk_id)",
};

TEST(RegistrySchemaTest, BothEnginesMigrateToTheSameTablesColumnsAndIndexes) {
    TempDir dir("bk-schema");
    const std::string path = dir / "registry.db";
    {
        bk::registry::SqliteStorage storage(path);
        ASSERT_EQ(storage.SchemaVersion(), bk::registry::AllMigrations().back().version);
    }
    PostgresDatabase database;
    {
        bk::registry::PgStorage storage(database.Url());
        ASSERT_EQ(storage.SchemaVersion(), bk::registry::AllMigrations().back().version);
    }
    const Schema sqlite = SqliteSchema(path);
    const Schema postgres = PostgresSchema(database.Url());
    ASSERT_GT(sqlite.size(), 100u);  // the readers found the tables and their columns
    EXPECT_EQ(Minus(sqlite, postgres), kOnlySqlite) << "only SQLite has:\n" << Lines(Minus(sqlite, postgres));
    EXPECT_EQ(Minus(postgres, sqlite), kOnlyPostgres) << "only PostgreSQL has:\n" << Lines(Minus(postgres, sqlite));
}

}  // namespace
}  // namespace bk::test
