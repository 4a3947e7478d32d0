// A real PostgreSQL server for tests, started by the test itself from Debian's `postgresql` package: initdb and
// pg_ctl (found under /usr/lib/postgresql/*/bin) in a temp dir, on a free loopback port, with its unix socket in
// that dir. PostgreSQL refuses to run as root, so under root it runs as the system user `bkpg` (created once
// with useradd) through setpriv. pg_ctl -w waits for readiness itself, bounded by a deadline.
//
// One server per test binary, started on first use and stopped when the tests end (a gtest Environment);
// a fresh database per test:
//   PostgresDatabase db;                 // CREATE DATABASE on the shared server; dropped afterwards
//   PgStorage storage(db.Url());        // postgresql://postgres@127.0.0.1:PORT/bk_test_N
#pragma once
#include <memory>
#include <string>

#include "temp_dir.h"

namespace bk::test {

class PostgresServer {
public:
    // Throws std::runtime_error (no PostgreSQL installed, initdb or start failed: the log's tail is in the message).
    PostgresServer();
    ~PostgresServer();  // pg_ctl stop -m fast
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // The test binary's server, started on first call.
    static PostgresServer& Shared();
    static PostgresServer* SharedIfRunning();  // nullptr before the first Shared() and after StopShared()
    static void StopShared();

    int Port() const { return m_port; }
    std::string Url(const std::string& database) const;
    // Runs one SQL command in the `postgres` database as the superuser (psql); throws on failure.
    void Admin(const std::string& sql) const;

private:
    void Start();
    std::string m_bin_dir;
    TempDir m_dir{"bk-pg"};
    std::string m_data_dir;
    int m_port = 0;
    bool m_running = false;
};

// A fresh database on the shared server for one test, dropped (with its connections) when it goes.
class PostgresDatabase {
public:
    PostgresDatabase();
    ~PostgresDatabase();
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;

    const std::string& Name() const { return m_name; }
    std::string Url() const { return PostgresServer::Shared().Url(m_name); }

private:
    std::string m_name;
};

}  // namespace bk::test
