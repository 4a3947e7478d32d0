// Staff PIN hashing: PBKDF2-HMAC-SHA256, stored as "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>"
// (32-byte hash, lower-case hex). The kiosk stores only the hash, in its profile.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bk {

inline constexpr int kPinHashIterations = 100000;   // what --hash-pin uses
inline constexpr int kPinHashMaxIterations = 10000000;  // above this a check would stall the kiosk
inline constexpr std::size_t kPinHashBytes = 32;

struct PinHashParts {
    int iterations = 0;
    std::vector<std::uint8_t> salt;
    std::vector<std::uint8_t> hash;  // kPinHashBytes long
};

// Returns "" only if OpenSSL fails (or iterations < 1).
std::string HashPin(std::string_view pin, std::span<const std::uint8_t> salt, int iterations);

// Constant-time comparison of the recomputed hash. False for a malformed stored value.
bool VerifyPin(std::string_view pin, std::string_view stored);

// Splits a stored hash; nullopt (and a plain-English reason in *why) when it is malformed.
std::optional<PinHashParts> ParsePinHash(std::string_view stored, std::string* why = nullptr);

}  // namespace bk
