#include "telemetry/ids.h"

#include "shared/hex.h"

namespace bk::telemetry {

std::string UuidV7Generator::Next(Millis unix_ms) {
    std::int64_t ms = unix_ms < 0 ? 0 : unix_ms;
    if (ms > m_last_ms) {
        m_last_ms = ms;
        // Random start with the top bit clear leaves room to count up within the millisecond.
        m_counter = static_cast<std::uint32_t>(m_random.Next64() & 0x7FF);
    } else if (++m_counter > 0xFFF) {
        // Counter exhausted (or clock went back): borrow the next millisecond to stay monotonic.
        ++m_last_ms;
        m_counter = 0;
    }
    const std::uint64_t ts = static_cast<std::uint64_t>(m_last_ms) & 0xFFFF'FFFF'FFFFull;
    const std::uint64_t tail = m_random.Next64();
    std::string out;
    out.reserve(36);
    AppendHex(out, ts >> 16, 8);
    out.push_back('-');
    AppendHex(out, ts & 0xFFFF, 4);
    out.push_back('-');
    AppendHex(out, 0x7000u | m_counter, 4);
    out.push_back('-');
    AppendHex(out, 0x8000u | ((tail >> 48) & 0x3FFF), 4);  // variant 10 + 14 random bits
    out.push_back('-');
    AppendHex(out, tail & 0xFFFF'FFFF'FFFFull, 12);
    return out;
}

bool IsUuidV7(const std::string& text) {
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position != (text[i] == '-'))
            return false;
        if (!dash_position && HexValue(text[i]) < 0)
            return false;
    }
    const int variant = HexValue(text[19]);
    return text[14] == '7' && (variant & 0xC) == 0x8;
}

Millis UuidV7Timestamp(const std::string& text) {
    std::uint64_t ts = 0;
    for (std::size_t i = 0; i < 13 && i < text.size(); ++i) {
        if (text[i] == '-')
            continue;
        ts = (ts << 4) | static_cast<std::uint64_t>(HexValue(text[i]));
    }
    return static_cast<Millis>(ts);
}

std::string NewSessionId(RandomSource& random) {
    std::string out;
    out.reserve(32);
    AppendHex(out, random.Next64(), 16);
    AppendHex(out, random.Next64(), 16);
    return out;
}

}  // namespace bk::telemetry
