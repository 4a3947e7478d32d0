// Thin RAII wrappers over the SQLite C API: a connection and a prepared statement. Every query the
// registry runs goes through Statement (prepared, bound parameters).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bk::registry {

class SqliteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Database {
public:
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* Handle() const { return m_db; }
    void Exec(const char* sql);  // for fixed statements without parameters (BEGIN, COMMIT, PRAGMA)
    int64_t Changes() const { return sqlite3_changes64(m_db); }

private:
    sqlite3* m_db = nullptr;
};

class Statement {
public:
    Statement(const Database& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Bind by 1-based index. Reset() clears the previous run and bindings.
    Statement& Bind(int index, int64_t value);
    Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
    Statement& Bind(int index, std::string_view value);
    Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
    Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
    Statement& BindNull(int index);
    Statement& BindOptional(int index, const std::optional<int64_t>& value);

    bool Step();  // true = a row is ready; false = done. Throws on error.
    void Run();   // Step() to completion, then Reset().
    void Reset();

    int64_t Int(int column) const { return sqlite3_column_int64(m_statement, column); }
    double Double(int column) const { return sqlite3_column_double(m_statement, column); }
    bool IsNull(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }
    std::optional<int64_t> OptionalInt(int column) const;
    std::string Text(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_statement = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when it leaves scope without Commit().
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void Commit();

private:
    Database& m_db;
    bool m_done = false;
};

}  // namespace bk::registry
