// PostgreSQL connections shared by the server's threads, and the transaction every statement of PgStorage runs in,
// as a SqlConnection (sql_connection.h): `?` becomes $1, $2, ... and each value is sent as text that PostgreSQL
// reads as the type its place asks for (as libpqxx itself sends them).
#pragma once
#include <pqxx/connection>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "src/storage/sql_connection.h"

namespace bk::registry {

// A few connections shared by the server's threads; a broken connection is dropped and replaced on demand.
class PgPool {
public:
    PgPool(std::string url, std::size_t max_connections);
    ~PgPool();

    class Lease {
    public:
        Lease(PgPool& pool, std::unique_ptr<pqxx::connection> connection);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        pqxx::connection& operator*() { return *m_connection; }
        pqxx::connection* operator->() { return m_connection.get(); }

    private:
        PgPool& m_pool;
        std::unique_ptr<pqxx::connection> m_connection;
    };

    // Waits for an idle connection or opens one. Throws StorageUnavailable when the server cannot be reached.
    Lease Acquire();
    const std::string& Url() const { return m_url; }

private:
    std::unique_ptr<pqxx::connection> Connect();
    void Release(std::unique_ptr<pqxx::connection> connection);

    std::string m_url;
    std::size_t m_max_connections;
    std::mutex m_mutex;
    std::condition_variable m_idle_changed;
    std::vector<std::unique_ptr<pqxx::connection>> m_idle;
    std::size_t m_open = 0;
};

// libpq's messages span lines ("...\n\tIs the server running..."); a log line or a CLI error wants one.
std::string FirstLine(const std::string& text);

// Runs `work` in a transaction and commits. A deadlock or serialization failure (another writer won) rolls back
// and runs it again on fresh data, so `work` keeps what it learns only in what it assigns last; a broken
// connection is tried once more on a new one, then StorageUnavailable.
void RunInTransaction(PgPool& pool, const std::function<void(SqlConnection& db)>& work);

}  // namespace bk::registry
