#include "src/http/server_context.h"

#include <iostream>
#include <vector>

#include "src/content/content_releases.h"

namespace bk::registry {

using nlohmann::json;

void Log(const std::string& line) { std::cerr << (line + "\n") << std::flush; }

std::string DumpJson(const json& body) { return body.dump(-1, ' ', false, json::error_handler_t::replace); }

void SendJson(httplib::Response& res, const ApiResult& result) {
    res.status = result.status;
    res.set_content(DumpJson(result.body), "application/json");
}

namespace {

constexpr int64_t kCatalogCheckMs = 1000;

}  // namespace

std::shared_ptr<const Catalog> CurrentCatalog(ServerContext& ctx) {
    std::lock_guard lock(ctx.catalog_mutex);
    const int64_t now = ctx.clock.MonotonicMs();
    if (ctx.catalog_checked_ms >= 0 && now - ctx.catalog_checked_ms < kCatalogCheckMs) return ctx.catalog;
    ctx.catalog_checked_ms = now;
    const int number = CurrentReleaseNumber(ctx.storage->ListContentReleases(), DateOfWallMs(ctx.clock.WallMs()));
    if (number == ctx.catalog_release) return ctx.catalog;
    if (number == 0) {
        ctx.catalog = ctx.bootstrap_catalog;
    } else {
        const std::optional<ContentRelease> release = ctx.storage->GetContentRelease(number);
        std::string why;
        const auto files = release ? ReleaseFiles(*release, &why) : std::nullopt;
        if (!files) {
            Log("warning: content release " + std::to_string(number) + " cannot be read (" + why + "); catalogue kept");
            return ctx.catalog;
        }
        auto catalog = std::make_shared<Catalog>();
        std::vector<std::string> warnings;
        catalog->LoadPackFiles(*files, warnings);
        for (const auto& warning : warnings) Log("warning: release " + std::to_string(number) + ": " + warning);
        ctx.catalog = std::move(catalog);
    }
    ctx.catalog_release = number;
    Log("catalogue from " + (number == 0 ? std::string("--strategies/--services") : "content release " + std::to_string(number)) +
        ": " + std::to_string(ctx.catalog->StrategyCount()) + " strategies, " + std::to_string(ctx.catalog->ServiceCount()) +
        " services");
    return ctx.catalog;
}

}  // namespace bk::registry
