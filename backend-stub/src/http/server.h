// The HTTP side of the registry: configuration, the route table, and the serve loop with clean shutdown.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "shared/clock.h"

namespace bk::registry {

struct ServeConfig {
    std::string db_path;
    std::string host = "127.0.0.1";
    int port = 8787;  // 0 = any free port
    std::string strategies_dir;
    std::string services_dir;
    std::string schema_path;  // "" = the schema embedded at build time
    std::string tls_cert;
    std::string tls_key;
    double rate_per_s = 20;  // per kiosk, POST /v1/events and help requests; 0 = no limit
    double rate_burst = 40;
    int64_t heartbeat_interval_s = 300;
    std::size_t max_body_bytes = 1024 * 1024;             // as received (compressed, if gzip)
    std::size_t max_decompressed_bytes = 16 * 1024 * 1024;  // guards against gzip bombs
    int threads = 8;                // connection threads started at once
    int max_connections = 1024;     // connections served at the same time, one thread each (more wait)
    int64_t request_timeout_s = 15;  // a whole request, headers and body, from its first byte
    int64_t keep_alive_timeout_s = 5;
    int64_t token_cache_s = 10;  // how soon a revoked token stops working (0 = at once)
    // The staff stream (GET /v1/staff/stream): each open stream holds a connection thread, so they are bounded.
    int max_streams = 256;               // open at once; more get 503 (keep well under max_connections)
    int64_t stream_max_s = 600;          // a stream ends after this long; the page reconnects
    int64_t stream_heartbeat_ms = 15'000;  // a comment line this often, so proxies and dead clients are noticed
    // Alerts on bad experiences (alerts.h): in this many minutes, at least this many ratings, this share unhappy.
    int64_t alert_window_min = 15;
    int alert_min_ratings = 4;
    double alert_unhappy_share = 0.5;
    int64_t escalation_after_s = 180;  // the help report counts calls unanswered longer than this
};

class Storage;

// The registry's HTTP server: storage, catalogue, schema and the route table, reading time only from `clock`.
// `registry-stub serve` runs one until a signal; tests run one in their own process on a ManualClock, as
// cpp-httplib's own tests do:
//   RegistryServer server(config, clock);           // config.port = 0: any free port
//   const int port = server.Bind();
//   std::thread thread([&] { server.Listen(); });  // wait for IsRunning() before Stop()
//   ... server.Stop(); thread.join();
class RegistryServer {
public:
    // Loads the schema, opens (and migrates) the database, loads the catalogue. Throws std::runtime_error.
    RegistryServer(const ServeConfig& config, const bk::Clock& clock);
    // The same on a given storage (tests inject one that fails, e.g. a full disk); config.db_path is not opened.
    RegistryServer(const ServeConfig& config, const bk::Clock& clock, std::unique_ptr<Storage> storage);
    ~RegistryServer();
    RegistryServer(const RegistryServer&) = delete;
    RegistryServer& operator=(const RegistryServer&) = delete;

    int Bind();            // binds config.host:config.port; returns the port. Throws std::runtime_error.
    bool Listen();         // serves until Stop(); false = it ended with an error
    void Stop();           // from any thread, once IsRunning()
    bool IsRunning() const;
    int Port() const;      // after Bind()

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Runs until SIGTERM or SIGINT; prints "listening on HOST:PORT" to stdout once listening. Returns the exit code.
int Serve(const ServeConfig& config);

}  // namespace bk::registry
