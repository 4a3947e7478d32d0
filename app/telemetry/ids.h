// Event ids (UUIDv7, RFC 9562) and anonymous session ids.
#pragma once
#include <cstdint>
#include <string>

#include "shared/clock.h"
#include "telemetry/random.h"

namespace bk::telemetry {

// UUIDv7: 48-bit Unix ms timestamp, version 7, a 12-bit counter (RFC 9562 "method 1") and 62 random bits.
// Ids from one generator are strictly increasing as strings, even within one millisecond or if the
// clock steps back. Not thread-safe: the caller serialises (Telemetry calls it under its queue lock).
class UuidV7Generator {
public:
    explicit UuidV7Generator(RandomSource& random) : m_random(random) {}
    std::string Next(Millis unix_ms);
private:
    RandomSource& m_random;
    std::int64_t m_last_ms = -1;
    std::uint32_t m_counter = 0;  // 12 bits
};

// True for the canonical lower-case form with version 7 and variant 10.
bool IsUuidV7(const std::string& text);
// The timestamp field of a UUIDv7 (no validation).
Millis UuidV7Timestamp(const std::string& text);

// 128 random bits as 32 lower-case hex characters. Never derived from anything about the citizen.
std::string NewSessionId(RandomSource& random);

}  // namespace bk::telemetry
