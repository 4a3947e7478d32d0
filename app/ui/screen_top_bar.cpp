// The bar on every screen: home on the left; language, read aloud, text size, contrast and help on the right
// (mirrored on an Arabic screen).
#include <algorithm>

#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

ImVec2 ContentSize() { return ImGui::GetContentRegionAvail(); }

// Width that fits a stacked button's label, never below the minimum touch size.
static float StackedWidth(const Frame& f, const std::string& label) {
    ImFont* small = f.fonts.small;
    const std::string drawn = VisualLine(label, StartsRightToLeft(label));  // Arabic as drawn: joined, narrower
    return std::max(f.em * 2.6f, small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, drawn.c_str()).x + f.em * 0.8f);
}

// The language chooser: a small card under the globe (`anchor`: its bottom-left corner), over the screen,
// each language named in itself; moved left as far as it must to stay whole on the display.
// Choosing changes only the words: the citizen stays on the same screen, step and answers.
static void LanguageChooser(const Frame& f, ImVec2 anchor) {
    const auto& langs = f.kiosk.Profile().languages;
    const float w = f.em * 9.0f, h = f.em * 2.4f, pad = f.em * 0.5f;
    // Sized up front: an auto-sized window skips its first frame, and a tap must find the buttons at once.
    const float rows = static_cast<float>(langs.size() + 1);
    const ImVec2 size(w + 2 * pad, rows * h + (rows - 1) * ImGui::GetStyle().ItemSpacing.y + 2 * pad);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float x = std::max(viewport->Pos.x, std::min(anchor.x, viewport->Pos.x + viewport->Size.x - size.x));
    ImGui::SetNextWindowPos(ImVec2(x, anchor.y));
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, f.palette.border_px);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad, pad));
    ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(f.palette.border));
    ImGui::Begin("##languages", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    for (const Lang& lang : langs) {
        const bool current = lang == f.kiosk.State().lang;
        const std::string id = "languages." + lang;
        if (BigButton(f, {id.c_str(), current ? icon::kCheck : nullptr, f.kiosk.Pack().Text(lang, "lang." + lang), "",
                          ImVec2(w, h), current ? Tone::Selected : Tone::Secondary, true, false, false, current}))
            f.Do(ActionType::ChooseLanguage, lang);
    }
    if (BigButton(f, {"languages.close", icon::kClose, f.T("common.close"), "", ImVec2(w, h), Tone::Quiet}))
        f.Do(ActionType::ToggleLanguages);
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
}

void DrawTopBar(const Frame& f) {
    const SessionState& s = f.kiosk.State();
    const float h = f.em * 2.4f;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool reading = f.kiosk.IsReadingAloud();
    // Every control says what it does in words under its icon; many citizens do not read icons.
    // In a guide the home button leaves it and asks for feedback first (on purpose): its words say so.
    const std::string home = f.T(s.screen == Screen::Guide ? "top.leave_guide" : "common.home");
    const std::string language = f.T("common.language");
    const std::string read = f.T(reading ? "common.stop_reading" : "common.read_aloud");
    const std::string size = f.T("common.text_size") + (s.text_size == 0 ? "" : s.text_size == 1 ? " +" : " ++");
    const std::string contrast = f.T("common.contrast");
    const std::string help = f.T("common.help");

    const bool show_home = s.screen != Screen::Start && s.screen != Screen::Home;
    // The start screen has its own big language row; every other screen has the globe.
    const bool show_language = s.screen != Screen::Start && f.kiosk.Profile().languages.size() > 1;
    const bool show_help = s.screen != Screen::Help;
    // Speech mode reads everything already; its own keys stop and repeat.
    const bool show_read = f.kiosk.CanReadAloud() && !f.kiosk.SpeechMode().on;
    float w_home = show_home ? StackedWidth(f, home) : 0, w_language = show_language ? StackedWidth(f, language) : 0,
          w_read = show_read ? StackedWidth(f, read) : 0, w_size = StackedWidth(f, size),
          w_contrast = StackedWidth(f, contrast), w_help = show_help ? std::max(f.em * 4.5f, StackedWidth(f, help)) : 0;
    float* widths[] = {&w_home, &w_language, &w_read, &w_size, &w_contrast, &w_help};
    int shown = 0;
    for (float* w : widths) shown += *w > 0;
    // Long translations on a narrow screen: squeeze every button alike, never below the touch minimum.
    const float avail = ImGui::GetContentRegionAvail().x - gap * (shown - 1);
    const float wanted = w_home + w_language + w_read + w_size + w_contrast + w_help;
    if (wanted > avail) {
        const float scale = avail / wanted;
        for (float* w : widths)
            if (*w > 0) *w = std::max(f.em * kMinTouchEm, *w * scale);
    }

    // Each button at `x` from where reading starts: from the left, or from the right of an Arabic screen, whose
    // bar is mirrored (home on the right, help on the left).
    const bool rtl = f.RightToLeft();
    const float row_x = ImGui::GetCursorPosX();
    const float row_w = ImGui::GetContentRegionAvail().x;
    float x = 0;
    bool first = true;
    auto place = [&](float w) {
        if (!first) ImGui::SameLine();
        first = false;
        ImGui::SetCursorPosX(row_x + (rtl ? row_w - x - w : x));
        x += w + gap;
    };
    if (show_home) {
        place(w_home);
        if (BigButton(f, {"top.home", icon::kHome, home, "", ImVec2(w_home, h), Tone::Secondary, true, false, true}))
            f.Do(ActionType::GoHome);
    }
    const float right_w = w_language + w_read + w_size + w_contrast + w_help + gap * (shown - (show_home ? 2 : 1));
    x = std::max(x, row_w - right_w);  // the rest at the far end
    ImVec2 chooser_anchor;
    if (show_language) {
        place(w_language);
        if (BigButton(f, {"top.language", icon::kGlobe, language, "", ImVec2(w_language, h),
                          s.languages_open ? Tone::Selected : Tone::Secondary, true, false, true}))
            f.Do(ActionType::ToggleLanguages);
        chooser_anchor = ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y + gap);
    }
    if (w_read > 0) {
        place(w_read);
        if (BigButton(f, {"top.read_aloud", reading ? icon::kStop : icon::kVolume, read, "", ImVec2(w_read, h),
                          reading ? Tone::Selected : Tone::Secondary, true, false, true}))
            f.Do(ActionType::ToggleReadAloud);
    }
    place(w_size);
    if (BigButton(f, {"top.text_size", icon::kFont, size, "", ImVec2(w_size, h), s.text_size > 0 ? Tone::Selected : Tone::Secondary,
                      true, false, true}))
        f.Do(ActionType::CycleTextSize);
    place(w_contrast);
    if (BigButton(f, {"top.contrast", icon::kContrast, contrast, "", ImVec2(w_contrast, h),
                      s.high_contrast ? Tone::Selected : Tone::Secondary, true, false, true}))
        f.Do(ActionType::ToggleContrast);
    if (show_help) {
        place(w_help);
        if (BigButton(f, {"top.help", icon::kHelp, help, "", ImVec2(w_help, h), Tone::Warning, true, false, true}))
            f.Do(ActionType::RequestHelp);
    }
    ImGui::Dummy(ImVec2(0, f.em * 0.2f));
    if (show_language && s.languages_open) LanguageChooser(f, chooser_anchor);
}

}  // namespace bk::ui
