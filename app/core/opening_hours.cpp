#include "core/opening_hours.h"

#include <unicode/dtfmtsym.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace bk {

namespace {

std::unique_ptr<icu::TimeZone> Zone(const std::string& time_zone) {
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
    return zone;
}

}  // namespace

bool IsKnownTimeZone(const std::string& time_zone) {
    const std::unique_ptr<icu::TimeZone> zone = Zone(time_zone);
    return zone && *zone != icu::TimeZone::getUnknown();
}

LocalMoment ToLocalMoment(const std::string& time_zone, Millis wall_ms) {
    std::unique_ptr<icu::TimeZone> zone = Zone(time_zone);
    int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    if (zone && *zone != icu::TimeZone::getUnknown()) zone->getOffset(static_cast<UDate>(wall_ms), false, raw, dst, status);
    if (U_FAILURE(status)) raw = dst = 0;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm), in the local offset.
    const Millis local_ms = wall_ms + raw + dst;
    const Millis day_ms = 86'400'000;
    Millis days = local_ms / day_ms;
    Millis in_day = local_ms % day_ms;
    if (in_day < 0) in_day += day_ms, --days;
    LocalMoment moment;
    moment.minute = static_cast<int>(in_day / 60'000);
    moment.second = static_cast<int>(in_day % 60'000 / 1000);
    moment.weekday = static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday (3)
    const Millis z = days + 719468;
    const Millis era = (z >= 0 ? z : z - 146096) / 146097;
    const Millis doe = z - era * 146097;
    const Millis yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const Millis doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const Millis mp = (5 * doy + 2) / 153;
    const Millis day = doy - (153 * mp + 2) / 5 + 1;
    const Millis month = mp < 10 ? mp + 3 : mp - 9;
    const Millis year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char date[40];
    std::snprintf(date, sizeof date, "%04lld-%02lld-%02lld", static_cast<long long>(year), static_cast<long long>(month),
                  static_cast<long long>(day));
    moment.date = date;
    return moment;
}

bool IsOpenAt(const OpeningHours& hours, Millis wall_ms) {
    if (!hours.defined) return true;
    const LocalMoment now = ToLocalMoment(hours.time_zone, wall_ms);
    if (hours.closed_days.count(now.date)) return false;
    for (const OpeningInterval& interval : hours.week[static_cast<size_t>(now.weekday)])
        if (now.minute >= interval.open_min && now.minute < interval.close_min) return true;
    return false;
}

Millis NextOpeningChangeMs(const OpeningHours& hours, Millis wall_ms) {
    if (!hours.defined) return -1;
    const LocalMoment now = ToLocalMoment(hours.time_zone, wall_ms);
    int next = 24 * 60;  // local midnight: the next day's hours and closed days apply
    for (const OpeningInterval& interval : hours.week[static_cast<size_t>(now.weekday)]) {
        if (interval.open_min > now.minute) next = std::min(next, interval.open_min);
        if (interval.close_min > now.minute) next = std::min(next, interval.close_min);
    }
    const Millis into_minute_ms = now.second * 1000LL + wall_ms % 1000;
    return wall_ms - into_minute_ms + static_cast<Millis>(next - now.minute) * 60'000;
}

bool ParseOpeningInterval(const std::string& text, OpeningInterval& out) {
    int open_h = 0, open_m = 0, close_h = 0, close_m = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%2d:%2d-%2d:%2d%c", &open_h, &open_m, &close_h, &close_m, &tail) != 4) return false;
    if (text.size() != 11) return false;  // exactly "HH:MM-HH:MM"
    if (open_h < 0 || open_h > 23 || open_m < 0 || open_m > 59 || close_m < 0 || close_m > 59) return false;
    if (close_h < 0 || close_h > 24 || (close_h == 24 && close_m != 0)) return false;
    out.open_min = open_h * 60 + open_m;
    out.close_min = close_h * 60 + close_m;
    return out.open_min < out.close_min;
}

std::string FormatMinutes(int minute) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

std::string WeekdayName(const std::string& lang, int weekday) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::DateFormatSymbols symbols(icu::Locale(lang.c_str()), status);
    int32_t count = 0;
    const icu::UnicodeString* names =
        symbols.getWeekdays(count, icu::DateFormatSymbols::STANDALONE, icu::DateFormatSymbols::WIDE);
    const int index = (weekday + 1) % 7 + 1;  // ICU: 1 = Sunday ... 7 = Saturday
    std::string name;
    if (U_SUCCESS(status) && names && index < count) names[index].toUTF8String(name);
    return name;
}

}  // namespace bk
