#include "postgres_server.h"

#ifndef BK_POSTGRES_SERVER_NO_GTEST
#include <gtest/gtest.h>
#endif
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "process.h"

// libpqxx 6.4 leaks a libpq result when a query meets a connection the server dropped (seen when a test stops
// its server under a running registry); the leak is the library's, once per broken connection.
extern "C" const char* __lsan_default_suppressions() { return "leak:libpqxx-6.4.so\n"; }

namespace bk::test {

namespace {

constexpr const char* kServiceUser = "bkpg";

// The newest installed server: /usr/lib/postgresql/<version>/bin.
std::string FindBinDir() {
    std::vector<std::filesystem::path> found;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
        if (std::filesystem::exists(entry.path() / "bin" / "pg_ctl")) found.push_back(entry.path() / "bin");
    }
    if (found.empty()) {
        throw std::runtime_error("no PostgreSQL server under /usr/lib/postgresql/*/bin (install Debian's postgresql)");
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return std::stoi(a.parent_path().filename().string()) < std::stoi(b.parent_path().filename().string());
    });
    return found.back().string();
}

// Under root, commands run as the unprivileged service user (created when missing); otherwise as we are.
std::vector<std::string> AsServiceUser(std::vector<std::string> argv) {
    if (geteuid() != 0) return argv;
    std::vector<std::string> wrapped = {"setpriv", std::string("--reuid=") + kServiceUser,
                                        std::string("--regid=") + kServiceUser, "--init-groups", "--"};
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    return wrapped;
}

void EnsureServiceUser() {
    if (geteuid() != 0 || getpwnam(kServiceUser)) return;
    const int status = RunCommand({"useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", kServiceUser});
    if (status != 0 && !getpwnam(kServiceUser)) {
        throw std::runtime_error(std::string("useradd ") + kServiceUser + " failed with status " + std::to_string(status));
    }
}

void GiveToServiceUser(const std::filesystem::path& path) {
    if (geteuid() != 0) return;
    const passwd* user = getpwnam(kServiceUser);
    if (!user || chown(path.c_str(), user->pw_uid, user->pw_gid) != 0) {
        throw std::runtime_error("cannot give " + path.string() + " to " + kServiceUser);
    }
}

// A port nobody listens on now (the kernel's choice); if another process takes it first, Start() tries again.
int FreeLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    close(fd);
    if (port == 0) throw std::runtime_error("no free loopback port");
    return port;
}

std::string Tail(const std::string& path, std::size_t max_chars = 2000) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    const std::string all = text.str();
    return all.size() > max_chars ? all.substr(all.size() - max_chars) : all;
}

std::mutex g_shared_mutex;
std::unique_ptr<PostgresServer> g_shared;

#ifndef BK_POSTGRES_SERVER_NO_GTEST  // benchmarks start their own server and link no GoogleTest
// Stops the shared server when the tests end, before static destructors run.
class SharedServerEnvironment : public ::testing::Environment {
public:
    void TearDown() override { PostgresServer::StopShared(); }
};
[[maybe_unused]] ::testing::Environment* const g_environment =
    ::testing::AddGlobalTestEnvironment(new SharedServerEnvironment);
#endif

}  // namespace

PostgresServer::PostgresServer() : m_bin_dir(FindBinDir()), m_data_dir(m_dir / "data") {
    EnsureServiceUser();
    GiveToServiceUser(m_dir.Path());
    const std::string log = m_dir / "initdb.log";
    const int status = RunCommand(AsServiceUser({m_bin_dir + "/initdb", "-D", m_data_dir, "-U", "postgres", "-A", "trust",
                                                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"}),
                                  {.log_file = log});
    if (status != 0) throw std::runtime_error("initdb failed (" + std::to_string(status) + "): " + Tail(log));
    Start();
}

void PostgresServer::Start() {
    const std::string log = m_dir / "server.log";
    // A test server: no fsync (the data dir is thrown away), sockets only on loopback and in the temp dir.
    for (int attempt = 1; attempt <= 5 && !m_running; ++attempt) {
        m_port = FreeLoopbackPort();
        const std::string options = "-p " + std::to_string(m_port) + " -k " + m_dir.Path().string() +
                                    " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                                    "-c full_page_writes=off -c max_connections=200";
        const int status = RunCommand(AsServiceUser({m_bin_dir + "/pg_ctl", "start", "-w", "-t", "60", "-D", m_data_dir,
                                                     "-l", log, "-o", options}));
        m_running = status == 0;
    }
    if (!m_running) throw std::runtime_error("PostgreSQL did not start: " + Tail(log));
}

PostgresServer::~PostgresServer() {
    if (m_running) RunCommand(AsServiceUser({m_bin_dir + "/pg_ctl", "stop", "-w", "-t", "60", "-m", "fast", "-D", m_data_dir}));
}

PostgresServer& PostgresServer::Shared() {
    std::lock_guard lock(g_shared_mutex);
    if (!g_shared) g_shared = std::make_unique<PostgresServer>();
    return *g_shared;
}

PostgresServer* PostgresServer::SharedIfRunning() {
    std::lock_guard lock(g_shared_mutex);
    return g_shared.get();
}

void PostgresServer::StopShared() {
    std::lock_guard lock(g_shared_mutex);
    g_shared.reset();
}

std::string PostgresServer::Url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

void PostgresServer::Admin(const std::string& sql) const {
    const std::string log = m_dir / "admin.log";
    const int status = RunCommand({m_bin_dir + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                                   std::to_string(m_port), "-U", "postgres", "-d", "postgres", "-c", sql},
                                  {.log_file = log});
    if (status != 0) throw std::runtime_error("psql failed on '" + sql + "': " + Tail(log, 500));
}

PostgresDatabase::PostgresDatabase() {
    static std::atomic<int> counter{0};
    m_name = "bk_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    PostgresServer::Shared().Admin("CREATE DATABASE " + m_name);
}

PostgresDatabase::~PostgresDatabase() {
    PostgresServer* server = PostgresServer::SharedIfRunning();
    if (!server) return;  // the server is gone already: its data dir went with it
    try {
        server->Admin("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
    } catch (const std::exception&) {
        // the server is gone already: its data dir goes with it
    }
}

}  // namespace bk::test
