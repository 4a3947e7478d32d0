// Start and home: a calm welcome with one obvious thing to do, then three big tiles.
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

static void LanguageRow(const Frame& f, float height) {
    const auto& langs = f.kiosk.Profile().languages;
    if (langs.size() < 2) return;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (ImGui::GetContentRegionAvail().x - gap * (langs.size() - 1)) / langs.size();
    for (size_t i = 0; i < langs.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        const bool current = langs[i] == f.kiosk.State().lang;
        // Each language's name is written in that language, so people find their own.
        const std::string label = f.kiosk.Pack().Text(langs[i], "lang." + langs[i]);
        const std::string id = "lang." + langs[i];
        if (BigButton(f, {id.c_str(), icon::kGlobe, label, "", ImVec2(w, height), current ? Tone::Selected : Tone::Secondary}))
            f.Do(ActionType::ChooseLanguage, langs[i]);
    }
}

void DrawStart(const Frame& f) {
    const ImVec2 avail = ContentSize();
    ImGui::Dummy(ImVec2(0, avail.y * (f.portrait ? 0.12f : 0.06f)));
    ImGui::PushFont(f.fonts.heading);
    Paragraph(f.T("start.title"), f.palette.text);
    ImGui::PopFont();
    Paragraph(f.T("start.subtitle"), f.palette.text_muted);
    ImGui::Dummy(ImVec2(0, f.em));
    const float begin_h = f.portrait ? avail.y * 0.28f : avail.y * 0.34f;
    if (BigButton(f, {"start.begin", nullptr, f.T("start.tap_to_begin"), "", ImVec2(-1, begin_h), Tone::Primary, true, true}))
        f.Do(ActionType::Begin);
    ImGui::Dummy(ImVec2(0, f.em));
    Paragraph(f.T("start.choose_language"), f.palette.text);
    LanguageRow(f, f.em * 2.8f);
}

void DrawHome(const Frame& f) {
    Heading(f, f.T("home.title"));
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    const ImVec2 avail = ContentSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float lang_h = f.em * 2.8f + f.em * 1.5f;
    struct Tile { const char* id; const char* icon; const char* label; const char* hint; Tone tone; Action action; };
    const Tile tiles[] = {
        {"home.guides", icon::kGuides, "home.guides", "home.guides_hint", Tone::Primary, {ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide)}},
        {"home.welfare", icon::kWelfare, "home.welfare", "home.welfare_hint", Tone::Primary, {ActionType::OpenList, {}, static_cast<int>(ServiceKind::Welfare)}},
        {"home.help", icon::kHelp, "home.help", "home.help_hint", Tone::Warning, {ActionType::RequestHelp}},
    };
    // Portrait: stacked full-width tiles. Landscape: three side by side.
    const ImVec2 tile = f.portrait ? ImVec2(avail.x, std::min(f.em * 6.5f, (avail.y - lang_h) / 3 - gap))
                                   : ImVec2((avail.x - 2 * gap) / 3, std::min(avail.y - lang_h - gap, f.em * 11.0f));
    for (size_t i = 0; i < std::size(tiles); ++i) {
        if (i > 0 && !f.portrait) ImGui::SameLine();
        const Tile& t = tiles[i];
        if (BigButton(f, {t.id, t.icon, f.T(t.label), f.T(t.hint), tile, t.tone, true, true})) f.out.push_back(t.action);
    }
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    LanguageRow(f, f.em * 2.8f);
}

void DrawServiceList(const Frame& f) {
    const ServiceKind kind = f.kiosk.State().list_kind;
    Heading(f, f.T(kind == ServiceKind::Guide ? "list.guides_title" : "list.welfare_title"));
    const ImVec2 avail = ContentSize();
    BeginTouchScroll("##services", avail);
    const Lang& lang = f.kiosk.State().lang;
    const auto services = f.kiosk.Services(kind);
    const int columns = f.portrait ? 1 : 2;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (ImGui::GetContentRegionAvail().x - gap * (columns - 1)) / columns;
    for (size_t i = 0; i < services.size(); ++i) {
        const Service& s = *services[i];
        if (i % columns != 0) ImGui::SameLine();
        std::string hint = s.summary.Get(lang);
        if (s.expected_minutes > 0) hint += "  (" + f.T("list.minutes", s.expected_minutes) + ")";
        const std::string id = "service." + s.id;
        if (BigButton(f, {id.c_str(), icon::IconFor(s.icon), s.title.Get(lang), hint, ImVec2(w, f.em * 4.6f), Tone::Secondary}))
            f.Do(ActionType::OpenService, s.id);
    }
    EndTouchScroll();
}

}  // namespace bk::ui
