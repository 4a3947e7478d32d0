#include "in_process_registry.h"

#include <chrono>
#include <stdexcept>

#include "src/auth/auth.h"
#include "src/storage/open_storage.h"

namespace bk::test {

InProcessRegistry::InProcessRegistry(InProcessOptions options)
    : m_options(std::move(options)), m_clock(m_options.wall_start_ms) {
    if (m_options.engine == Engine::Postgres && m_options.shared_db.empty()) {
        m_database = std::make_unique<PostgresDatabase>();
    }
    for (const auto& kiosk : m_options.kiosks) m_kiosk_tokens[kiosk] = AddKiosk(m_options.municipality, kiosk);
    if (m_options.add_reader) m_reader_token = AddReader(m_options.municipality, "service-designers");
    if (m_options.start) Start();
}

InProcessRegistry::~InProcessRegistry() { Stop(); }

void InProcessRegistry::Start() {
    if (m_server) return;
    bk::registry::ServeConfig config = m_options.config;
    config.db_path = DbPath();
    config.host = "127.0.0.1";
    config.port = 0;
    auto server = std::make_unique<bk::registry::RegistryServer>(config, m_clock);
    m_port = server->Bind();
    m_server = std::move(server);
    m_thread = std::thread([this] { m_server->Listen(); });
    // Stop() only reaches a server that runs: wait for listen_after_bind() to have started (Debian's
    // cpp-httplib 0.11 has no wait_until_ready()). It does within microseconds of the thread starting.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!m_server->IsRunning()) {
        if (std::chrono::steady_clock::now() > deadline) {
            m_thread.detach();  // a server that never ran cannot be stopped; leave it rather than hang
            m_server.release();
            throw std::runtime_error("the in-process registry did not start listening within 10 s");
        }
        std::this_thread::yield();
    }
}

void InProcessRegistry::Stop() {
    if (!m_server) return;
    m_server->Stop();
    m_thread.join();
    m_server.reset();
    m_port = 0;
}

void InProcessRegistry::Restart() {
    Stop();
    Start();
}

std::string InProcessRegistry::DbPath() const {
    if (!m_options.shared_db.empty()) return m_options.shared_db;
    return m_database ? m_database->Url() : m_dir / "registry.db";
}

std::string InProcessRegistry::KioskToken(const std::string& kiosk_id) const {
    auto it = m_kiosk_tokens.find(kiosk_id);
    if (it == m_kiosk_tokens.end()) throw std::runtime_error("no token for kiosk " + kiosk_id);
    return it->second;
}

std::string InProcessRegistry::AddKiosk(const std::string& municipality, const std::string& kiosk_id) {
    const auto storage = bk::registry::OpenStorage(DbPath());
    const std::string token = bk::registry::GenerateToken();
    if (!storage->AddKiosk(municipality, kiosk_id, bk::registry::Sha256Hex(token), m_clock.WallMs())) {
        throw std::runtime_error("kiosk " + kiosk_id + " exists");
    }
    return token;
}

std::string InProcessRegistry::AddReader(const std::string& municipality, const std::string& name) {
    const auto storage = bk::registry::OpenStorage(DbPath());
    const std::string token = bk::registry::GenerateToken();
    storage->AddReader(municipality, name, bk::registry::Sha256Hex(token), m_clock.WallMs());
    return token;
}

std::string InProcessRegistry::AddStaff(const std::string& municipality, const std::string& name) {
    const auto storage = bk::registry::OpenStorage(DbPath());
    const std::string token = bk::registry::GenerateToken();
    storage->AddStaff(municipality, name, bk::registry::Sha256Hex(token), m_clock.WallMs());
    return token;
}

}  // namespace bk::test
