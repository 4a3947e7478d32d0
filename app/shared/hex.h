// Lower-case hex, written once for everyone: PIN hashes, token hashes, UUIDs and session ids.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bk {

inline constexpr char kHexDigits[] = "0123456789abcdef";

// The low `nibbles` hex digits of value, most significant first, appended to out.
inline void AppendHex(std::string& out, std::uint64_t value, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) out.push_back(kHexDigits[(value >> (i * 4)) & 0xF]);
}

inline std::string ToHex(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) AppendHex(out, b, 2);
    return out;
}

// 0-15 for a lower-case hex digit, -1 for anything else (upper case included: our hex is canonical).
inline int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// nullopt unless lower-case hex of even length.
inline std::optional<std::vector<std::uint8_t>> FromHex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<std::uint8_t> bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = HexValue(hex[i]);
        const int low = HexValue(hex[i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
    }
    return bytes;
}

}  // namespace bk
