// Tokens: 32 random bytes as hex, shown once; only their SHA-256 hex is stored. A kiosk token writes only
// its own kiosk's events; a reader token reads only its municipality.
#pragma once
#include <optional>
#include <string>

#include "src/storage.h"

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
};

// Looks the bearer token up; `failure` says why there is no principal (401 either way).
std::optional<Principal> Authenticate(Storage& storage, const std::string& authorization_header,
                                      AuthFailure& failure);

}  // namespace bk::registry
