#include "src/storage/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <string>

#include "src/storage/storage.h"

namespace bk::registry {

namespace {

class SqliteRow final : public SqlRow {
public:
    explicit SqliteRow(const SQLite::Statement& statement) : m_statement(statement) {}
    bool IsNull(int column) const override { return m_statement.isColumnNull(column); }
    int64_t Int(int column) const override { return m_statement.getColumn(column).getInt64(); }
    std::string Text(int column) const override { return m_statement.getColumn(column).getString(); }

private:
    const SQLite::Statement& m_statement;
};

void Bind(SQLite::Statement& statement, int index, const SqlValue& value) {
    if (std::holds_alternative<std::nullptr_t>(value)) return statement.bind(index);
    if (const auto* number = std::get_if<int64_t>(&value)) return statement.bind(index, *number);
    // As text (SQLiteCpp binds a pointer and a length as a blob, which compares unequal to text).
    statement.bind(index, std::string(std::get<std::string_view>(value)));
}

}  // namespace

SQLite::Statement& SqliteConnection::Prepared(std::string_view sql) {
    if (auto found = m_statements.find(sql); found != m_statements.end()) return *found->second;
    auto statement = std::make_unique<SQLite::Statement>(m_db, std::string(sql));
    return *m_statements.emplace(std::string(sql), std::move(statement)).first->second;
}

int64_t SqliteConnection::RunWithValues(std::string_view sql, std::span<const SqlValue> values, const OnRow& on_row) {
    SQLite::Statement& statement = Prepared(sql);
    statement.tryReset();  // an error in its last run was thrown then
    // Reset at the end however it ends, so a statement never holds a read snapshot between runs.
    struct ResetAfter {
        SQLite::Statement& statement;
        ~ResetAfter() { statement.tryReset(); }
    } reset_after{statement};
    for (std::size_t i = 0; i < values.size(); ++i) Bind(statement, static_cast<int>(i + 1), values[i]);
    const SqliteRow row(statement);
    while (statement.executeStep()) {
        if (on_row) on_row(row);
    }
    return m_db.getChanges();
}

void RethrowSqliteError(const SQLite::Exception& error) {
    const int code = error.getErrorCode() & 0xFF;
    if (code == SQLITE_FULL) throw StorageUnavailable(StorageUnavailable::Reason::DiskFull, error.what());
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        throw StorageUnavailable(StorageUnavailable::Reason::Busy, error.what());
    }
    throw;
}

}  // namespace bk::registry
