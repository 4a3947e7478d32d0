#include "src/cli/cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "shared/clock.h"
#include "src/auth/auth.h"
#include "content/fleet_pack.h"
#include "src/content/content_releases.h"
#include "src/http/server.h"
#include "src/storage/database_url.h"
#include "src/storage/open_storage.h"
#include "src/storage/postgres/copy_sqlite_to_postgres.h"

namespace bk::registry {

namespace {

// [SECTION] Validators

bool ValidId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

// "HOST:PORT" with PORT 0-65535 (0 = any free port).
std::optional<std::pair<std::string, int>> SplitHostPort(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    const std::string port = text.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const int number = std::stoi(port);
    if (number > 65535) return std::nullopt;
    return std::pair{text.substr(0, colon), number};
}

const CLI::Validator kIdValidator(
    [](std::string& value) { return ValidId(value) ? std::string() : "ids are 1-64 letters, digits, '-', '_' or '.'"; },
    "ID");
const CLI::Validator kNameValidator([](std::string& value) { return value.empty() ? "must not be empty" : ""; },
                                    "NAME");
const CLI::Validator kHostPortValidator(
    [](std::string& value) { return SplitHostPort(value) ? std::string() : "expected HOST:PORT with PORT 0-65535"; },
    "HOST:PORT");

const CLI::Validator kBaseUrlValidator(
    [](std::string& value) {
        const bool scheme = value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0;
        const bool clean = value.find_first_of(" #?\t\r\n") == std::string::npos;
        return scheme && clean && value.size() <= 200 ? std::string() : "expected http(s)://HOST[:PORT][/PATH]";
    },
    "URL");

constexpr const char* kDbHelp =
    "SQLite database file, or postgresql://USER@HOST:PORT/DB for a shared PostgreSQL database "
    "(created or migrated if needed)";

const CLI::Validator kPostgresUrlValidator(
    [](std::string& value) { return IsPostgresUrl(value) ? std::string() : "expected postgresql://USER@HOST:PORT/DB"; },
    "URL");

// [SECTION] Commands

struct TokenArgs {
    std::string db;
    std::string municipality;
    std::string kiosk_id;
    std::string name;
    std::string base_url = "http://127.0.0.1:8787";  // staff add: where the sign-in link points
};

int Fail(const std::string& message) {
    std::cerr << "registry-stub: " << message << "\n";
    return 1;
}

int KioskAdd(const TokenArgs& args) {
    const auto storage = OpenStorage(args.db);
    const std::string token = GenerateToken();
    if (!storage->AddKiosk(args.municipality, args.kiosk_id, Sha256Hex(token), bk::WallNowMs())) {
        return Fail("kiosk '" + args.kiosk_id + "' already exists");
    }
    std::cout << token << std::endl;
    return 0;
}

int KioskRotate(const TokenArgs& args) {
    const auto storage = OpenStorage(args.db);
    const std::string token = GenerateToken();
    if (!storage->RotateKioskToken(args.kiosk_id, Sha256Hex(token), bk::WallNowMs())) {
        return Fail("no kiosk '" + args.kiosk_id + "'");
    }
    std::cout << token << std::endl;
    return 0;
}

int ReportRevoked(int revoked, const std::string& who) {
    if (revoked == 0) return Fail("no token to revoke for " + who);
    std::cerr << "registry-stub: revoked " << revoked << " token(s); a running server stops accepting them within "
              << "its --token-cache-s\n";
    return 0;
}

int KioskRevoke(const TokenArgs& args) {
    const auto storage = OpenStorage(args.db);
    return ReportRevoked(storage->RevokeKioskTokens(args.kiosk_id), "kiosk '" + args.kiosk_id + "'");
}

int ReaderAdd(const TokenArgs& args) {
    const auto storage = OpenStorage(args.db);
    const std::string token = GenerateToken();
    storage->AddReader(args.municipality, args.name, Sha256Hex(token), bk::WallNowMs());
    std::cout << token << std::endl;
    return 0;
}

int ReaderRevoke(const TokenArgs& args) {
    const auto storage = OpenStorage(args.db);
    return ReportRevoked(storage->RevokeReaderTokens(args.municipality, args.name), "reader '" + args.name + "'");
}

// The token goes in the URL fragment: a browser never sends the fragment, so the token is in no request line
// and no proxy or server log; the page reads it from location.hash and sends it as a bearer token.
int StaffAdd(const TokenArgs& args) {
    const auto storage = OpenStorage(args.db);
    const std::string token = GenerateToken();
    storage->AddStaff(args.municipality, args.name, Sha256Hex(token), bk::WallNowMs());
    std::string base = args.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::cout << token << "\n" << base << "/staff/#token=" << token << std::endl;
    return 0;
}

int StaffRevoke(const TokenArgs& args) {
    const auto storage = OpenStorage(args.db);
    return ReportRevoked(storage->RevokeStaffTokens(args.municipality, args.name), "staff '" + args.name + "'");
}

int CompareSharing(const TokenArgs& args, bool share) {
    const auto storage = OpenStorage(args.db);
    storage->SetComparisonSharing(args.municipality, share, bk::WallNowMs());
    std::cerr << "registry-stub: " << args.municipality
              << (share ? " now shares its figures with the other municipalities that share theirs "
                          "(GET /v1/reports/compare)\n"
                        : " no longer shares its figures; it sees only its own in comparisons\n");
    return 0;
}

// Prints each table's rows on both sides; every row was copied when the command exits 0.
int Migrate(const std::string& from, const std::string& to) {
    for (const TableCopy& copy : CopySqliteToPostgres(from, to)) {
        std::cout << copy.table << " " << copy.source_rows << " -> " << copy.target_rows << "\n";
    }
    std::cerr << "registry-stub: copied " << from << " into " << RedactedUrl(to) << "\n";
    return 0;
}

struct ContentArgs {
    std::string db;
    std::string out_dir;
    PublishRequest publish;
    std::string valid_from;
    int rollback_to = 0;
};

int ContentKeygen(const ContentArgs& args) {
    std::string why;
    if (!GenerateReleaseKeys(args.out_dir, &why)) return Fail(why);
    std::cerr << "registry-stub: wrote " << args.out_dir << "/private.pem (keep it off the kiosks) and "
              << args.out_dir << "/public.pem (give it to the kiosks as --content-key)\n";
    return 0;
}

int ContentPublish(ContentArgs args) {
    if (!args.valid_from.empty()) args.publish.valid_from = ParseIsoDate(args.valid_from);
    const auto storage = OpenStorage(args.db);
    return PublishContent(*storage, args.publish, bk::WallNowMs(), std::cout, std::cerr);
}

}  // namespace

// [SECTION] Command line

int RunCommandLine(int argc, char** argv) {
    CLI::App app("registry-stub: the central strategy registry stand-in for Borgerkiosk", "registry-stub");
    app.require_subcommand(1);
    // A repeated option takes its last value, so a script can append an override (tests add a second --listen).
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

    ServeConfig config;
    std::string listen = config.host + ":" + std::to_string(config.port);
    CLI::App* serve = app.add_subcommand(
        "serve",
        "Serve the HTTP API. Prints \"listening on HOST:PORT\" on stdout once listening (port 0 = any free port); "
        "logs go to stderr. Stops cleanly on SIGTERM or SIGINT.");
    serve->add_option("--db", config.db_path, kDbHelp)->required();
    serve->add_option("--listen", listen, "address to listen on")->check(kHostPortValidator)->capture_default_str();
    serve->add_option("--strategies", config.strategies_dir, "strategy files (content/strategies)");
    serve->add_option("--services", config.services_dir,
                      "service files (content/services), for themes and staff minutes saved");
    serve->add_option("--schema", config.schema_path, "event schema file (default: the one built in)");
    CLI::Option* tls_cert = serve->add_option("--tls-cert", config.tls_cert, "serve HTTPS with this certificate");
    CLI::Option* tls_key = serve->add_option("--tls-key", config.tls_key, "... and this private key");
    tls_cert->needs(tls_key);
    tls_key->needs(tls_cert);
    serve->add_option("--rate-limit", config.rate_per_s, "requests per second per kiosk (burst 2N; 0 = off)")
        ->check(CLI::Number)->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    serve->add_option("--heartbeat-interval-s", config.heartbeat_interval_s, "slot length for connected_share")
        ->check(CLI::Number)->check(CLI::Range(1, 86'400))
        ->capture_default_str();
    serve->add_option("--threads", config.threads, "connection threads started at once (at least 2; more start on demand)")
        ->check(CLI::Number)->check(CLI::Range(1, 1024))
        ->capture_default_str();
    serve->add_option("--max-connections", config.max_connections,
                      "connections served at once, one thread each; more wait (and idle ones are closed)")
        ->check(CLI::Number)->check(CLI::Range(2, 100'000))
        ->capture_default_str();
    serve->add_option("--request-timeout-s", config.request_timeout_s,
                      "a request's headers and body must arrive within this many seconds of its first byte")
        ->check(CLI::Number)->check(CLI::Range(1, 3'600))
        ->capture_default_str();
    serve->add_option("--keep-alive-timeout-s", config.keep_alive_timeout_s,
                      "an idle keep-alive connection is closed after this many seconds")
        ->check(CLI::Number)->check(CLI::Range(1, 3'600))
        ->capture_default_str();
    serve->add_option("--token-cache-s", config.token_cache_s,
                      "a revoked token stops working within this many seconds (0 = at once)")
        ->check(CLI::Number)->check(CLI::Range(0, 86'400))
        ->capture_default_str();

    serve->add_option("--max-streams", config.max_streams,
                      "staff streams (GET /v1/staff/stream) open at once, each holding a connection thread; more get 503")
        ->check(CLI::Number)->check(CLI::Range(0, 100'000))
        ->capture_default_str();
    serve->add_option("--stream-max-s", config.stream_max_s,
                      "a staff stream ends after this many seconds (the browser reconnects)")
        ->check(CLI::Number)->check(CLI::Range(10, 86'400))
        ->capture_default_str();

    serve->add_option("--alert-window-min", config.alert_window_min,
                      "alerts on bad experiences: the window in minutes")
        ->check(CLI::Number)->check(CLI::Range(1, 24 * 60))
        ->capture_default_str();
    serve->add_option("--alert-min-ratings", config.alert_min_ratings, "... at least this many ratings in the window")
        ->check(CLI::Number)->check(CLI::Range(1, 10'000))
        ->capture_default_str();
    serve->add_option("--alert-unhappy-share", config.alert_unhappy_share,
                      "... and at least this share of them unhappy (1 or 2)")
        ->check(CLI::Number)->check(CLI::Range(0.01, 1.0))
        ->capture_default_str();

    serve->add_option("--escalation-after-s", config.escalation_after_s,
                      "the help report counts a call unanswered for longer than this as an escalation")
        ->check(CLI::Number)->check(CLI::Range(1, 86'400))
        ->capture_default_str();

    // The token commands share one set of arguments; only one command runs.
    TokenArgs args;
    auto add_db = [&](CLI::App* command) {
        command->add_option("--db", args.db, kDbHelp)->required();
    };
    auto add_municipality = [&](CLI::App* command) {
        command->add_option("--municipality", args.municipality, "municipality id")->required()->check(kIdValidator);
    };
    CLI::App* kiosk = app.add_subcommand("kiosk", "Kiosk tokens: a kiosk writes only its own events")->require_subcommand(1);
    CLI::App* kiosk_add = kiosk->add_subcommand("add", "Add kiosk K; prints its new token once (only its SHA-256 is stored)");
    CLI::App* kiosk_rotate =
        kiosk->add_subcommand("rotate", "A new token for kiosk K (a replaced device); prints it once, the old one stops working");
    CLI::App* kiosk_revoke =
        kiosk->add_subcommand("revoke", "Kiosk K's token stops working (a lost or stolen device); its data stay");
    for (CLI::App* command : {kiosk_add, kiosk_rotate, kiosk_revoke}) {
        add_db(command);
        if (command == kiosk_add) add_municipality(command);
        command->add_option("--id", args.kiosk_id, "kiosk id")->required()->check(kIdValidator);
    }
    CLI::App* reader = app.add_subcommand("reader", "Reader tokens: reports of one municipality")->require_subcommand(1);
    CLI::App* reader_add = reader->add_subcommand("add", "Add a read token for reader N; prints it once");
    CLI::App* reader_revoke = reader->add_subcommand("revoke", "The read tokens of reader N stop working");
    for (CLI::App* command : {reader_add, reader_revoke}) {
        add_db(command);
        add_municipality(command);
        command->add_option("--name", args.name, "reader name")->required()->check(kNameValidator);
    }

    CLI::App* staff =
        app.add_subcommand("staff", "Staff tokens: the staff desk sees and answers one municipality's help calls and alerts")
            ->require_subcommand(1);
    CLI::App* staff_add = staff->add_subcommand(
        "add", "Add a staff token for N; prints it once, then the sign-in link BASE-URL/staff/#token=TOKEN");
    CLI::App* staff_revoke = staff->add_subcommand("revoke", "The staff tokens of N stop working (signed-in pages too)");
    for (CLI::App* command : {staff_add, staff_revoke}) {
        add_db(command);
        add_municipality(command);
        command->add_option("--name", args.name, "staff member or desk name")->required()->check(kNameValidator);
    }
    staff_add->add_option("--base-url", args.base_url, "the registry as staff browsers reach it (http:// or https://)")
        ->check(kBaseUrlValidator)
        ->capture_default_str();

    CLI::App* compare =
        app.add_subcommand("compare", "Comparisons across municipalities (opt-in): who shares a service's figures with whom")
            ->require_subcommand(1);
    CLI::App* compare_share = compare->add_subcommand(
        "share", "Municipality M shares its figures and sees those of the other municipalities that share");
    CLI::App* compare_withdraw = compare->add_subcommand("withdraw", "Municipality M stops sharing; it sees only its own");
    for (CLI::App* command : {compare_share, compare_withdraw}) {
        add_db(command);
        add_municipality(command);
    }

    std::string migrate_from;
    std::string migrate_to;
    CLI::App* migrate = app.add_subcommand(
        "migrate",
        "Copy a SQLite registry into an empty PostgreSQL database: kiosks, tokens, events, aggregates, help calls, "
        "alerts, staff, everything; prints each table's rows before and after");
    migrate->add_option("--from", migrate_from, "the SQLite database file")->required()->check(CLI::ExistingFile);
    migrate->add_option("--to", migrate_to, "postgresql://USER@HOST:PORT/DB, an empty (or new, migrated) database")
        ->required()
        ->check(kPostgresUrlValidator);

    ContentArgs content_args;
    CLI::App* content = app.add_subcommand(
        "content", "Fleet content: signed, numbered releases of the content pack that every kiosk fetches and the "
                   "catalogue follows")->require_subcommand(1);
    CLI::App* content_keygen = content->add_subcommand("keygen", "Make an Ed25519 key pair: DIR/private.pem, DIR/public.pem");
    content_keygen->add_option("--out", content_args.out_dir, "folder for the keys")->required();
    CLI::App* content_publish = content->add_subcommand(
        "publish", "Validate the pack as borgerkiosk --check-content does (refused on errors, exit 1), sign it and "
                   "store it as the next release; prints its number and sha256");
    CLI::App* content_list = content->add_subcommand("list", "The releases, oldest first, the current one marked");
    CLI::App* content_rollback = content->add_subcommand(
        "rollback", "Make release N current again: a new release with N's signed bytes, valid from today");
    for (CLI::App* command : {content_publish, content_list, content_rollback})
        command->add_option("--db", content_args.db, kDbHelp)->required();
    content_publish->add_option("--pack", content_args.publish.pack_dir, "the content pack folder")
        ->required()->check(CLI::ExistingDirectory);
    content_publish->add_option("--assets", content_args.publish.assets_dir, "the assets folder (default: PACK/../assets)")
        ->check(CLI::ExistingDirectory);
    content_publish->add_option("--key", content_args.publish.private_key, "the private key (content keygen)")
        ->required()->check(CLI::ExistingFile);
    content_publish->add_option("--valid-from", content_args.valid_from,
                                "YYYY-MM-DD (UTC): kiosks get the release from this day (default: today)")
        ->check(CLI::Validator([](std::string& value) { return ParseIsoDate(value) ? "" : "expected YYYY-MM-DD"; },
                               "DATE"));
    content_rollback->add_option("--to", content_args.rollback_to, "the release number to make current again")
        ->required()->check(CLI::PositiveNumber);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;  // --help is a ParseError with exit code 0
    }

    try {
        if (*serve) {
            std::tie(config.host, config.port) = *SplitHostPort(listen);
            config.rate_burst = 2 * config.rate_per_s;
            config.threads = std::max(2, config.threads);
            return Serve(config);
        }
        if (*kiosk_add) return KioskAdd(args);
        if (*kiosk_rotate) return KioskRotate(args);
        if (*kiosk_revoke) return KioskRevoke(args);
        if (*reader_add) return ReaderAdd(args);
        if (*reader_revoke) return ReaderRevoke(args);
        if (*staff_add) return StaffAdd(args);
        if (*staff_revoke) return StaffRevoke(args);
        if (*migrate) return Migrate(migrate_from, migrate_to);
        if (*content_keygen) return ContentKeygen(content_args);
        if (*content_publish) return ContentPublish(content_args);
        if (*content_list) return ListContent(*OpenStorage(content_args.db), bk::WallNowMs(), std::cout);
        if (*content_rollback)
            return RollbackContent(*OpenStorage(content_args.db), content_args.rollback_to, bk::WallNowMs(), std::cout,
                                   std::cerr);
        if (*compare_share) return CompareSharing(args, true);
        if (*compare_withdraw) return CompareSharing(args, false);
    } catch (const std::exception& e) {
        return Fail(e.what());
    }
    return 2;  // unreachable: require_subcommand made the parse fail
}

}  // namespace bk::registry
