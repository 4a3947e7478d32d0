// A kiosk's opening hours, from its profile: times per weekday in the place's time zone, and closed days such as
// public holidays. Outside them the kiosk shows a calm closed screen, starts no visit and reports itself closed;
// a visit already running at closing time is finished first. A profile without opening hours is always open.
#pragma once
#include <array>
#include <set>
#include <string>
#include <vector>

#include "shared/clock.h"

namespace bk {

struct OpeningInterval {
    int open_min = 0;   // minutes after local midnight
    int close_min = 0;  // after open_min, at most 24 * 60
};

struct OpeningHours {
    bool defined = false;                                // false: always open
    std::string time_zone = "Europe/Copenhagen";         // an IANA zone name, as ICU knows it
    std::array<std::vector<OpeningInterval>, 7> week;    // [0] = Monday; empty = closed that weekday
    std::set<std::string> closed_days;                   // local dates "YYYY-MM-DD"
};

// A wall time as the kiosk's place reads it.
struct LocalMoment {
    std::string date;   // "YYYY-MM-DD"
    int weekday = 0;    // 0 = Monday
    int minute = 0;     // minutes after local midnight
    int second = 0;     // seconds after that minute
};

// Through ICU's time zones (summer time included). An unknown zone reads as UTC.
LocalMoment ToLocalMoment(const std::string& time_zone, Millis wall_ms);
bool IsKnownTimeZone(const std::string& time_zone);

bool IsOpenAt(const OpeningHours& hours, Millis wall_ms);
// The wall time of the next opening or closing (at the latest the next local midnight, where the day's hours
// change), or -1 when the hours are not defined. Re-asked at that moment, so a summer-time night only delays it.
Millis NextOpeningChangeMs(const OpeningHours& hours, Millis wall_ms);

// "08:00-16:00" -> interval; false when it does not read so.
bool ParseOpeningInterval(const std::string& text, OpeningInterval& out);
std::string FormatMinutes(int minute);  // 480 -> "08:00"
// The weekday's name in a language, from ICU's CLDR data ("mandag", "Monday", "الاثنين"); weekday 0 = Monday.
std::string WeekdayName(const std::string& lang, int weekday);

}  // namespace bk
