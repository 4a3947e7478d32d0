// The typed content model: what the kiosk shows, as loaded from a content pack (see content/README.md).
// Plain data; app/content turns JSON into this and validates it.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/opening_hours.h"

namespace bk {

// Language codes: "da" (Danish, always present), "en", "nb" (Norwegian bokmål).
using Lang = std::string;
inline const Lang kDanish = "da";

// Text in several languages. Get() falls back to Danish when a language is missing.
struct LocalText {
    std::map<Lang, std::string> by_lang;

    const std::string& Get(const Lang& lang) const {
        static const std::string empty;
        if (auto it = by_lang.find(lang); it != by_lang.end() && !it->second.empty()) return it->second;
        if (auto it = by_lang.find(kDanish); it != by_lang.end()) return it->second;
        return empty;
    }
    bool Has(const Lang& lang) const {
        auto it = by_lang.find(lang);
        return it != by_lang.end() && !it->second.empty();
    }
};

struct Theme {
    std::string id;                  // e.g. "medvirken"; referenced from services as "<strategy>.<theme>"
    LocalText name;
    LocalText description;
    std::vector<LocalText> principles;
};

struct Strategy {
    std::string id;                  // e.g. "odder"
    std::string municipality;        // municipality (tenant) id, e.g. "odder"
    LocalText municipality_name;     // "Odder Kommune"
    LocalText name;                  // "Digitaliseringsstrategi"
    LocalText vision;
    std::vector<Theme> themes;
};

struct Step {
    LocalText title;
    LocalText body;
    std::string image;                       // path relative to assets/, may be empty
    LocalText image_alt;                     // what the picture shows, in words (read aloud with the step)
    std::string image_file;                  // where the picture was found on disk (set when the pack is checked)
    std::string phone_link;                  // https URL to continue on the phone (QR code), may be empty
    std::vector<LocalText> you_need;         // "what you need" list, may be empty
};

enum class ServiceKind { Guide, Welfare };

struct Service {
    std::string id;                          // stable, e.g. "mitid-app"
    int version = 1;                         // bumped when the guide changes
    ServiceKind kind = ServiceKind::Guide;
    std::string category;                    // e.g. "identity", "health", "housing"
    std::string icon;                        // icon name, see app/ui/icons.h
    std::vector<std::string> themes;         // "<strategy>.<theme>", at least one
    LocalText title;
    LocalText summary;
    std::vector<Step> steps;
    std::string url;                         // official web address (https)
    int expected_minutes = 0;
    int staff_minutes_saved = 0;             // per completed self-service
    std::string verified_on;                 // "YYYY-MM-DD": last checked against the official pages; may be empty
    std::string owner;                       // who keeps the guide right, e.g. "Borgerservice Odder"; may be empty
    // A newer version run beside the live one (content/README.md, "Two versions side by side"): the percent of
    // visits that get this version, 1..99. 0: the service's only live version, or the one the other runs beside.
    int side_by_side_share = 0;
};

struct KioskProfile {
    std::string id;                          // e.g. "odder-bibliotek"
    std::string municipality;                // tenant id
    std::string strategy;                    // strategy id
    LocalText location;                      // shown to staff and on the help screen
    std::vector<Lang> languages;             // in the order offered; Danish first
    std::vector<std::string> services;       // service ids in display order
    int idle_timeout_s = 60;                 // before "Are you still there?"
    int idle_answer_s = 30;                  // time to answer the overlay (>= 20, WCAG 2.2.1)
    int help_wait_limit_s = 900;             // while a help call is open, the idle timer waits this long instead
    int phone_wait_limit_s = 600;            // on a step the citizen does on their phone ("on my phone"), likewise
    int help_escalate_after_s = 180;         // a help call unanswered this long: the citizen is told where the desk is
    // "Do not write your name, CPR number ...": the country's own number belongs to the profile; empty in a
    // language: the UI file's general words.
    LocalText comment_privacy;
    LocalText help_desk_where;               // "Skranken er ved indgangen, til venstre"; empty: a general "go to the desk"
    int lix_threshold = 40;
    std::string staff_pin_hash;              // "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>"
    std::string registry_url;                // e.g. "http://127.0.0.1:8787"
    OpeningHours opening_hours;              // none: always open
};

// UI strings: key -> text, per language.
using UiStrings = std::map<Lang, std::map<std::string, std::string>>;

struct ContentPack {
    std::string id;                          // pack id, e.g. "demo"
    std::string version;                     // pack version, reported with every event
    std::vector<Strategy> strategies;
    std::vector<Service> services;           // one live version per service id: the one every lookup finds
    std::vector<Service> side_by_side;       // newer versions run beside one in `services` (side_by_side_share > 0)
    UiStrings ui;
    std::vector<KioskProfile> profiles;

    const Service* FindService(const std::string& service_id) const {
        for (const auto& s : services) if (s.id == service_id) return &s;
        return nullptr;
    }
    // The version that runs beside `service_id`'s entry in `services`, or nullptr when it has only one.
    const Service* SideBySide(const std::string& service_id) const {
        for (const auto& s : side_by_side) if (s.id == service_id) return &s;
        return nullptr;
    }
    const KioskProfile* FindProfile(const std::string& profile_id) const {
        for (const auto& p : profiles) if (p.id == profile_id) return &p;
        return nullptr;
    }
    // The profile a kiosk started without --profile runs: the first that starts in Danish, the pack's base
    // language (profiles are read in file-name order, so "drammen-bibliotek" would otherwise come first).
    const KioskProfile* DefaultProfile() const {
        for (const auto& p : profiles)
            if (!p.languages.empty() && p.languages.front() == kDanish) return &p;
        return profiles.empty() ? nullptr : &profiles.front();
    }
    const Strategy* FindStrategy(const std::string& strategy_id) const {
        for (const auto& s : strategies) if (s.id == strategy_id) return &s;
        return nullptr;
    }
    // UI string for a key, falling back to Danish, then to the key itself (visible, so it gets fixed).
    const std::string& Text(const Lang& lang, const std::string& key) const {
        for (const Lang* l : {&lang, &kDanish}) {
            if (auto it = ui.find(*l); it != ui.end())
                if (auto jt = it->second.find(key); jt != it->second.end()) return jt->second;
        }
        return key;
    }
    // A counted text's form for `category` in `lang` only (nullptr when that language does not give it).
    const std::string* PluralText(const Lang& lang, const std::string& key, const std::string& category) const {
        if (auto it = ui.find(lang); it != ui.end())
            if (auto jt = it->second.find(key + "#" + category); jt != it->second.end()) return &jt->second;
        return nullptr;
    }
};

}  // namespace bk
