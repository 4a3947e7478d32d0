#include "ui/icons.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

namespace bk::icon {

static constexpr std::pair<std::string_view, const char*> kByName[] = {
        {"id-card", "\xef\x8b\x82"},      {"envelope", "\xef\x83\xa0"},   {"user-md", "\xef\x83\xb0"},
        {"home", "\xef\x80\x95"},         {"medkit", "\xef\x83\xba"},     {"plane", "\xef\x81\xb2"},
        {"money", "\xef\x83\x96"},        {"university", "\xef\x86\x9c"}, {"calendar", "\xef\x81\xb3"},
        {"heartbeat", "\xef\x88\x9e"},    {"phone", "\xef\x82\x95"},      {"video-camera", "\xef\x80\xbd"},
        {"cutlery", "\xef\x83\xb5"},      {"bath", "\xef\x8b\x8d"},       {"map-marker", "\xef\x81\x81"},
        {"bell", "\xef\x83\xb3"},         {"question-circle", "\xef\x81\x99"},
};

const char* IconFor(std::string_view name) {
    for (const auto& [key, glyph] : kByName)
        if (key == name) return glyph;
    return "\xef\x81\x99";
}

const unsigned short* GlyphRanges() {
    static const std::vector<unsigned short> ranges = [] {
        std::vector<const char*> all(std::begin(kAll), std::end(kAll));
        for (const auto& [name, glyph] : kByName) all.push_back(glyph);
        std::vector<unsigned short> points;
        for (const char* g : all) {  // three-byte UTF-8 -> code point
            const auto* u = reinterpret_cast<const unsigned char*>(g);
            points.push_back(static_cast<unsigned short>(((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F)));
        }
        std::sort(points.begin(), points.end());
        points.erase(std::unique(points.begin(), points.end()), points.end());
        std::vector<unsigned short> out;
        for (unsigned short p : points) {
            out.push_back(p);
            out.push_back(p);
        }
        out.push_back(0);
        return out;
    }();
    return ranges.data();
}

}  // namespace bk::icon
