#include "ui/icons.h"

#include <utility>

namespace bk::icon {

const char* IconFor(std::string_view name) {
    static constexpr std::pair<std::string_view, const char*> kByName[] = {
        {"id-card", "\xef\x8b\x82"},      {"envelope", "\xef\x83\xa0"},   {"user-md", "\xef\x83\xb0"},
        {"home", "\xef\x80\x95"},         {"medkit", "\xef\x83\xba"},     {"plane", "\xef\x81\xb2"},
        {"money", "\xef\x83\x96"},        {"university", "\xef\x86\x9c"}, {"calendar", "\xef\x81\xb3"},
        {"heartbeat", "\xef\x88\x9e"},    {"phone", "\xef\x82\x95"},      {"video-camera", "\xef\x80\xbd"},
        {"cutlery", "\xef\x83\xb5"},      {"bath", "\xef\x8b\x8d"},       {"map-marker", "\xef\x81\x81"},
        {"bell", "\xef\x83\xb3"},         {"question-circle", "\xef\x81\x99"},
    };
    for (const auto& [key, glyph] : kByName)
        if (key == name) return glyph;
    return "\xef\x81\x99";
}

}  // namespace bk::icon
