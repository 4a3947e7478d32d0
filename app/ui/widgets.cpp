#include "ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include <imgui_internal.h>  // SetNextWindowScroll

#include "ui/icons.h"

namespace bk::ui {

// Arrows point the way reading goes: on a right-to-left label, back points right and next points left.
static const char* DirectionalIcon(const char* icon, bool right_to_left) {
    if (!right_to_left || !icon) return icon;
    if (std::strcmp(icon, icon::kArrowLeft) == 0) return icon::kArrowRight;
    if (std::strcmp(icon, icon::kArrowRight) == 0) return icon::kArrowLeft;
    return icon;
}

static ImU32 Fill(const Palette& p, Tone tone, bool pressed) {
    switch (tone) {
        case Tone::Primary: return pressed ? p.primary_pressed : p.primary;
        case Tone::Selected: return pressed ? p.primary_pressed : p.selected;
        case Tone::Warning: return pressed ? p.primary_pressed : p.warning;
        case Tone::Quiet: return pressed ? p.secondary_pressed : p.background;
        case Tone::Secondary: break;
    }
    return pressed ? p.secondary_pressed : p.secondary;
}

static ImU32 Ink(const Palette& p, Tone tone, bool pressed) {
    if (pressed) return tone == Tone::Secondary || tone == Tone::Quiet ? p.on_secondary : p.on_primary;
    switch (tone) {
        case Tone::Primary: return p.on_primary;
        case Tone::Selected: return p.on_selected;
        case Tone::Warning: return p.on_warning;
        case Tone::Quiet: return p.text;
        case Tone::Secondary: break;
    }
    return p.on_secondary;
}

// [SECTION] What is on screen, for speech mode

// The recording of the frame being drawn; set and cleared by a ScreenRecording on the UI thread only.
static ScreenRecording* g_recording = nullptr;
static std::vector<ScreenItem>* g_recorded = nullptr;
static bool g_chrome = false;
static std::optional<ScreenItem> g_scroll_to;  // a control by id, a text by its words

ScreenRecording::ScreenRecording(std::vector<ScreenItem>& items) : m_items(items) {
    IM_ASSERT(!g_recording && "one recording at a time");
    g_recording = this;
    g_recorded = &m_items;
    g_chrome = false;
}

ScreenRecording::~ScreenRecording() {
    g_recording = nullptr;
    g_recorded = nullptr;
    g_chrome = false;
    g_scroll_to.reset();
}

void ScreenRecording::ScrollTo(const ScreenItem& item) { g_scroll_to = item; }

// Measured against what the region shows (its clip), not the cursor: SetScrollHereY aims at the line before.
void ScrollIntoSight(ImVec2 min, ImVec2 max) {
    const ImDrawList* dl = ImGui::GetWindowDrawList();
    const float top = dl->GetClipRectMin().y, bottom = dl->GetClipRectMax().y;
    // A little room around it where there is some, so the focus frame drawn around it shows too.
    const float margin = std::clamp((bottom - top - (max.y - min.y)) * 0.5f, 0.0f, ImGui::GetFontSize() * 0.3f);
    float by = 0;
    if (min.y < top + margin || max.y - min.y > bottom - top) by = min.y - top - margin;
    else if (max.y > bottom - margin) by = max.y - bottom + margin;
    // Whole pixels away from the cut (ImGui floors the scroll).
    if (by > 0) ImGui::SetScrollY(std::ceil(ImGui::GetScrollY() + by));
    else if (by < 0) ImGui::SetScrollY(std::floor(ImGui::GetScrollY() + by));
}

// Called with an item's rectangle as it is drawn: the item speech mode's focus moved to comes into sight.
static void ScrollIntoSightIf(bool is_it, ImVec2 min, ImVec2 max) {
    if (!is_it) return;
    g_scroll_to.reset();
    ScrollIntoSight(min, max);
}

void ScreenRecording::SetChrome(bool chrome) { g_chrome = chrome; }

void ScreenRecording::Add(ScreenItem item) {
    if (!g_recorded) return;
    item.chrome = g_chrome;
    g_recorded->push_back(std::move(item));
}

// The part of a rectangle a finger can reach: what the current window's clip shows of it (empty when none);
// the whole rectangle too, so a test can tell a cut item from a whole one.
static void SetVisibleRect(ScreenItem& item, ImVec2 min, ImVec2 max) {
    item.whole_x0 = min.x, item.whole_y0 = min.y, item.whole_x1 = max.x, item.whole_y1 = max.y;
    const ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
    const ImVec2 a(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
    const ImVec2 b(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
    if (a.x < b.x && a.y < b.y) item.x0 = a.x, item.y0 = a.y, item.x1 = b.x, item.y1 = b.y;
}

void RecordText(const std::string& text, ImVec2 min, ImVec2 max, ItemRole role) {
    if (!g_recorded || text.empty()) return;
    ScrollIntoSightIf(g_scroll_to && g_scroll_to->id.empty() && g_scroll_to->label == text, min, max);
    ScreenItem item;
    item.role = role;
    item.label = text;
    SetVisibleRect(item, min, max);
    ScreenRecording::Add(std::move(item));
}

// [SECTION] Widgets

// Set for one frame by KioskView::Draw; one kiosk view draws at a time.
static bool g_new_page = false;

void SetNewPage(bool new_page) { g_new_page = new_page; }

bool BeginFullScreen(const char* name, ImGuiWindowFlags extra) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    if (g_new_page) ImGui::SetNextWindowScroll(ImVec2(0, 0));
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    return ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | extra);
}

// The room between a button's edge and its words: less on a narrow button (a key at 200 %), so the words keep their size.
static float ButtonPad(const Frame& f, float width) { return std::min(f.em * 0.6f, width * 0.12f); }

bool BigButton(const Frame& f, const ButtonSpec& spec) {
    ImVec2 size = spec.size;
    if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
    const float min_side = f.em * kMinTouchEm;
    if (!spec.exact_width) size.x = std::max(size.x, min_side);
    size.y = std::max(size.y, min_side);

    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ScrollIntoSightIf(g_scroll_to && g_scroll_to->id == spec.id, pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::PushID(spec.id);
    bool released = ImGui::InvisibleButton("##b", size) && spec.enabled;
    const bool pressed = ImGui::IsItemActive() && spec.enabled;
    ImGui::PopID();
    // A finger that moved far was scrolling, not tapping.
    const float slop = f.em * 0.6f;
    if (released && ImGui::GetIO().MouseDragMaxDistanceSqr[0] > slop * slop) released = false;
    // In speech mode a touch explores instead: the button acts when the core asks (Enter, a double tap).
    const SpeechModeState& speech_mode = f.kiosk.SpeechMode();
    // Staff mode is for sighted staff: its buttons take taps as ever.
    if (speech_mode.on && !f.kiosk.InStaffMode()) released = spec.enabled && speech_mode.pending_activation == spec.id;
    if (g_recorded) {
        ScreenItem item;
        item.role = ItemRole::Button;
        item.id = spec.id;
        item.label = spec.spoken.empty() ? spec.label : spec.spoken;
        item.hint = spec.hint;
        item.selected = spec.shows_choice && spec.tone == Tone::Selected;
        item.enabled = spec.enabled;
        SetVisibleRect(item, pos, ImVec2(pos.x + size.x, pos.y + size.y));
        ScreenRecording::Add(std::move(item));
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    Target* target = nullptr;  // filled in as it is drawn
    if (f.targets) {
        // Only the part a finger can reach: what the scroll region shows of it.
        const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
        const ImVec2 a(std::max(pos.x, clip_min.x), std::max(pos.y, clip_min.y));
        const ImVec2 b(std::min(pos.x + size.x, clip_max.x), std::min(pos.y + size.y, clip_max.y));
        if (a.x < b.x && a.y < b.y) target = &f.targets->emplace_back(Target{spec.id, a, b, spec.label, spec.hint, {}, spec.enabled});
    }

    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    const float rounding = f.em * 0.35f;
    // A disabled button looks unlike every enabled one: no fill, muted text, in both palettes.
    ImU32 fill = spec.enabled ? Fill(f.palette, spec.tone, pressed) : f.palette.background;
    ImU32 ink = spec.enabled ? Ink(f.palette, spec.tone, pressed) : f.palette.text_muted;
    dl->AddRectFilled(pos, max, fill, rounding);
    if (!spec.enabled || spec.tone != Tone::Primary || f.palette.border_px > 2.0f)  // a disabled button keeps its outline
        dl->AddRect(pos, max, spec.enabled ? f.palette.border : f.palette.text_muted, rounding, 0, f.palette.border_px);

    if (spec.stacked) {
        // Icon centred in the upper part, the label in the small font centred below it.
        ImFont* body = f.fonts.body;
        ImFont* small = f.fonts.small;
        const ImVec2 icon_size = body->CalcTextSizeA(body->FontSize, FLT_MAX, 0, spec.icon ? spec.icon : "");
        const std::string label = VisualLine(spec.label, StartsRightToLeft(spec.label));
        // A label wider than the button (a long translation in a squeezed top bar) shrinks rather than being cut.
        const float room = size.x - f.em * 0.3f;
        const float natural_w = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, label.c_str()).x;
        const float label_font = natural_w > room ? small->FontSize * std::max(0.7f, room / natural_w) : small->FontSize;
        const ImVec2 label_size = small->CalcTextSizeA(label_font, FLT_MAX, 0, label.c_str());
        const float block = icon_size.y + label_size.y;
        const float top = pos.y + (size.y - block) * 0.5f;
        if (spec.icon) {
            dl->AddText(body, body->FontSize, ImVec2(pos.x + (size.x - icon_size.x) * 0.5f, top), ink, spec.icon);
            if (target) target->icon = spec.icon;
        }
        const ImVec4 clip(pos.x, pos.y, max.x, max.y);
        dl->AddText(small, label_font, ImVec2(pos.x + std::max(0.0f, (size.x - label_size.x) * 0.5f), top + icon_size.y), ink,
                    label.c_str(), nullptr, 0.0f, &clip);
        if (target) target->words_cut = label_size.x > size.x + 0.5f || block > size.y + 0.5f;
        return released;
    }
    // Icon on the left, label (and hint below it) next to it, vertically centred; mirrored for a right-to-left label.
    ImFont* font = spec.heading_font ? f.fonts.heading : f.fonts.body;
    ImFont* hint_font = f.fonts.body;
    const float pad = ButtonPad(f, size.x);
    const float inner = size.x - 2 * pad;
    const bool rtl = StartsRightToLeft(spec.label);
    const char* const icon = DirectionalIcon(spec.icon, rtl);
    if (spec.hint.empty()) {
        // One line, centred. With large text on a narrow button the icon goes first, then the label
        // shrinks to fit: a word is never broken in the middle.
        const std::string label = VisualLine(spec.label, rtl);
        float font_size = font->FontSize;
        const float label_w = label.empty() ? 0 : font->CalcTextSizeA(font_size, FLT_MAX, 0, label.c_str()).x;
        const float icon_w = icon ? font->CalcTextSizeA(font_size, FLT_MAX, 0, icon).x : 0;
        const float spacing = icon && label_w > 0 ? font_size * 0.5f : 0;
        bool with_icon = icon != nullptr;
        if (with_icon && !spec.keep_icon && label_w > 0 && icon_w + spacing + label_w > inner) with_icon = false;
        const float label_room = inner - (with_icon ? icon_w + spacing : 0);
        // Smaller words rather than cut ones; only a label far too long for its button is cut (below 40 %).
        if (label_w > label_room) font_size *= std::max(0.4f, label_room / label_w);
        const float lw = label.empty() ? 0 : font->CalcTextSizeA(font_size, FLT_MAX, 0, label.c_str()).x;
        const float total = (with_icon ? icon_w + spacing : 0) + lw;
        float x = pos.x + std::max(pad * 0.5f, (size.x - total) * 0.5f);
        const ImVec4 clip(pos.x, pos.y, max.x, max.y);
        const float icon_x = rtl ? x + lw + spacing : x;  // before the label in reading order
        if (with_icon) {
            dl->AddText(font, font->FontSize, ImVec2(icon_x, pos.y + (size.y - font->FontSize) * 0.5f), ink, icon, nullptr, 0, &clip);
            if (!rtl) x += icon_w + spacing;
            if (target) target->icon = icon;
        }
        dl->AddText(font, font_size, ImVec2(x, pos.y + (size.y - font_size) * 0.5f), ink, label.c_str(), nullptr, 0, &clip);
        if (target) target->words_cut = x + lw > max.x + 0.5f || font_size > size.y + 0.5f;
        return released;
    }
    float text_x = pos.x + pad;
    float wrap = max.x - pad;
    if (icon) {
        const ImVec2 icon_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, icon);
        const float icon_x = rtl ? max.x - pad - icon_size.x : text_x;
        dl->AddText(font, font->FontSize, ImVec2(icon_x, pos.y + (size.y - icon_size.y) * 0.5f), ink, icon);
        if (rtl) wrap -= icon_size.x + font->FontSize * 0.5f;
        else text_x += icon_size.x + font->FontSize * 0.5f;
        if (target) target->icon = icon;
    }
    // Lines may wrap between words, never inside one: a long word ("Velfærdsteknologi") shrinks the label.
    float label_size = font->FontSize;
    for (size_t begin = 0; begin < spec.label.size();) {
        const size_t end = std::min(spec.label.find(' ', begin), spec.label.size());
        const std::string word = VisualLine(std::string_view(spec.label).substr(begin, end - begin), rtl);
        const float word_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, word.c_str()).x;
        if (word_w > wrap - text_x) label_size = std::min(label_size, font->FontSize * (wrap - text_x) / word_w);
        begin = end + 1;
    }
    const bool hint_rtl = rtl || StartsRightToLeft(spec.hint);
    const float label_h = MeasureLines(font, label_size, spec.label, wrap - text_x, rtl).y;
    const float hint_h = MeasureLines(hint_font, hint_font->FontSize, spec.hint, wrap - text_x, hint_rtl).y;
    const float y = pos.y + std::max(pad * 0.5f, (size.y - label_h - hint_h - f.em * 0.2f) * 0.5f);
    const ImVec4 clip(pos.x, pos.y, max.x, max.y);
    DrawLines(dl, font, label_size, ImVec2(text_x, y), wrap - text_x, ink, spec.label, rtl, &clip);
    const ImU32 hint_ink = spec.tone == Tone::Secondary || spec.tone == Tone::Quiet ? f.palette.text_muted : ink;
    DrawLines(dl, hint_font, hint_font->FontSize, ImVec2(text_x, y + label_h + f.em * 0.2f), wrap - text_x, hint_ink, spec.hint,
              hint_rtl, &clip);
    if (target) target->words_cut = y + label_h + f.em * 0.2f + hint_h > max.y + 0.5f;
    return released;
}

float ButtonHeightFor(const Frame& f, const ButtonSpec& spec, float width) {
    // The same measures as BigButton's label-and-hint layout.
    ImFont* font = spec.heading_font ? f.fonts.heading : f.fonts.body;
    ImFont* hint_font = f.fonts.body;
    const float pad = ButtonPad(f, width);
    float text_w = width - 2 * pad;
    if (spec.icon) text_w -= font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, spec.icon).x + font->FontSize * 0.5f;
    const bool rtl = StartsRightToLeft(spec.label);
    const float label_h = MeasureLines(font, font->FontSize, spec.label, text_w, rtl).y;
    const float hint_h = spec.hint.empty() ? 0
                                           : MeasureLines(hint_font, hint_font->FontSize, spec.hint, text_w,
                                                          rtl || StartsRightToLeft(spec.hint)).y + f.em * 0.2f;
    return std::max(f.em * kMinTouchEm, label_h + hint_h + pad);
}

float ButtonRowHalfWidth() { return (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2; }

RowTap ButtonRow(const Frame& f, ButtonSpec leading, ButtonSpec trailing) {
    leading.size.x = trailing.size.x = ButtonRowHalfWidth();
    const bool rtl = f.RightToLeft();
    const bool left_tapped = BigButton(f, rtl ? trailing : leading);
    ImGui::SameLine();
    const bool right_tapped = BigButton(f, rtl ? leading : trailing);
    if (left_tapped) return rtl ? RowTap::Trailing : RowTap::Leading;
    if (right_tapped) return rtl ? RowTap::Leading : RowTap::Trailing;
    return RowTap::None;
}

static void WrappedText(const std::string& text, ImU32 color, ItemRole role, TextDirection direction) {
    WrappedTextItem(text, color, direction);
    RecordText(text, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), role);
}

void Paragraph(const std::string& text, ImU32 color, TextDirection direction) { WrappedText(text, color, ItemRole::Text, direction); }

void Heading(const Frame& f, const std::string& text) {
    ImGui::PushFont(f.fonts.heading);
    WrappedText(text, f.palette.text, ItemRole::Heading, TextDirection::Auto);
    ImGui::PopFont();
}

void BeginTouchScroll(const char* id, ImVec2 size) {
    if (g_new_page) ImGui::SetNextWindowScroll(ImVec2(0, 0));
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoBackground);
    // Dragging anywhere in the region moves the text with the finger.
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem | ImGuiHoveredFlags_ChildWindows) &&
        ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f) && io.MouseDelta.y != 0)
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
}

void EndTouchScroll() {
    // A region that scrolls keeps a gap's room under its last item: ImGui rounds the content's height down, which
    // would leave the last row a pixel short of whole when scrolled to the end, and the focus frame needs the room.
    // One whose content fits (columns that fill it exactly) gets none, or it would scroll by that gap.
    if (ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y > ImGui::GetWindowHeight() + 0.5f) ImGui::Dummy(ImVec2(0, 1));
    ImGui::EndChild();
}

void ProgressBar(const Frame& f, int done, int total, float height) {
    if (total <= 0) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float gap = f.em * 0.2f;
    const float seg = (width - gap * (total - 1)) / total;
    const bool rtl = f.RightToLeft();  // an Arabic guide fills from the right, where its reading starts
    for (int i = 0; i < total; ++i) {
        const ImVec2 a(rtl ? pos.x + width - seg - i * (seg + gap) : pos.x + i * (seg + gap), pos.y);
        const ImVec2 b(a.x + seg, pos.y + height);
        if (i < done) dl->AddRectFilled(a, b, f.palette.progress, height * 0.5f);
        else dl->AddRect(a, b, f.palette.border, height * 0.5f, 0, f.palette.border_px);
    }
    ImGui::Dummy(ImVec2(width, height));
}

void DrawFace(ImDrawList* dl, ImVec2 c, float r, int value, ImU32 face, ImU32 ink) {
    dl->AddCircleFilled(c, r, face, 48);
    dl->AddCircle(c, r, ink, 48, r * 0.07f);
    const float eye = r * 0.11f;
    dl->AddCircleFilled(ImVec2(c.x - r * 0.35f, c.y - r * 0.25f), eye, ink, 16);
    dl->AddCircleFilled(ImVec2(c.x + r * 0.35f, c.y - r * 0.25f), eye, ink, 16);
    // Mouth: a curve from frown (1) through flat (3) to smile (5).
    const float bend = (value - 3) * 0.16f * r;
    const ImVec2 left(c.x - r * 0.45f, c.y + r * 0.35f - bend * 0.5f);
    const ImVec2 right(c.x + r * 0.45f, c.y + r * 0.35f - bend * 0.5f);
    const ImVec2 ctrl(c.x, c.y + r * 0.35f + bend * 1.5f);
    dl->AddBezierQuadratic(left, ctrl, right, ink, r * 0.09f, 24);
}

void DrawQr(ImDrawList* dl, ImVec2 min, float side, int modules, const std::vector<bool>& dark, int quiet_zone) {
    dl->AddRectFilled(min, ImVec2(min.x + side, min.y + side), IM_COL32_WHITE);
    if (modules <= 0) return;
    const float cell = side / (modules + 2 * quiet_zone);
    const float origin_x = min.x + quiet_zone * cell, origin_y = min.y + quiet_zone * cell;
    for (int y = 0; y < modules; ++y)
        for (int x = 0; x < modules; ++x)
            if (dark[static_cast<size_t>(y) * modules + x]) {
                const float x0 = std::floor(origin_x + x * cell), y0 = std::floor(origin_y + y * cell);
                dl->AddRectFilled(ImVec2(x0, y0), ImVec2(std::floor(origin_x + (x + 1) * cell), std::floor(origin_y + (y + 1) * cell)), IM_COL32_BLACK);
            }
}

}  // namespace bk::ui
