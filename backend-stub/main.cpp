// registry-stub: the municipality's central strategy registry, small. Wiring and command line only.
//   registry-stub serve --db FILE --listen HOST:PORT [--strategies DIR] [--services DIR] ...
//   registry-stub kiosk add|rotate|revoke ...    registry-stub reader add|revoke ...
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "src/auth.h"
#include "src/server.h"
#include "src/sqlite_storage.h"
#include "core/clock.h"

namespace {

using namespace bk::registry;

constexpr const char* kUsage = R"(registry-stub: central strategy registry stand-in for Borgerkiosk

Usage:
  registry-stub serve --db FILE --listen HOST:PORT [options]
      --strategies DIR          strategy files (content/strategies)
      --services DIR            service files (content/services), for themes and staff minutes saved
      --schema FILE             event schema (default: the one built in)
      --tls-cert FILE --tls-key FILE   serve HTTPS
      --rate-limit N            requests per second per kiosk (burst 2N; 0 = off; default 20)
      --heartbeat-interval-s N  slot length for connected_share (default 300)
      --threads N               worker threads (default 8)
      --token-cache-s N         a revoked token stops working within N seconds (default 10; 0 = at once)
    Prints "listening on HOST:PORT" on stdout once listening (port 0 = any free port); logs go to stderr.
    Stops cleanly on SIGTERM or SIGINT.
  registry-stub kiosk add --db FILE --municipality M --id K
    Prints a new kiosk token once. Only its SHA-256 is stored.
  registry-stub kiosk rotate --db FILE --id K
    A new token for kiosk K (a replaced device); its old token stops working. Prints the new token once.
  registry-stub kiosk revoke --db FILE --id K
    Kiosk K's token stops working (a lost or stolen device). Its data stay.
  registry-stub reader add --db FILE --municipality M --name N
    Prints a new read token (reports for municipality M) once.
  registry-stub reader revoke --db FILE --municipality M --name N
    The read tokens of reader N stop working.
  registry-stub --help
)";

// "--key value" pairs after the command words; nullopt on a dangling or unknown option.
std::optional<std::map<std::string, std::string>> ParseOptions(int argc, char** argv, int first,
                                                               std::initializer_list<const char*> allowed) {
    std::map<std::string, std::string> options;
    for (int i = first; i < argc; i += 2) {
        const std::string key = argv[i];
        bool known = false;
        for (const char* name : allowed) known = known || key == name;
        if (!known || i + 1 >= argc) {
            std::cerr << "registry-stub: unexpected argument '" << key << "'\n";
            return std::nullopt;
        }
        options[key] = argv[i + 1];
    }
    return options;
}

bool ValidId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    }
    return true;
}

int CommandServe(int argc, char** argv) {
    auto options = ParseOptions(argc, argv, 2,
                                {"--db", "--listen", "--strategies", "--services", "--schema", "--tls-cert",
                                 "--tls-key", "--rate-limit", "--heartbeat-interval-s", "--threads", "--token-cache-s"});
    if (!options) return 2;
    auto& o = *options;
    if (!o.count("--db")) {
        std::cerr << "registry-stub serve: --db FILE is required\n";
        return 2;
    }
    ServeConfig config;
    config.db_path = o["--db"];
    try {
        if (o.count("--listen")) {
            const std::string listen = o["--listen"];
            const auto colon = listen.rfind(':');
            if (colon == std::string::npos) throw std::invalid_argument("--listen needs HOST:PORT");
            config.host = listen.substr(0, colon);
            config.port = std::stoi(listen.substr(colon + 1));
            if (config.port < 0 || config.port > 65535) throw std::invalid_argument("port out of range");
        }
        if (o.count("--rate-limit")) {
            config.rate_per_s = std::stod(o["--rate-limit"]);
            config.rate_burst = 2 * config.rate_per_s;
        }
        if (o.count("--heartbeat-interval-s")) config.heartbeat_interval_s = std::stoll(o["--heartbeat-interval-s"]);
        if (o.count("--threads")) config.threads = std::max(2, std::stoi(o["--threads"]));
        if (o.count("--token-cache-s")) config.token_cache_s = std::stoll(o["--token-cache-s"]);
        if (config.token_cache_s < 0) throw std::invalid_argument("--token-cache-s must be >= 0");
        if (config.heartbeat_interval_s < 1) throw std::invalid_argument("--heartbeat-interval-s must be >= 1");
    } catch (const std::exception& e) {
        std::cerr << "registry-stub serve: bad option: " << e.what() << "\n";
        return 2;
    }
    config.strategies_dir = o["--strategies"];
    config.services_dir = o["--services"];
    config.schema_path = o["--schema"];
    config.tls_cert = o["--tls-cert"];
    config.tls_key = o["--tls-key"];
    if (config.tls_cert.empty() != config.tls_key.empty()) {
        std::cerr << "registry-stub serve: --tls-cert and --tls-key go together\n";
        return 2;
    }
    return Serve(config);
}

int CommandAdd(int argc, char** argv, bool kiosk) {
    auto options = ParseOptions(argc, argv, 3, {"--db", "--municipality", kiosk ? "--id" : "--name"});
    if (!options) return 2;
    auto& o = *options;
    const std::string second = kiosk ? "--id" : "--name";
    if (o["--db"].empty() || !ValidId(o["--municipality"]) || (kiosk ? !ValidId(o[second]) : o[second].empty())) {
        std::cerr << "registry-stub: needs --db FILE --municipality M " << second
                  << " VALUE (ids: letters, digits, - _ .)\n";
        return 2;
    }
    try {
        SqliteStorage storage(o["--db"]);
        const std::string token = GenerateToken();
        if (kiosk) {
            if (!storage.AddKiosk(o["--municipality"], o["--id"], Sha256Hex(token), bk::WallNowMs())) {
                std::cerr << "registry-stub: kiosk '" << o["--id"] << "' already exists\n";
                return 1;
            }
        } else {
            storage.AddReader(o["--municipality"], o["--name"], Sha256Hex(token), bk::WallNowMs());
        }
        std::cout << token << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "registry-stub: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

// kiosk rotate / kiosk revoke / reader revoke.
int CommandRevoke(int argc, char** argv, bool kiosk, bool rotate) {
    auto options = kiosk ? ParseOptions(argc, argv, 3, {"--db", "--id"})
                         : ParseOptions(argc, argv, 3, {"--db", "--municipality", "--name"});
    if (!options) return 2;
    auto& o = *options;
    if (o["--db"].empty() || (kiosk ? !ValidId(o["--id"]) : !ValidId(o["--municipality"]) || o["--name"].empty())) {
        std::cerr << "registry-stub: needs --db FILE " << (kiosk ? "--id K" : "--municipality M --name N") << "\n";
        return 2;
    }
    try {
        SqliteStorage storage(o["--db"]);
        if (rotate) {
            const std::string token = GenerateToken();
            if (!storage.RotateKioskToken(o["--id"], Sha256Hex(token), bk::WallNowMs())) {
                std::cerr << "registry-stub: no kiosk '" << o["--id"] << "'\n";
                return 1;
            }
            std::cout << token << std::endl;
            return 0;
        }
        const int revoked = kiosk ? storage.RevokeKioskTokens(o["--id"]) : storage.RevokeReaderTokens(o["--municipality"], o["--name"]);
        if (revoked == 0) {
            std::cerr << "registry-stub: no token to revoke for " << (kiosk ? "kiosk '" + o["--id"] : "reader '" + o["--name"]) << "'\n";
            return 1;
        }
        std::cerr << "registry-stub: revoked " << revoked << " token(s); a running server stops accepting them within its "
                  << "--token-cache-s\n";
    } catch (const std::exception& e) {
        std::cerr << "registry-stub: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    const std::string sub = argc > 2 ? argv[2] : "";
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "serve") return CommandServe(argc, argv);
    if ((command == "kiosk" || command == "reader") && sub == "add") return CommandAdd(argc, argv, command == "kiosk");
    if ((command == "kiosk" || command == "reader") && sub == "revoke") return CommandRevoke(argc, argv, command == "kiosk", false);
    if (command == "kiosk" && sub == "rotate") return CommandRevoke(argc, argv, true, true);
    std::cerr << kUsage;
    return 2;
}
