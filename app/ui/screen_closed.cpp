// Outside opening hours: a calm screen with the week's hours and when the kiosk opens again; nothing to tap
// (staff and speech mode still open from their corners). It changes only at the next opening or closing.
#include <string>

#include "ui/screens.h"

namespace bk::ui {

namespace {

std::string Replace(std::string text, const std::string& name, const std::string& value) {
    for (size_t at; (at = text.find(name)) != std::string::npos;) text.replace(at, name.size(), value);
    return text;
}

std::string DayHours(const Frame& f, const std::vector<OpeningInterval>& intervals) {
    if (intervals.empty()) return f.T("closed.all_day");
    std::string text;
    for (const OpeningInterval& interval : intervals) {
        if (!text.empty()) text += ", ";
        text += FormatMinutes(interval.open_min) + "–" + FormatMinutes(interval.close_min);
    }
    return text;
}

// "i morgen kl. 08:00" style: the weekday and time of the next opening, within the coming week.
std::string NextOpening(const Frame& f, const OpeningHours& hours, const LocalMoment& now) {
    for (int ahead = 0; ahead < 8; ++ahead) {
        const int weekday = (now.weekday + ahead) % 7;
        const LocalMoment day = ToLocalMoment(hours.time_zone, f.kiosk.Clk().WallMs() + ahead * 86'400'000LL);
        if (hours.closed_days.count(day.date)) continue;
        for (const OpeningInterval& interval : hours.week[static_cast<size_t>(weekday)]) {
            if (ahead == 0 && interval.open_min <= now.minute) continue;
            return Replace(Replace(f.T("closed.next_open"), "{day}", WeekdayName(f.kiosk.State().lang, weekday)), "{time}",
                           FormatMinutes(interval.open_min));
        }
    }
    return {};
}

}  // namespace

void DrawClosed(const Frame& f) {
    const OpeningHours& hours = f.kiosk.Profile().opening_hours;
    const LocalMoment now = ToLocalMoment(hours.time_zone, f.kiosk.Clk().WallMs());
    BeginTouchScroll("##closed", ContentSize());
    ImGui::Dummy(ImVec2(0, ContentSize().y * (f.portrait ? 0.08f : 0.03f)));
    Heading(f, f.T("closed.title"));
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    Paragraph(f.T("closed.body"), f.palette.text);
    if (hours.closed_days.count(now.date)) Paragraph(f.T("closed.today"), f.palette.text);
    if (const std::string next = NextOpening(f, hours, now); !next.empty()) Paragraph(next, f.palette.text);
    ImGui::Dummy(ImVec2(0, f.em));
    Heading(f, f.T("closed.hours"));
    for (int weekday = 0; weekday < 7; ++weekday) {
        const std::string line = WeekdayName(f.kiosk.State().lang, weekday) + ": " + DayHours(f, hours.week[static_cast<size_t>(weekday)]);
        Paragraph(line, weekday == now.weekday ? f.palette.text : f.palette.text_muted);
    }
    // The word "closed" in the profile's other languages, for a citizen who does not read the first one.
    ImGui::Dummy(ImVec2(0, f.em));
    for (const Lang& lang : f.kiosk.Profile().languages)
        if (lang != f.kiosk.State().lang) Paragraph(f.kiosk.Pack().Text(lang, "closed.title"), f.palette.text_muted);
    EndTouchScroll();
}

}  // namespace bk::ui
