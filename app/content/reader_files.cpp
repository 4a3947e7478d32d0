#include "content/reader_files.h"

#include <algorithm>
#include <utility>

#include "shared/iso_date.h"
#include "core/plural.h"
#include "content/pin_hash.h"
#include "content/reader.h"

namespace bk::pack_reader {

void ReadPackInfo(FileParser& parser, const json& root, ContentPack& pack) {
    if (!parser.ExpectObject(root, "", "pack.json")) return;
    parser.CheckKnownKeys(root, "", {"id", "version", "name"});
    parser.ReadId(root, "", "id", pack.id);
    parser.ReadString(root, "", "version", pack.version, true);
    // The pack's name is for people browsing packs; a plain string or a text in several languages.
    if (auto name = root.find("name"); name != root.end() && !name->is_string()) {
        LocalText ignored;
        parser.ReadTextValue(*name, "/name", ignored);
    }
}

void ReadStrategy(FileParser& parser, const json& root, Strategy& strategy) {
    if (!parser.ExpectObject(root, "", "A strategy")) return;
    parser.CheckKnownKeys(root, "", {"id", "municipality", "municipality_name", "name", "vision", "themes"});
    parser.ReadId(root, "", "id", strategy.id);
    parser.CheckIdMatchesFileName(strategy.id, "");
    parser.ReadId(root, "", "municipality", strategy.municipality);
    parser.ReadText(root, "", "municipality_name", strategy.municipality_name, true);
    parser.ReadText(root, "", "name", strategy.name, true);
    parser.ReadText(root, "", "vision", strategy.vision, true);

    const json* themes = parser.RequiredList(root, "", "themes", "themes", "the strategy has no themes; services need a theme to refer to");
    if (!themes) return;
    for (std::size_t i = 0; i < themes->size(); ++i) {
        const json& item = (*themes)[i];
        const std::string pointer = PointerAppend("/themes", i);
        Theme& theme = strategy.themes.emplace_back();
        if (!parser.ExpectObject(item, pointer, "A theme")) continue;
        parser.CheckKnownKeys(item, pointer, {"id", "name", "description", "principles"});
        parser.ReadId(item, pointer, "id", theme.id);
        parser.ReadText(item, pointer, "name", theme.name, true);
        parser.ReadText(item, pointer, "description", theme.description, true);
        parser.ReadTextList(item, pointer, "principles", theme.principles, false);
    }
}

namespace {

void ReadStep(FileParser& parser, const json& item, const std::string& pointer, Step& step) {
    if (!parser.ExpectObject(item, pointer, "A step")) return;
    parser.CheckKnownKeys(item, pointer, {"title", "body", "image", "image_alt", "phone_link", "you_need"});
    parser.ReadText(item, pointer, "title", step.title, true);
    if (!item.contains("body"))
        parser.Error(PointerAppend(pointer, "body"), "the step has no body text: say what the citizen should do");
    else
        parser.ReadText(item, pointer, "body", step.body, true);
    parser.ReadString(item, pointer, "image", step.image, false);
    parser.ReadText(item, pointer, "image_alt", step.image_alt, false);
    parser.ReadHttpsLink(item, pointer, "phone_link", step.phone_link, false);
    parser.ReadTextList(item, pointer, "you_need", step.you_need, false);
}

// "side_by_side": {"share": 50}: this file is a newer version run beside the service's other live version,
// given to `share` percent of visits. Whether the other version exists is a whole-pack check (validator.cpp).
void ReadSideBySide(FileParser& parser, const json& root, Service& service) {
    const json* side_by_side = parser.Member(root, "", "side_by_side", true);
    if (!side_by_side || !parser.ExpectObject(*side_by_side, "/side_by_side", "\"side_by_side\"")) return;
    parser.CheckKnownKeys(*side_by_side, "/side_by_side", {"share"});
    int share = 0;
    if (!parser.ReadInt(*side_by_side, "/side_by_side", "share", share, true)) return;
    if (share < 1 || share > 99) {
        parser.Error("/side_by_side/share", "\"share\" is the percent of visits that get this version, 1 to 99, not " +
                                                std::to_string(share) + "; the other live version gets the rest");
        return;
    }
    service.side_by_side_share = share;
}

}  // namespace

void ReadService(FileParser& parser, const json& root, Service& service) {
    if (!parser.ExpectObject(root, "", "A service")) return;
    parser.CheckKnownKeys(root, "", {"id", "version", "kind", "category", "icon", "themes", "title", "summary", "url",
                                     "expected_minutes", "staff_minutes_saved", "verified_on", "owner", "steps",
                                     "side_by_side"});
    parser.ReadId(root, "", "id", service.id);

    if (parser.ReadInt(root, "", "version", service.version, true) && service.version < 1)
        parser.Error("/version", "\"version\" must be a positive whole number (1, 2, 3 ...), not " +
                                 std::to_string(service.version));
    if (root.contains("side_by_side")) {
        ReadSideBySide(parser, root, service);
        parser.CheckSideBySideFileName(service.id, service.version);
    } else {
        parser.CheckIdMatchesFileName(service.id, "");
    }

    std::string kind;
    if (parser.ReadString(root, "", "kind", kind, true)) {
        if (kind == "guide") service.kind = ServiceKind::Guide;
        else if (kind == "welfare") service.kind = ServiceKind::Welfare;
        else parser.Error("/kind", "\"kind\" must be \"guide\" or \"welfare\", not \"" + kind + "\"");
    }
    parser.ReadString(root, "", "category", service.category, true);
    parser.ReadString(root, "", "icon", service.icon, false);

    if (parser.ReadStringList(root, "", "themes", service.themes, true) && service.themes.empty())
        parser.Error("/themes", "the service serves no theme of the strategy; name at least one, like "
                                "\"odder.medvirken\"");

    parser.ReadText(root, "", "title", service.title, true);
    parser.ReadText(root, "", "summary", service.summary, true);
    parser.ReadHttpsLink(root, "", "url", service.url, false);

    for (auto [key, target] : {std::pair{"expected_minutes", &service.expected_minutes},
                               std::pair{"staff_minutes_saved", &service.staff_minutes_saved}}) {
        if (parser.ReadInt(root, "", key, *target, false) && *target < 0)
            parser.Error(PointerAppend("", key), std::string("\"") + key + "\" cannot be negative");
    }

    // Who checked the guide against its official pages, and when: a guide nobody owns goes stale unnoticed.
    if (!root.contains("verified_on"))
        parser.Warning("/verified_on", "missing \"verified_on\": write the date the guide was last checked against its "
                                       "official pages, like \"2026-11-26\"");
    else if (parser.ReadString(root, "", "verified_on", service.verified_on, true) && !ParseIsoDate(service.verified_on))
        parser.Error("/verified_on", "\"verified_on\" must be a real date written YYYY-MM-DD, like \"2026-11-26\", not \"" +
                                     service.verified_on + "\"");
    if (!root.contains("owner"))
        parser.Warning("/owner", "missing \"owner\": name the team that keeps the guide right, like \"Borgerservice Odder\"");
    else
        parser.ReadString(root, "", "owner", service.owner, true);

    const json* steps = parser.RequiredList(root, "", "steps", "steps", "the service has no steps; add at least one");
    if (!steps) return;
    for (std::size_t i = 0; i < steps->size(); ++i)
        ReadStep(parser, (*steps)[i], PointerAppend("/steps", i), service.steps.emplace_back());
}

// "opening_hours": {"time_zone": "Europe/Copenhagen", "mon": ["08:00-16:00"], ..., "closed_days": ["2026-12-24"]}.
// A weekday left out, or an empty list, is closed all day.
static void ReadOpeningHours(FileParser& parser, const json& root, OpeningHours& hours) {
    const auto found = root.find("opening_hours");
    if (found == root.end()) return;
    const std::string at = "/opening_hours";
    if (!parser.ExpectObject(*found, at, "\"opening_hours\"")) return;
    static const char* const kDays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    parser.CheckKnownKeys(*found, at, {"time_zone", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "closed_days"});
    hours.defined = true;
    if (parser.ReadString(*found, at, "time_zone", hours.time_zone, false) && !IsKnownTimeZone(hours.time_zone))
        parser.Error(at + "/time_zone", "unknown time zone \"" + hours.time_zone + "\"; use a name such as \"Europe/Copenhagen\" or \"Europe/Oslo\"");
    bool open_some_day = false;
    for (int day = 0; day < 7; ++day) {
        std::vector<std::string> texts;
        if (!parser.ReadStringList(*found, at, kDays[day], texts, false)) continue;
        auto& intervals = hours.week[static_cast<size_t>(day)];
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const std::string pointer = PointerAppend(at + "/" + kDays[day], i);
            OpeningInterval interval;
            if (!ParseOpeningInterval(texts[i], interval)) {
                parser.Error(pointer, "\"" + texts[i] + "\" is not an opening time; write it as \"08:00-16:00\" (24-hour clock, "
                                      "closing after opening, \"24:00\" for midnight)");
                continue;
            }
            for (const OpeningInterval& before : intervals)
                if (interval.open_min < before.close_min && before.open_min < interval.close_min)
                    parser.Error(pointer, "\"" + texts[i] + "\" overlaps another opening time the same day");
            intervals.push_back(interval);
            open_some_day = true;
        }
        std::sort(intervals.begin(), intervals.end(),
                  [](const OpeningInterval& a, const OpeningInterval& b) { return a.open_min < b.open_min; });
    }
    if (!open_some_day)
        parser.Warning(at, "the kiosk is never open: give at least one weekday its hours, or leave out \"opening_hours\" "
                           "for a kiosk that is always open");
    std::vector<std::string> closed;
    if (parser.ReadStringList(*found, at, "closed_days", closed, false)) {
        for (std::size_t i = 0; i < closed.size(); ++i) {
            if (ParseIsoDate(closed[i])) hours.closed_days.insert(closed[i]);
            else parser.Error(PointerAppend(at + "/closed_days", i), "\"" + closed[i] + "\" is not a date; write it as \"2026-12-24\"");
        }
    }
}

void ReadProfile(FileParser& parser, const json& root, KioskProfile& profile) {
    if (!parser.ExpectObject(root, "", "A profile")) return;
    parser.CheckKnownKeys(root, "", {"id", "municipality", "strategy", "location", "languages", "services",
                                     "idle_timeout_s", "idle_answer_s", "help_wait_limit_s", "phone_wait_limit_s", "lix_threshold",
                                     "help_escalate_after_s", "help_desk_where", "comment_privacy", "staff_pin_hash",
                                     "registry_url", "opening_hours"});
    parser.ReadId(root, "", "id", profile.id);
    parser.CheckIdMatchesFileName(profile.id, "");
    parser.ReadId(root, "", "municipality", profile.municipality);
    parser.ReadId(root, "", "strategy", profile.strategy);
    parser.ReadText(root, "", "location", profile.location, true);
    parser.ReadText(root, "", "help_desk_where", profile.help_desk_where, false);
    ReadOpeningHours(parser, root, profile.opening_hours);
    parser.ReadText(root, "", "comment_privacy", profile.comment_privacy, false);
    // "Go to the desk" without where leaves a citizen whose call failed or went unanswered guessing.
    if (!root.contains("help_desk_where"))
        parser.Warning("", "no \"help_desk_where\": a citizen sent to the desk is not told where it is");

    if (parser.ReadStringList(root, "", "languages", profile.languages, true)) {
        // The first language is the one every visit starts in (bokmål at a Norwegian kiosk); every text still
        // has Danish, the pack's base language, so any language missing a text falls back to it.
        if (profile.languages.empty())
            parser.Error("/languages", "the profile offers no language; list at least one, the one visits start in first");
        for (std::size_t i = 0; i < profile.languages.size(); ++i) {
            const Lang& lang = profile.languages[i];
            if (lang.empty()) continue;  // reported as a wrong type
            if (!IsKnownLanguage(lang))
                parser.Error(PointerAppend("/languages", i), "unknown language \"" + lang + "\"; use " + KnownLanguagesText());
            else if (std::find(profile.languages.begin(), profile.languages.begin() + static_cast<long>(i), lang) !=
                     profile.languages.begin() + static_cast<long>(i))
                parser.Warning(PointerAppend("/languages", i), "\"" + lang + "\" is listed twice");
        }
    }
    if (parser.ReadStringList(root, "", "services", profile.services, true) && profile.services.empty())
        parser.Error("/services", "the profile shows no services; list at least one service id");

    if (parser.ReadInt(root, "", "idle_timeout_s", profile.idle_timeout_s, false)) {
        if (profile.idle_timeout_s <= 0)
            parser.Error("/idle_timeout_s", "\"idle_timeout_s\" must be more than 0 seconds");
        else if (profile.idle_timeout_s > 600)
            parser.Warning("/idle_timeout_s", "\"idle_timeout_s\" is over 10 minutes; the next citizen may see what "
                                              "the previous one left on screen");
    }
    if (parser.ReadInt(root, "", "idle_answer_s", profile.idle_answer_s, false) && profile.idle_answer_s < 20)
        parser.Error("/idle_answer_s", "\"idle_answer_s\" is " + std::to_string(profile.idle_answer_s) +
                                       " seconds; give at least 20 seconds to answer (WCAG 2.2.1 Timing Adjustable)");
    // Longer idle limits for a citizen who is waiting for staff, or busy on their phone: never shorter than the
    // ordinary one, and not so long that a forgotten session waits for the next citizen.
    auto longer_limit = [&](const char* key, int& value, const char* who, int default_s) {
        if (!parser.ReadInt(root, "", key, value, false)) return;
        const std::string pointer = std::string("/") + key, name = std::string("\"") + key + "\"";
        if (value < profile.idle_timeout_s)
            parser.Error(pointer, name + " is " + std::to_string(value) + " seconds, shorter than \"idle_timeout_s\"; " + who +
                                      " must get at least as long (default " + std::to_string(default_s) + " seconds)");
        else if (value > 3600)
            parser.Warning(pointer, name + " is over an hour; a forgotten session stays on screen that long for the next "
                                           "citizen to see");
    };
    longer_limit("help_wait_limit_s", profile.help_wait_limit_s, "a citizen waiting for staff", 900);
    longer_limit("phone_wait_limit_s", profile.phone_wait_limit_s, "a citizen busy on their phone", 600);
    // The registry accepts 30..3600 s (its help-call contract); the citizen is told where the desk is after it.
    if (parser.ReadInt(root, "", "help_escalate_after_s", profile.help_escalate_after_s, false) &&
        (profile.help_escalate_after_s < 30 || profile.help_escalate_after_s > 3600))
        parser.Error("/help_escalate_after_s", "\"help_escalate_after_s\" is " + std::to_string(profile.help_escalate_after_s) +
                                               " seconds; use 30 to 3600 (default 180: after 3 minutes without an answer the "
                                               "citizen is told where the desk is)");
    if (parser.ReadInt(root, "", "lix_threshold", profile.lix_threshold, false) && profile.lix_threshold <= 0)
        parser.Error("/lix_threshold", "\"lix_threshold\" must be a positive number, for example 40");

    if (parser.ReadString(root, "", "staff_pin_hash", profile.staff_pin_hash, true)) {
        std::string why;
        const auto parts = ParsePinHash(profile.staff_pin_hash, &why);
        if (!parts)
            parser.Error("/staff_pin_hash", "malformed staff PIN hash: " + why + "; make one with borgerkiosk --hash-pin");
        else if (parts->iterations < 10000)
            parser.Warning("/staff_pin_hash", "the staff PIN hash uses only " + std::to_string(parts->iterations) +
                                              " iterations; make a stronger one with borgerkiosk --hash-pin");
    }
    if (parser.ReadString(root, "", "registry_url", profile.registry_url, true) &&
        !HasSchemeAndHost(profile.registry_url, {"http://", "https://"}))
        parser.Error("/registry_url", "\"" + profile.registry_url + "\" is not an http:// or https:// address");
}

void ReadUiStrings(FileParser& parser, const json& root, const Lang& lang, std::map<std::string, std::string>& out) {
    if (!parser.ExpectObject(root, "", "A UI strings file")) return;
    for (const auto& [key, value] : root.items()) {
        const std::string pointer = PointerAppend("", key);
        if (value.is_object()) {
            // A counted text: one string per plural form; the validator checks the language has them all.
            for (const auto& [category, form] : value.items()) {
                if (!form.is_string()) {
                    parser.Error(PointerAppend(pointer, category), "each plural form must be a string, not " + TypeName(form));
                    continue;
                }
                out[PluralKey(key, category)] = form.get<std::string>();
            }
            out[key] = value.contains("other") && value["other"].is_string() ? value["other"].get<std::string>() : "";
            continue;
        }
        if (!value.is_string()) {
            parser.Error(pointer, "each UI string must be a string, not " + TypeName(value));
            out[key] = "";  // present, so it is not also reported as missing
            continue;
        }
        out[key] = value.get<std::string>();
        if (IsBlank(out[key])) {
            if (lang == kDanish) parser.Error(pointer, "the Danish UI string is empty");
            else parser.Warning(pointer, "the " + LanguageName(lang) + " UI string is empty");
        } else if (key.starts_with("lang.") || key == "keyboard.latin") {
            // Languages are named in themselves, and the keyboard's Latin layer is "ABC" in every language.
        } else if (!LooksWrittenIn(out[key], lang)) {
            parser.Warning(pointer, "the " + LanguageName(lang) + " UI string has no letter of its own alphabet; an "
                                    "untranslated copy?");
        } else if (lang == "ar" && StartsWithLatinWord(out[key])) {
            parser.Warning(pointer, kArabicStartsLatin);
        }
    }
}

}  // namespace bk::pack_reader
