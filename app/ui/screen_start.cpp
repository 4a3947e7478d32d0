// Start and home: a calm welcome with one obvious thing to do, then three big tiles.
#include <algorithm>

#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

static void LanguageRow(const Frame& f, float height) {
    const auto& langs = f.kiosk.Profile().languages;
    if (langs.size() < 2) return;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    // As many equal buttons a row as the longest name allows: seven languages at large text take two rows
    // instead of cutting "Українська".
    float widest = 0;
    for (const Lang& lang : langs) {
        const std::string name = VisualLine(f.kiosk.Pack().Text(lang, "lang." + lang), false);
        widest = std::max(widest, ImGui::CalcTextSize(name.c_str()).x + f.em * 1.5f);
    }
    const size_t per_row = std::clamp<size_t>(static_cast<size_t>((avail + gap) / (widest + gap)), 1, langs.size());
    const size_t rows = (langs.size() + per_row - 1) / per_row;
    const size_t columns = (langs.size() + rows - 1) / rows;  // rows as even as they can be
    const float w = (avail - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float row_x = ImGui::GetCursorPosX();
    for (size_t i = 0; i < langs.size(); ++i) {
        if (i % columns != 0) ImGui::SameLine();
        // Rows fill from the right on an Arabic screen, where its reading starts.
        const float x = static_cast<float>(i % columns) * (w + gap);
        ImGui::SetCursorPosX(row_x + (f.RightToLeft() ? avail - w - x : x));
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
    // Scrolls when large text makes the welcome and the languages taller than the screen.
    BeginTouchScroll("##start", avail);
    // The room above the welcome and the big button's height shrink as the text grows, so the languages stay
    // near enough to be seen.
    const float room = 1.0f / kTextScale[static_cast<size_t>(f.kiosk.State().text_size)];
    ImGui::Dummy(ImVec2(0, avail.y * (f.portrait ? 0.12f : 0.06f) * room));
    ImGui::PushFont(f.fonts.heading);
    Paragraph(f.T("start.title"), f.palette.text);
    ImGui::PopFont();
    Paragraph(f.T("start.subtitle"), f.palette.text_muted);
    ImGui::Dummy(ImVec2(0, f.em * room));
    const float begin_h = avail.y * (f.portrait ? 0.28f : 0.34f) * room;
    if (BigButton(f, {"start.begin", nullptr, f.T("start.tap_to_begin"), "", ImVec2(-1, begin_h), Tone::Primary, true, true}))
        f.Do(ActionType::Begin);
    ImGui::Dummy(ImVec2(0, f.em * room));
    Paragraph(f.T("start.choose_language"), f.palette.text);
    LanguageRow(f, f.em * 2.8f);
    EndTouchScroll();
}

// The first guides this kiosk offers, by title: "Bytte fastlege, Digital postkasse, Flyttemelding …".
static std::string GuidesHint(const Frame& f, const std::vector<const Service*>& guides) {
    std::string hint;
    for (size_t i = 0; i < std::min<size_t>(3, guides.size()); ++i)
        hint += (i ? ", " : "") + guides[i]->title.Get(f.kiosk.State().lang);
    return guides.size() > 3 ? hint + " \xe2\x80\xa6" : hint;
}

void DrawHome(const Frame& f) {
    // Scrolls when large text makes the tiles and languages taller than the screen.
    BeginTouchScroll("##home", ContentSize());
    Heading(f, f.T("home.title"));
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    const ImVec2 avail = ContentSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float lang_h = f.em * 2.8f + f.em * 1.5f;
    struct Tile { const char* id; const char* icon; std::string label; std::string hint; Tone tone; Action action; };
    std::vector<Tile> tiles;
    // A list tile only when the profile has services of its kind (an empty list is a dead end), and the guides'
    // hint names guides this kiosk has, not another country's.
    if (const auto guides = f.kiosk.Services(ServiceKind::Guide); !guides.empty())
        tiles.push_back({"home.guides", icon::kGuides, f.T("home.guides"), GuidesHint(f, guides), Tone::Primary,
                         {ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide)}});
    if (!f.kiosk.Services(ServiceKind::Welfare).empty())
        tiles.push_back({"home.welfare", icon::kWelfare, f.T("home.welfare"), f.T("home.welfare_hint"), Tone::Primary,
                         {ActionType::OpenList, {}, static_cast<int>(ServiceKind::Welfare)}});
    tiles.push_back({"home.help", icon::kHelp, f.T("home.help"), f.T("home.help_hint"), Tone::Warning, {ActionType::RequestHelp}});
    // A tile is never shorter than its label and hint need (large text, long translations).
    auto tallest = [&](float width) {
        float h = 0;
        for (const Tile& t : tiles)
            h = std::max(h, ButtonHeightFor(f, {t.id, t.icon, t.label, t.hint, ImVec2(width, 0), t.tone, true, true}, width));
        return h;
    };
    // Landscape: three side by side, while their words fit above the languages; with large text they stack
    // full width, as in portrait, rather than grow taller than the screen.
    const float count = static_cast<float>(tiles.size());
    const float third = (avail.x - (count - 1) * gap) / count;
    const float third_h = f.portrait ? 0 : tallest(third);
    const bool side_by_side = !f.portrait && third_h <= avail.y - lang_h - gap;
    const ImVec2 tile = side_by_side ? ImVec2(third, std::max(third_h, std::min(avail.y - lang_h - gap, f.em * 11.0f)))
                                     : ImVec2(avail.x, std::max(tallest(avail.x), std::min(f.em * 6.5f, (avail.y - lang_h) / 3 - gap)));
    for (size_t place = 0; place < std::size(tiles); ++place) {
        if (place > 0 && side_by_side) ImGui::SameLine();
        // Side by side on an Arabic screen, the first tile is the rightmost, where reading starts.
        const size_t i = f.RightToLeft() && side_by_side ? std::size(tiles) - 1 - place : place;
        const Tile& t = tiles[i];
        if (BigButton(f, {t.id, t.icon, t.label, t.hint, tile, t.tone, true, true})) f.out.push_back(t.action);
    }
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    LanguageRow(f, f.em * 2.8f);
    EndTouchScroll();
}

void DrawServiceList(const Frame& f) {
    const ServiceKind kind = f.kiosk.State().list_kind;
    Heading(f, f.T(kind == ServiceKind::Guide ? "list.guides_title" : "list.welfare_title"));
    const ImVec2 avail = ContentSize();
    BeginTouchScroll("##services", avail);
    const Lang& lang = f.kiosk.State().lang;
    const auto services = f.kiosk.Services(kind);
    // Two columns in landscape while each keeps a readable width; large text takes one, so rows stay short.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float row_w = ImGui::GetContentRegionAvail().x;
    const int columns = !f.portrait && (row_w - gap) / 2 >= f.em * kReadableColumnEm ? 2 : 1;
    const float w = (row_w - gap * (columns - 1)) / columns;
    std::vector<std::string> ids;
    std::vector<ButtonSpec> specs;
    for (const Service* s : services) ids.push_back("service." + s->id);  // stable before specs point into it
    for (size_t i = 0; i < services.size(); ++i) {
        const Service& s = *services[i];
        std::string hint = s.summary.Get(lang);
        if (s.expected_minutes > 0) hint += "  (" + f.T("list.minutes", s.expected_minutes) + ")";
        specs.push_back({ids[i].c_str(), icon::IconFor(s.icon), s.title.Get(lang), hint, ImVec2(w, f.em * 4.6f), Tone::Secondary});
    }
    // A row is as tall as its longest title and summary need: large text grows the rows, never cuts the words.
    for (size_t row = 0; row < specs.size(); row += columns) {
        float h = f.em * 4.6f;
        for (size_t i = row; i < std::min(specs.size(), row + columns); ++i) h = std::max(h, ButtonHeightFor(f, specs[i], w));
        for (size_t i = row; i < std::min(specs.size(), row + columns); ++i) {
            if (i != row) ImGui::SameLine();
            specs[i].size.y = h;
            if (BigButton(f, specs[i])) f.Do(ActionType::OpenService, services[i]->id);
        }
    }
    EndTouchScroll();
}

}  // namespace bk::ui
