// Tokens: 32 random bytes as hex, shown once; only their SHA-256 hex is stored. A kiosk token writes only
// its own kiosk's events; a reader token reads only its municipality; a staff token (the staff desk) lists,
// acknowledges and resolves only its municipality's help calls and alerts.
#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "shared/clock.h"
#include "src/storage/storage.h"

namespace bk::registry {

std::string GenerateToken();                        // 64 hex characters from RAND_bytes
std::string Sha256Hex(const std::string& text);
std::string RandomHex(std::size_t bytes);

// "Bearer <token>" -> token; "" when the header is missing or not a bearer token.
std::string BearerToken(const std::string& authorization_header);

enum class AuthFailure { None, Missing, Unknown };

struct Principal {
    TokenRecord token;
    bool IsKiosk() const { return token.kind == TokenKind::Kiosk; }
    bool IsReader() const { return token.kind == TokenKind::Reader; }
    bool IsStaff() const { return token.kind == TokenKind::Staff; }
};

// Token look-ups with a memory: a found token is remembered for `ttl_ms` of the clock's monotonic time, so a
// revocation by the CLI (another process) takes effect within it; 0 = look every token up. Unknown tokens are
// never remembered. Thread-safe.
class TokenCache {
public:
    TokenCache(Storage& storage, const bk::Clock& clock, bk::Millis ttl_ms)
        : m_storage(storage), m_clock(clock), m_ttl_ms(ttl_ms) {}
    std::optional<TokenRecord> Find(const std::string& token_hash);

private:
    struct Entry {
        TokenRecord record;
        bk::Millis loaded_ms = 0;
    };
    Storage& m_storage;
    const bk::Clock& m_clock;
    const bk::Millis m_ttl_ms;
    std::mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;
};

// Looks the bearer token up; `failure` says why there is no principal (401 either way).
std::optional<Principal> Authenticate(TokenCache& tokens, const std::string& authorization_header,
                                      AuthFailure& failure);

}  // namespace bk::registry
