// SQL both storage engines run alike, through one small interface: a statement is written once, with `?`
// placeholders (PostgreSQL's adapter numbers them $1, $2, ...), its values are NULL, a number or text, and the rows
// it returns are read by column. Where the dialects differ (an index hint, greatest versus max, row locks), the
// statement asks SqlDialect. SqliteConnection (sqlite_connection.h) and PostgreSQL's RunInTransaction (pg_pool.h)
// implement it.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace bk::registry {

// A value bound to a `?`. Text is a view: the value must outlive the Run() call it is passed to (a temporary in
// the call's own expression does).
using SqlValue = std::variant<std::nullptr_t, int64_t, std::string_view>;

inline SqlValue NullIf(bool is_null, int64_t value) { return is_null ? SqlValue(nullptr) : SqlValue(value); }
inline SqlValue NullIf(bool is_null, std::string_view text) { return is_null ? SqlValue(nullptr) : SqlValue(text); }
template <class Number>
SqlValue OrNull(const std::optional<Number>& value) {
    return value ? SqlValue(static_cast<int64_t>(*value)) : SqlValue(nullptr);
}

// One row of a result, read by column (0-based).
class SqlRow {
public:
    virtual bool IsNull(int column) const = 0;
    virtual int64_t Int(int column) const = 0;       // NULL reads as 0
    virtual std::string Text(int column) const = 0;  // NULL reads as ""
    std::optional<int64_t> OptionalInt(int column) const {
        return IsNull(column) ? std::nullopt : std::optional<int64_t>(Int(column));
    }

protected:
    ~SqlRow() = default;
};

// Where the two engines' SQL differs; everything else is written once.
class SqlDialect {
public:
    enum class Engine { Sqlite, Postgres };
    explicit constexpr SqlDialect(Engine engine) : m_engine(engine) {}

    // " INDEXED BY index" for SQLite, whose planner is told which index serves a query; PostgreSQL plans itself.
    std::string IndexedBy(std::string_view index) const {
        return m_engine == Engine::Sqlite ? " INDEXED BY " + std::string(index) : std::string();
    }
    // The larger of two values: SQLite's two-argument max(), PostgreSQL's greatest().
    const char* Greatest() const { return m_engine == Engine::Sqlite ? "max" : "greatest"; }
    // PostgreSQL locks the rows a SELECT reads until the commit; SQLite's writer holds the whole database already.
    const char* ForUpdate() const { return m_engine == Engine::Sqlite ? "" : " FOR UPDATE"; }
    // A statement that makes other writers of the table wait until the commit ("" where the writer already has
    // the whole database to itself, as in SQLite).
    std::string LockTable(std::string_view table) const {
        return m_engine == Engine::Sqlite ? std::string() : "LOCK TABLE " + std::string(table) + " IN EXCLUSIVE MODE";
    }

private:
    Engine m_engine;
};

inline constexpr SqlDialect kSqliteDialect{SqlDialect::Engine::Sqlite};
inline constexpr SqlDialect kPostgresDialect{SqlDialect::Engine::Postgres};

// A connection in a transaction (or, for SQLite's reader, between two of them).
class SqlConnection {
public:
    using OnRow = std::function<void(const SqlRow& row)>;

    // Runs one statement; `on_row` hears each row it returns. Returns how many rows it changed (INSERT, UPDATE,
    // DELETE). Not re-entrant: `on_row` must not run the same statement again.
    int64_t Run(std::string_view sql, std::initializer_list<SqlValue> values = {}, const OnRow& on_row = {}) {
        return RunWithValues(sql, std::span<const SqlValue>(values.begin(), values.size()), on_row);
    }
    int64_t Run(std::string_view sql, std::span<const SqlValue> values, const OnRow& on_row = {}) {
        return RunWithValues(sql, values, on_row);
    }
    // The first column of the first row as a number; 0 without a row.
    int64_t ReadInt(std::string_view sql, std::initializer_list<SqlValue> values = {});

    const SqlDialect& Dialect() const { return m_dialect; }

protected:
    explicit SqlConnection(const SqlDialect& dialect) : m_dialect(dialect) {}
    ~SqlConnection() = default;
    virtual int64_t RunWithValues(std::string_view sql, std::span<const SqlValue> values, const OnRow& on_row) = 0;

private:
    const SqlDialect& m_dialect;
};

// Every row `sql` returns, each made a record by `read`.
template <class Read>
auto ReadRows(SqlConnection& db, std::string_view sql, std::initializer_list<SqlValue> values, Read&& read) {
    std::vector<std::invoke_result_t<Read&, const SqlRow&>> records;
    db.Run(sql, values, [&](const SqlRow& row) { records.push_back(read(row)); });
    return records;
}

// `?` -> $1, $2, ... in order, for PostgreSQL; question marks inside quoted text stay as they are.
std::string NumberedPlaceholders(std::string_view sql);

}  // namespace bk::registry
