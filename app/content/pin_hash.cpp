#include "content/pin_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <charconv>

#include "shared/hex.h"

namespace bk {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";

bool Pbkdf2(std::string_view pin, std::span<const std::uint8_t> salt, int iterations,
            std::vector<std::uint8_t>& out) {
    out.assign(kPinHashBytes, 0);
    return PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(), static_cast<int>(salt.size()),
                             iterations, EVP_sha256(), static_cast<int>(out.size()), out.data()) == 1;
}

}  // namespace

std::string HashPin(std::string_view pin, std::span<const std::uint8_t> salt, int iterations) {
    if (iterations < 1) return {};
    std::vector<std::uint8_t> hash;
    if (!Pbkdf2(pin, salt, iterations, hash)) return {};
    return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + ToHex(salt) + "$" + ToHex(hash);
}

std::optional<PinHashParts> ParsePinHash(std::string_view stored, std::string* why) {
    auto fail = [&](const char* reason) -> std::optional<PinHashParts> {
        if (why) *why = reason;
        return std::nullopt;
    };
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const std::size_t dollar = stored.find('$', start);
        fields.push_back(stored.substr(start, dollar == std::string_view::npos ? std::string_view::npos
                                                                               : dollar - start));
        if (dollar == std::string_view::npos) break;
        start = dollar + 1;
    }
    if (fields.size() != 4) return fail("expected four parts separated by '$': pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>");
    if (fields[0] != kScheme) return fail("the scheme must be \"pbkdf2-sha256\"");

    PinHashParts parts;
    const std::string_view iter_text = fields[1];
    const auto [end, ec] = std::from_chars(iter_text.data(), iter_text.data() + iter_text.size(), parts.iterations);
    if (iter_text.empty() || ec != std::errc() || end != iter_text.data() + iter_text.size() || parts.iterations < 1)
        return fail("the iteration count must be a positive whole number");
    if (parts.iterations > kPinHashMaxIterations) return fail("the iteration count is too large (at most 10000000)");

    auto salt = FromHex(fields[2]);
    if (!salt || salt->empty()) return fail("the salt must be non-empty lower-case hex");
    auto hash = FromHex(fields[3]);
    if (!hash || hash->size() != kPinHashBytes) return fail("the hash must be 64 lower-case hex digits (32 bytes)");
    parts.salt = std::move(*salt);
    parts.hash = std::move(*hash);
    return parts;
}

bool VerifyPin(std::string_view pin, std::string_view stored) {
    const auto parts = ParsePinHash(stored);
    if (!parts) return false;
    std::vector<std::uint8_t> hash;
    if (!Pbkdf2(pin, parts->salt, parts->iterations, hash)) return false;
    // Constant time, so response timing does not reveal how much of a guess matched.
    return CRYPTO_memcmp(hash.data(), parts->hash.data(), kPinHashBytes) == 0;
}

}  // namespace bk
