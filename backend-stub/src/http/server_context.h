// What the registry's routes share: configuration, clock, storage, tokens, the catalogue, the event schema, the
// rate limiter, the staff feed and the alert monitor (one per RegistryServer), and the few ways they answer.
#pragma once
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "shared/clock.h"
#include "schema/json_schema.h"
#include "src/auth/auth.h"
#include "src/content/catalog.h"
#include "src/http/api_result.h"
#include "src/http/rate_limiter.h"
#include "src/http/server.h"
#include "src/staff/alerts.h"
#include "src/staff/staff_feed.h"
#include "src/storage/storage.h"

namespace bk::registry {

// One line on stderr, written at once so lines from worker threads do not interleave.
void Log(const std::string& line);

// Never throws: a string that is not UTF-8 (input is validated first, so only by mistake) is sent with U+FFFD.
std::string DumpJson(const nlohmann::json& body);

void SendJson(httplib::Response& res, const ApiResult& result);

// Time comes only from `clock`.
struct ServerContext {
    ServerContext(const ServeConfig& serve_config, const bk::Clock& serve_clock)
        : config(serve_config), clock(serve_clock) {}
    ServeConfig config;
    const bk::Clock& clock;
    std::unique_ptr<Storage> storage;
    std::unique_ptr<TokenCache> tokens;
    // The catalogue comes from the current content release, else from --strategies/--services (the bootstrap);
    // CurrentCatalog() swaps it when another release becomes current. Handlers hold their snapshot.
    std::shared_ptr<const Catalog> bootstrap_catalog;
    std::mutex catalog_mutex;  // guards the three below
    std::shared_ptr<const Catalog> catalog;
    int catalog_release = 0;           // the release `catalog` came from; 0 = the bootstrap
    int64_t catalog_checked_ms = -1;   // monotonic; the releases are looked at once a second at most
    JsonSchema schema;
    std::unique_ptr<RateLimiter> limiter;
    std::unique_ptr<StaffFeed> feed;
    std::unique_ptr<AlertMonitor> alerts;
    // The staff stream's desk event per municipality, rendered at a feed version (DeskEvent in routes.cpp).
    struct RenderedDesk {
        uint64_t version = 0;
        int64_t wall_ms = 0;
        std::string text;
    };
    std::mutex desk_mutex;
    std::map<std::string, RenderedDesk> desks;
};

// The catalogue to answer from now; looks at the content releases at most once a second.
std::shared_ptr<const Catalog> CurrentCatalog(ServerContext& ctx);

}  // namespace bk::registry
