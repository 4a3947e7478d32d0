// A real registry-stub for integration tests: a temp dir with a fresh SQLite file, tokens made with the
// real CLI (`kiosk add`, `reader add`), and `serve --listen 127.0.0.1:0` as a child process whose port is
// read from its "listening on" line (process.h: waits are polls on a pipe or pidfd with a deadline). Stop()
// sends SIGTERM and waits; Restart() serves the same db again; the destructor kills whatever still runs and
// removes the temp dir. The registry's own API tests run the server in-process instead
// (tests/registry/in_process_registry.h); this fixture is for suites that need the real program.
//
//   bk::test::RegistryFixture registry;            // kiosk "kiosk-1" and a reader in "odder"
//   httplib::Client client(registry.BaseUrl());
//   client.Post("/v1/events", {{"Authorization", "Bearer " + registry.KioskToken()}}, body, "application/json");
#pragma once
#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "process.h"
#include "temp_dir.h"

namespace bk::test {

struct RegistryOptions {
    std::string municipality = "odder";
    std::vector<std::string> kiosks = {"kiosk-1"};  // kiosks added in `municipality`
    bool add_reader = true;                          // a reader token for `municipality`
    std::string strategies_dir = BK_REGISTRY_TEST_STRATEGIES;  // "" = serve without strategies
    std::string services_dir = BK_REGISTRY_TEST_SERVICES;
    std::vector<std::string> extra_args;  // more `serve` options, e.g. {"--rate-limit", "5"}
    // What `--db` gets: "" = a fresh SQLite file in the fixture's temp dir; or a postgresql:// URL (e.g. a
    // PostgresDatabase's), which several fixtures may share to run several registry processes on one database.
    std::string db;
    bool start = true;                    // start serving in the constructor
};

class RegistryFixture {
public:
    explicit RegistryFixture(RegistryOptions options = {});
    ~RegistryFixture();
    RegistryFixture(const RegistryFixture&) = delete;
    RegistryFixture& operator=(const RegistryFixture&) = delete;

    void Start();    // throws std::runtime_error if the server does not report its port within 10 s
    void Stop();     // SIGTERM, wait; returns once the process is gone
    void Restart();  // Stop() + Start() on the same database (the port changes)
    bool Running() const { return m_process != nullptr; }
    pid_t Pid() const { return m_process ? m_process->Pid() : -1; }  // of the serving process, -1 when stopped
    int LastExitStatus() const { return m_last_exit_status; }  // of the last Stop(): 0 = clean

    std::string BaseUrl() const;  // "http://127.0.0.1:PORT"
    std::string Host() const { return "127.0.0.1"; }
    int Port() const { return m_port; }
    std::string DbPath() const { return m_options.db.empty() ? m_dir / "registry.db" : m_options.db; }
    std::string Dir() const { return m_dir.Path().string(); }
    std::string LogPath() const { return m_dir / "registry.log"; }  // the server's stderr
    std::string ReadLog() const;

    // Tokens made in the constructor.
    std::string KioskToken(const std::string& kiosk_id = "kiosk-1") const;
    std::string ReaderToken() const { return m_reader_token; }

    // More tokens through the real CLI (works while serving; SQLite WAL allows it).
    std::string AddKiosk(const std::string& municipality, const std::string& kiosk_id);
    std::string AddReader(const std::string& municipality, const std::string& name);
    // A staff token through `staff add --base-url BaseUrl()`; the sign-in link it printed (BASE/staff/#token=...)
    // goes to `link` when given. Call after Start() so the link has the port.
    std::string AddStaff(const std::string& municipality, const std::string& name, std::string* link = nullptr);

    // Runs registry-stub with arguments; returns exit status and stdout.
    static std::pair<int, std::string> RunCli(const std::vector<std::string>& args);
    static std::string BinaryPath() { return BK_REGISTRY_STUB_PATH; }

private:
    RegistryOptions m_options;
    TempDir m_dir{"bk-registry"};
    std::unique_ptr<Process> m_process;  // stdout stays open while it runs, so the server never gets SIGPIPE
    int m_port = 0;
    int m_last_exit_status = -1;
    std::map<std::string, std::string> m_kiosk_tokens;
    std::string m_reader_token;
};

}  // namespace bk::test
