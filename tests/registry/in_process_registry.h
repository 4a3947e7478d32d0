// The registry server in the test process, on a ManualClock: a fresh SQLite file in a temp dir or a fresh
// database on the test binary's PostgreSQL server (options.engine), tokens
// made through Storage at the clock's time, and RegistryServer bound to a free port on 127.0.0.1 and
// listening on a thread, as cpp-httplib's own tests do. Tests talk to it with a real httplib::Client over
// loopback and move time with Clock().Advance() instead of sleeping.
//
//   bk::test::InProcessRegistry registry;         // kiosk "kiosk-1" and a reader in "odder"
//   httplib::Client client(registry.BaseUrl());
//   registry.Clock().Advance(1'001);              // e.g. past --token-cache-s 1
//
// The command line itself is tested against the real binary (RegistryFixture::RunCli).
//
// Suites that must hold on both engines are parametrised by Engine, so a failure names the engine:
//   class MyTest : public ::testing::TestWithParam<Engine> { InProcessRegistry m_registry{WithEngine(GetParam())}; };
//   INSTANTIATE_TEST_SUITE_P(Engines, MyTest, kBothEngines, EngineName);
#pragma once
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "shared/clock.h"
#include "postgres_server.h"
#include "src/http/server.h"
#include "temp_dir.h"

namespace bk::test {

enum class Engine { Sqlite, Postgres };

inline const auto kBothEngines = ::testing::Values(Engine::Sqlite, Engine::Postgres);

inline std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
    return info.param == Engine::Sqlite ? "Sqlite" : "Postgres";
}

struct InProcessOptions {
    Engine engine = Engine::Sqlite;
    // Another registry's DbPath() to serve instead of a fresh database: two servers on one database.
    std::string shared_db;
    std::string municipality = "odder";
    std::vector<std::string> kiosks = {"kiosk-1"};  // kiosks added in `municipality`
    bool add_reader = true;                          // a reader token for `municipality`
    // `serve` options; db_path, host and port are set by the fixture.
    bk::registry::ServeConfig config = DefaultConfig();
    // 2026-11-03T11:30Z: a day after the tests' T0, in the middle of an hour.
    bk::Millis wall_start_ms = 1'793'705'400'000;
    bool start = true;  // start serving in the constructor

    static bk::registry::ServeConfig DefaultConfig() {
        bk::registry::ServeConfig config;
        config.strategies_dir = BK_REGISTRY_TEST_STRATEGIES;
        config.services_dir = BK_REGISTRY_TEST_SERVICES;
        config.threads = 4;
        return config;
    }
};

inline InProcessOptions WithEngine(Engine engine, InProcessOptions options = {}) {
    options.engine = engine;
    return options;
}

class InProcessRegistry {
public:
    explicit InProcessRegistry(InProcessOptions options = {});
    ~InProcessRegistry();
    InProcessRegistry(const InProcessRegistry&) = delete;
    InProcessRegistry& operator=(const InProcessRegistry&) = delete;

    // Opens the database, binds and listens; returns once the server runs. Throws std::runtime_error (a bad
    // schema file, TLS files, or a server that does not come up within 10 s).
    void Start();
    void Stop();     // stops listening, joins the thread, closes the database
    void Restart();  // Stop() + Start() on the same database (the port may change)
    bool Running() const { return m_server != nullptr; }

    bk::ManualClock& Clock() { return m_clock; }
    std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    int Port() const { return m_port; }
    // What `--db` takes: the SQLite file, or the postgresql:// URL of this registry's database.
    std::string DbPath() const;
    std::string Dir() const { return m_dir.Path().string(); }

    std::string KioskToken(const std::string& kiosk_id = "kiosk-1") const;
    std::string ReaderToken() const { return m_reader_token; }
    // More tokens, written through a second connection while the server runs (as the CLI does).
    std::string AddKiosk(const std::string& municipality, const std::string& kiosk_id);
    std::string AddReader(const std::string& municipality, const std::string& name);
    std::string AddStaff(const std::string& municipality, const std::string& name);

private:
    InProcessOptions m_options;
    TempDir m_dir{"bk-registry"};
    std::unique_ptr<PostgresDatabase> m_database;  // Engine::Postgres only
    bk::ManualClock m_clock;
    std::unique_ptr<bk::registry::RegistryServer> m_server;
    std::thread m_thread;
    int m_port = 0;
    std::map<std::string, std::string> m_kiosk_tokens;
    std::string m_reader_token;
};

}  // namespace bk::test
