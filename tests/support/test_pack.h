// A small content pack built in code, so core and UI tests do not change when the demo pack's texts do.
#pragma once
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "core/content_model.h"
#include "core/event.h"
#include "core/staff.h"

namespace bk::test {

inline LocalText Tr(const std::string& da, const std::string& en = "", const std::string& nb = "") {
    LocalText t;
    t.by_lang["da"] = da;
    if (!en.empty()) t.by_lang["en"] = en;
    if (!nb.empty()) t.by_lang["nb"] = nb;
    return t;
}

inline std::shared_ptr<ContentPack> MakeTestPack() {
    auto pack = std::make_shared<ContentPack>();
    pack->id = "test";
    pack->version = "t1";
    Strategy odder{"odder", "odder", Tr("Odder Kommune"), Tr("Strategi"), Tr("Vision"), {}};
    odder.themes.push_back({"medvirken", Tr("Medvirken"), Tr("Sammen med borgerne"), {}});
    pack->strategies.push_back(odder);

    Service mitid;
    mitid.id = "mitid-app";
    mitid.version = 3;
    mitid.themes = {"odder.medvirken"};
    mitid.title = Tr("MitID-appen", "The MitID app", "MitID-appen");
    mitid.summary = Tr("Kom i gang med MitID.");
    mitid.url = "https://www.mitid.dk/";
    mitid.expected_minutes = 15;
    mitid.staff_minutes_saved = 10;
    for (int i = 1; i <= 4; ++i) {
        Step step{Tr("Trin " + std::to_string(i), "Step " + std::to_string(i)), Tr("Gør sådan her " + std::to_string(i) + ".")};
        if (i == 2) step.phone_link = "https://www.mitid.dk/hent-app/";
        if (i == 1) step.you_need = {Tr("Din telefon"), Tr("Dit pas")};
        mitid.steps.push_back(step);
    }
    pack->services.push_back(mitid);

    Service move = mitid;
    move.id = "flytning";
    move.version = 1;
    move.title = Tr("Meld flytning");
    move.steps.resize(2);
    pack->services.push_back(move);

    Service alarm = mitid;
    alarm.id = "noedkald";
    alarm.version = 1;
    alarm.kind = ServiceKind::Welfare;
    alarm.title = Tr("Nødkald");
    alarm.steps.resize(3);
    pack->services.push_back(alarm);

    for (const char* lang : {"da", "en", "nb"}) {
        pack->ui[lang]["guide.step_of"] = std::string(lang) + ": {n}/{m}";
        pack->ui[lang]["lang.da"] = "Dansk";
        pack->ui[lang]["lang.en"] = "English";
        pack->ui[lang]["lang.nb"] = "Norsk";
        pack->ui[lang]["common.home"] = "Forside";
        pack->ui[lang]["common.read_aloud"] = "Læs højt";
        pack->ui[lang]["common.text_size"] = "Tekststørrelse";
        pack->ui[lang]["common.contrast"] = "Kontrast";
        pack->ui[lang]["common.help"] = "Hjælp";
    }
    KioskProfile profile;
    profile.id = "test-kiosk";
    profile.municipality = "odder";
    profile.strategy = "odder";
    profile.languages = {"da", "en", "nb"};
    profile.services = {"mitid-app", "flytning", "noedkald"};
    profile.idle_timeout_s = 60;
    profile.idle_answer_s = 30;
    pack->profiles.push_back(profile);
    return pack;
}

// Keeps every event the core emits.
class RecordingSink final : public EventSink {
public:
    void Record(Event event) override { events.push_back(std::move(event)); }
    void SetClosed(bool closed) override { closed_changes.push_back(closed); }
    std::vector<std::string> Types() const {
        std::vector<std::string> out;
        for (const auto& e : events) out.push_back(e.type);
        return out;
    }
    const Event* Last(const std::string& type) const {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->type == type) return &*it;
        return nullptr;
    }
    size_t Count(const std::string& type) const {
        size_t n = 0;
        for (const auto& e : events) n += e.type == type;
        return n;
    }
    std::vector<Event> events;
    std::vector<bool> closed_changes;  // each SetClosed(), in order
};

}  // namespace bk::test

namespace bk::test {

// Staff mode's services with everything observable; the PIN is "2468". Answers to PIN checks and reloads
// are ready at once unless hold_answers is set: then they stay pending until the test clears it.
class FakeStaffServices final : public StaffServices {
public:
    StaffInfo Info() const override { ++info_reads; return info; }
    void RefreshCalls() override { ++refreshes; }
    void Ack(const std::string& id) override { acked.push_back(id); }
    void Resolve(const std::string& id) override { resolved.push_back(id); }
    void RequestPinCheck(const std::string& pin, const std::string&) override {
        checked_pins.push_back(pin);
        pin_answer = pin == "2468";
    }
    std::optional<bool> TakePinResult() override {
        if (hold_answers) return std::nullopt;
        return std::exchange(pin_answer, std::nullopt);
    }
    void RequestReload() override { ++reloads; reload_answer = reload_result; }
    std::optional<ReloadResult> TakeReloadResult() override {
        if (hold_answers) return std::nullopt;
        return std::exchange(reload_answer, std::nullopt);
    }
    void TestReadAloud(const std::string& text, const std::string&) override { spoken = text; }
    void ExitApp() override { exited = true; }

    StaffInfo info;
    ReloadResult reload_result;
    bool hold_answers = false;
    std::optional<bool> pin_answer;
    std::optional<ReloadResult> reload_answer;
    std::vector<std::string> checked_pins;
    mutable int info_reads = 0;
    int refreshes = 0, reloads = 0;
    std::vector<std::string> acked, resolved;
    std::string spoken;
    bool exited = false;
};

}  // namespace bk::test
