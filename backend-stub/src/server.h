// The HTTP side of the registry: configuration, the route table, and the serve loop with clean shutdown.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

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
    int threads = 8;
    int64_t token_cache_s = 10;  // how soon a revoked token stops working (0 = at once)
};

// Runs until SIGTERM or SIGINT; prints "listening on HOST:PORT" to stdout once listening. Returns the exit code.
int Serve(const ServeConfig& config);

}  // namespace bk::registry
