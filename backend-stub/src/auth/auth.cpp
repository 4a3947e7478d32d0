#include "src/auth/auth.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "shared/hex.h"

namespace bk::registry {

std::string RandomHex(std::size_t bytes) {
    std::string buffer(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(buffer.data()), static_cast<int>(bytes)) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return ToHex(std::span(reinterpret_cast<const std::uint8_t*>(buffer.data()), bytes));
}

std::string GenerateToken() { return RandomHex(32); }

std::string Sha256Hex(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    return ToHex(std::span<const std::uint8_t>(digest, length));
}

std::string BearerToken(const std::string& header) {
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return {};
    std::string token = header.substr(kPrefix.size());
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.pop_back();
    return token;
}

std::optional<TokenRecord> TokenCache::Find(const std::string& token_hash) {
    const bk::Millis now = m_clock.MonotonicMs();
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_entries.find(token_hash); it != m_entries.end()) {
            if (now - it->second.loaded_ms < m_ttl_ms) return it->second.record;
            m_entries.erase(it);  // stale: it may have been revoked since
        }
    }
    auto record = m_storage.FindToken(token_hash);
    if (record && m_ttl_ms > 0) {
        std::lock_guard lock(m_mutex);
        m_entries[token_hash] = {*record, now};
    }
    return record;
}

std::optional<Principal> Authenticate(TokenCache& tokens, const std::string& authorization_header,
                                      AuthFailure& failure) {
    const std::string token = BearerToken(authorization_header);
    if (token.empty()) {
        failure = AuthFailure::Missing;
        return std::nullopt;
    }
    // Tokens are 64 hex characters; anything else cannot match and is not worth hashing.
    if (token.size() != 64) {
        failure = AuthFailure::Unknown;
        return std::nullopt;
    }
    auto record = tokens.Find(Sha256Hex(token));
    if (!record) {
        failure = AuthFailure::Unknown;
        return std::nullopt;
    }
    failure = AuthFailure::None;
    return Principal{*record};
}

}  // namespace bk::registry
