// The registry server in the test process, on a ManualClock: a temp dir with a fresh SQLite file, tokens
// made through Storage at the clock's time, and RegistryServer bound to a free port on 127.0.0.1 and
// listening on a thread, as cpp-httplib's own tests do. Tests talk to it with a real httplib::Client over
// loopback and move time with Clock().Advance() instead of sleeping.
//
//   bk::test::InProcessRegistry registry;         // kiosk "kiosk-1" and a reader in "odder"
//   httplib::Client client(registry.BaseUrl());
//   registry.Clock().Advance(1'001);              // e.g. past --token-cache-s 1
//
// The command line itself is tested against the real binary (RegistryFixture::RunCli).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "src/server.h"
#include "temp_dir.h"

namespace bk::test {

struct InProcessOptions {
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
    std::string DbPath() const { return m_dir / "registry.db"; }
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
    bk::ManualClock m_clock;
    std::unique_ptr<bk::registry::RegistryServer> m_server;
    std::thread m_thread;
    int m_port = 0;
    std::map<std::string, std::string> m_kiosk_tokens;
    std::string m_reader_token;
};

}  // namespace bk::test
