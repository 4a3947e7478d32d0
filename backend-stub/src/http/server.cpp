// The registry's HTTP server: its configuration (limits, error answers, the exception handler that turns a
// database that may serve again soon into 503), the route table (routes.h), and the serve loop with clean shutdown.
#include "src/http/server.h"

#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <thread>

#include "shared/clock.h"
#include "schema/event_schema.h"
#include "src/http/http_server.h"
#include "src/http/request_checks.h"
#include "src/http/routes.h"
#include "src/http/server_context.h"
#include "src/http/service_watchdog.h"
#include "src/storage/database_url.h"
#include "src/storage/open_storage.h"

namespace bk::registry {

using nlohmann::json;

namespace {

// A database that may serve again soon (storage.h): 503, and when to retry depends on why.
void SendUnavailable(const StorageUnavailable& e, httplib::Response& res) {
    switch (e.reason) {
        case StorageUnavailable::Reason::DiskFull:
            res.set_header("Retry-After", "60");
            return SendJson(res, ApiError(503, "the registry's disk is full; retry later"));
        case StorageUnavailable::Reason::Busy:
            res.set_header("Retry-After", "1");
            return SendJson(res, ApiError(503, "the registry's database is busy; retry later"));
        case StorageUnavailable::Reason::Unreachable:
            break;
    }
    res.set_header("Retry-After", "5");
    SendJson(res, ApiError(503, "the registry's database cannot be reached; retry later"));
}

void ConfigureServer(httplib::Server& server, ServerContext& ctx) {
    server.set_payload_max_length(ctx.config.max_body_bytes);
    // Plain HTTP: GuardedServer enforces these per request (http_server.h); TLS: httplib enforces them per read.
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);
    server.set_keep_alive_timeout(ctx.config.keep_alive_timeout_s);
    server.set_tcp_nodelay(true);

    // Chunked bodies bypass the Content-Length check; the kiosk always sends a length.
    server.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
        if (!ContentLengthIsClear(req)) {
            SendJson(res, ApiError(400, "one Content-Length header with a number, please"));
            return httplib::Server::HandlerResponse::Handled;
        }
        // Refused before a byte of the body is read (httplib would read and discard it all first).
        if (req.has_header("Content-Length") &&
            std::stoull(req.get_header_value("Content-Length")) > ctx.config.max_body_bytes) {
            SendJson(res, ApiError(413, "body larger than the 1 MiB limit"));
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!RequestTextIsUtf8(req)) {
            SendJson(res, ApiError(400, "the path, query parameters and Content-Encoding must be valid UTF-8"));
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method == "POST" && req.has_header("Transfer-Encoding")) {
            SendJson(res, ApiError(411, "send a Content-Length; chunked bodies are not accepted"));
            return httplib::Server::HandlerResponse::Handled;
        }
        // httplib decodes gzip, deflate and br and passes anything else through undecoded: refuse it.
        const std::string encoding = req.get_header_value("Content-Encoding");
        if (!encoding.empty() && encoding != "gzip" && encoding != "deflate" && encoding != "br" && encoding != "identity") {
            SendJson(res, ApiError(415, "unsupported Content-Encoding '" + encoding + "' (use gzip)"));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;  // a handler already explained the error
        std::string message = "HTTP error " + std::to_string(res.status);
        if (res.status == 400) message = "bad request";
        if (res.status == 404) message = "no such endpoint";
        if (res.status == 405) message = "method not allowed";
        if (res.status == 413) message = "body larger than the 1 MiB limit";
        if (res.status == 415) message = "unsupported Content-Encoding";
        res.set_content(DumpJson(json{{"error", message}}), "application/json");
    });
    // An error answer to a request with a body closes the connection: the body may be unread (401, 403, 413,
    // 429 come before it is read), and the connection loop closes then anyway (http_server.cpp).
    server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        const bool has_body = req.has_header("Transfer-Encoding") || !ContentLengthIsClear(req) ||
                              (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
        if (res.status >= 400 && has_body) {
            res.set_header("Connection", "close");
            res.headers.erase("Keep-Alive");
        }
    });
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const StorageUnavailable& e) {
            Log("warning: " + req.method + " " + req.path + ": " + e.what());
            return SendUnavailable(e, res);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        Log("error: " + req.method + " " + req.path + ": " + what);
        res.status = 500;
        res.set_content(DumpJson(json{{"error", "internal error"}}), "application/json");
    });
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        if (res.status >= 400) Log(req.method + " " + req.path + " -> " + std::to_string(res.status));
    });
}

// [SECTION] Server and serve loop

JsonSchema LoadSchema(const std::string& path) {
    try {
        if (path.empty()) return JsonSchema::Compile(json::parse(EmbeddedEventSchemaText()));
        std::ifstream file(path);
        if (!file) throw std::runtime_error("cannot read schema " + path);
        return JsonSchema::Compile(json::parse(file));
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("bad event schema: ") + e.what());
    }
}

// httplib's SSLServer with the growing connection pool; its reads have only httplib's per-read timeout.
class TlsServer : public httplib::SSLServer {
public:
    TlsServer(const ServeConfig& config)
        : httplib::SSLServer(config.tls_cert.c_str(), config.tls_key.c_str()) {
        const auto start = static_cast<std::size_t>(config.threads);
        const auto max = static_cast<std::size_t>(config.max_connections);
        new_task_queue = [start, max] { return new ConnectionPool(start, max); };
    }
    void RaiseBacklog(int backlog) {
        const socket_t sock = svr_sock_;
        if (sock != INVALID_SOCKET) ::listen(sock, backlog);
    }
};

// The storage config.db_path names: a SQLite file or a postgresql:// URL (open_storage.h); the log shows no password.
std::unique_ptr<Storage> OpenConfiguredStorage(const ServeConfig& config) {
    auto storage = OpenStorage(config.db_path, config.heartbeat_interval_s * 1000);
    Log("database " + RedactedUrl(config.db_path) + " at schema version " + std::to_string(storage->SchemaVersion()));
    return storage;
}

// The listen backlog after bind: a burst of connects (hundreds of kiosks after a network outage) waits in the
// kernel's queue instead of for SYN retries.
constexpr int kListenBacklog = 4096;

}  // namespace

struct RegistryServer::Impl {
    Impl(const ServeConfig& config, const bk::Clock& clock) : ctx(config, clock) {}
    ServerContext ctx;
    std::unique_ptr<httplib::Server> server;
    std::function<void()> raise_backlog;
    int port = -1;
};

RegistryServer::RegistryServer(const ServeConfig& config, const bk::Clock& clock)
    : RegistryServer(config, clock, OpenConfiguredStorage(config)) {}

RegistryServer::RegistryServer(const ServeConfig& config, const bk::Clock& clock, std::unique_ptr<Storage> storage)
    : m_impl(std::make_unique<Impl>(config, clock)) {
    ServerContext& ctx = m_impl->ctx;
    ctx.schema = LoadSchema(config.schema_path);
    ctx.storage = std::move(storage);
    ctx.tokens = std::make_unique<TokenCache>(*ctx.storage, clock, config.token_cache_s * 1000);
    std::vector<std::string> warnings;
    auto bootstrap = std::make_shared<Catalog>();
    bootstrap->LoadStrategies(config.strategies_dir, warnings);
    bootstrap->LoadServices(config.services_dir, warnings);
    for (const auto& warning : warnings) Log("warning: " + warning);
    Log("loaded " + std::to_string(bootstrap->StrategyCount()) + " strategies, " +
        std::to_string(bootstrap->ServiceCount()) + " services");
    ctx.bootstrap_catalog = ctx.catalog = std::move(bootstrap);
    CurrentCatalog(ctx);  // a published release replaces the bootstrap from the start
    ctx.limiter = std::make_unique<RateLimiter>(config.rate_per_s, config.rate_burst);
    // Streams may hold at most half the connection threads: the other half always serves requests.
    int max_streams = std::max(0, config.max_streams);
    if (max_streams > config.max_connections / 2) {
        max_streams = config.max_connections / 2;
        Log("warning: --max-streams lowered to " + std::to_string(max_streams) + ", half of --max-connections");
    }
    ctx.feed = std::make_unique<StaffFeed>(static_cast<std::size_t>(max_streams));
    AlertRules rules;
    rules.window_ms = config.alert_window_min * 60 * 1000;
    rules.min_ratings = config.alert_min_ratings;
    rules.unhappy_share = config.alert_unhappy_share;
    ctx.alerts = std::make_unique<AlertMonitor>(*ctx.storage, rules);

    if (!config.tls_cert.empty() || !config.tls_key.empty()) {
        auto tls = std::make_unique<TlsServer>(config);
        if (!tls->is_valid()) {
            throw std::runtime_error("cannot load TLS certificate " + config.tls_cert + " / key " + config.tls_key);
        }
        m_impl->raise_backlog = [server = tls.get()] { server->RaiseBacklog(kListenBacklog); };
        m_impl->server = std::move(tls);
    } else {
        ConnectionLimits limits;
        limits.request_timeout_ms = config.request_timeout_s * 1000;
        limits.keep_alive_timeout_ms = config.keep_alive_timeout_s * 1000;
        auto plain = std::make_unique<GuardedServer>(limits, static_cast<std::size_t>(config.threads),
                                                     static_cast<std::size_t>(config.max_connections));
        m_impl->raise_backlog = [server = plain.get()] { server->RaiseBacklog(kListenBacklog); };
        m_impl->server = std::move(plain);
    }
    ConfigureServer(*m_impl->server, ctx);
    RegisterRoutes(*m_impl->server, ctx);
    // Last, once nothing can throw: changes other registry processes make on a shared database wake this
    // process's staff streams too (the destructor stops it before the feed goes).
    ctx.storage->WatchStaffChanges([feed = ctx.feed.get()](const std::string& municipality) { feed->Notify(municipality); });
}

RegistryServer::~RegistryServer() {
    m_impl->ctx.storage->WatchStaffChanges({});
}  // then closes SQLite cleanly (WAL checkpoint on last close)

int RegistryServer::Bind() {
    const ServeConfig& config = m_impl->ctx.config;
    int port = config.port;
    if (port == 0) {
        port = m_impl->server->bind_to_any_port(config.host);
    } else if (!m_impl->server->bind_to_port(config.host, port)) {
        port = -1;
    }
    if (port < 0) throw std::runtime_error("cannot listen on " + config.host + ":" + std::to_string(config.port));
    m_impl->raise_backlog();
    m_impl->port = port;
    return port;
}

bool RegistryServer::Listen() { return m_impl->server->listen_after_bind(); }

void RegistryServer::Stop() {
    m_impl->ctx.feed->Shutdown();  // open staff streams end, so their connection threads can be joined
    m_impl->server->stop();
}

bool RegistryServer::IsRunning() const { return m_impl->server->is_running(); }

int RegistryServer::Port() const { return m_impl->port; }

int Serve(const ServeConfig& config) {
    // Block the stop signals in every thread; one thread waits for them and stops the server cleanly.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    const uint64_t open_files = RaiseOpenFileLimit();
    ServeConfig serve_config = config;
    // Each connection holds a socket; keep room for the database, logs and the listening socket.
    const auto fd_room = static_cast<int64_t>(open_files) - 64;
    if (fd_room > 0 && serve_config.max_connections > fd_room) {
        serve_config.max_connections = static_cast<int>(fd_room);
        Log("warning: open-file limit " + std::to_string(open_files) + " allows " + std::to_string(fd_room) +
            " connections; --max-connections lowered to that");
    }

    const bk::SystemClock clock;
    std::unique_ptr<RegistryServer> server;
    int port = -1;
    try {
        server = std::make_unique<RegistryServer>(serve_config, clock);
        port = server->Bind();
    } catch (const std::exception& e) {
        Log(std::string("error: ") + e.what());
        return 1;
    }

    std::atomic<bool> stopping{false};
    std::thread signal_thread([&] {
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        if (!stopping.exchange(true)) Log("signal " + std::to_string(signal_number) + ": shutting down");
        server->Stop();
    });

    std::cout << "listening on " << config.host << ":" << port << std::endl;  // std::endl flushes: tools wait for it
    Log(std::string(config.tls_cert.empty() ? "http" : "https") + " listening on " + config.host + ":" +
        std::to_string(port));
    // Under systemd: ready once it answers its own /health, and the watchdog fed only while it keeps answering.
    const bool any_address = config.host == "0.0.0.0" || config.host == "::" || config.host.empty();
    const std::string own_host = any_address ? "127.0.0.1" : config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    auto watchdog = std::make_unique<ServiceWatchdog>(std::string(config.tls_cert.empty() ? "http://" : "https://") + own_host +
                                                      ":" + std::to_string(port));
    const bool ok = server->Listen();
    watchdog.reset();  // STOPPING=1 before the connections close

    if (!stopping.exchange(true)) {
        // listen ended on its own (an error): wake the signal thread so it can be joined.
        pthread_kill(signal_thread.native_handle(), SIGTERM);
    }
    signal_thread.join();
    server.reset();
    Log("stopped");
    return ok ? 0 : 1;
}

}  // namespace bk::registry
