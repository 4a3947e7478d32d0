// Calendar dates written "YYYY-MM-DD" (ISO 8601), as content editors write a service's `verified_on` and as
// `borgerkiosk --today` takes them. Header-only, so the option parser can check a date without the content library.
#pragma once
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "shared/clock.h"

namespace bk {

using Date = std::chrono::sys_days;

// The date, or none unless the text is exactly four, two and two digits joined by dashes and names a real day
// ("2026-02-30" is refused).
inline std::optional<Date> ParseIsoDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            parts[p] = parts[p] * 10 + (text[i] - '0');
        }
    }
    const std::chrono::year_month_day day{std::chrono::year{parts[0]}, std::chrono::month{static_cast<unsigned>(parts[1])},
                                          std::chrono::day{static_cast<unsigned>(parts[2])}};
    if (!day.ok()) return std::nullopt;
    return Date{day};
}

inline std::string FormatIsoDate(Date date) {
    const std::chrono::year_month_day day{date};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                  static_cast<unsigned>(day.day()));
    return buffer;
}

// The UTC calendar day of a wall-clock time (bk::WallNowMs()).
inline Date DateOfWallMs(Millis wall_ms) {
    return std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{wall_ms}});
}

}  // namespace bk
