#include "ui/bidi.h"

#include <fribidi.h>

#include <algorithm>
#include <cfloat>

namespace bk::ui {

namespace {

std::vector<FriBidiChar> ToUtf32(std::string_view text) {
    std::vector<FriBidiChar> out(text.size() + 1);
    const FriBidiStrIndex length =
        fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, text.data(), static_cast<FriBidiStrIndex>(text.size()), out.data());
    out.resize(static_cast<std::size_t>(std::max(0, length)));
    return out;
}

std::string ToUtf8(const std::vector<FriBidiChar>& text) {
    std::string out(text.size() * 4 + 1, '\0');
    const FriBidiStrIndex length =
        fribidi_unicode_to_charset(FRIBIDI_CHAR_SET_UTF8, text.data(), static_cast<FriBidiStrIndex>(text.size()), out.data());
    out.resize(static_cast<std::size_t>(std::max(0, length)));
    return out;
}

// Marks that steer the bidi algorithm have done their work once a line is in display order; the font has
// no visible glyph for them (LRM, RLM, embeddings, overrides, isolates, the zero-width joiners). FriBidi
// also leaves U+FEFF where a lam-alef ligature swallowed the alef.
bool IsInvisibleControl(FriBidiChar c) {
    return c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

float TextWidth(const ImFont* font, float size, std::string_view text) {
    if (text.empty()) return 0;
    return font->CalcTextSizeA(size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
}

}  // namespace

bool IsRightToLeftLanguage(std::string_view lang) {
    const std::string_view primary = lang.substr(0, lang.find_first_of("-_"));
    return primary == "ar" || primary == "fa" || primary == "he" || primary == "ur";
}

bool StartsRightToLeft(std::string_view text) {
    for (FriBidiChar c : ToUtf32(text)) {
        const FriBidiCharType type = fribidi_get_bidi_type(c);
        if (FRIBIDI_IS_LETTER(type)) return FRIBIDI_IS_RTL(type);
    }
    return false;
}

bool HasRightToLeft(std::string_view text) {
    // Right-to-left scripts all live above U+0590; plain ASCII and Latin-1 never need the work.
    if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0xD6; })) return false;
    for (FriBidiChar c : ToUtf32(text))
        if (FRIBIDI_IS_RTL(fribidi_get_bidi_type(c))) return true;
    return false;
}

bool ResolveRightToLeft(std::string_view text, TextDirection direction) {
    if (direction == TextDirection::Auto) return StartsRightToLeft(text);
    return direction == TextDirection::RightToLeft;
}

std::string VisualLine(std::string_view logical_line, bool right_to_left) {
    if (!right_to_left && !HasRightToLeft(logical_line)) return std::string(logical_line);
    const std::vector<FriBidiChar> logical = ToUtf32(logical_line);
    if (logical.empty()) return {};
    // fribidi_log2vis's steps, but a vowel mark (fatha, shadda ...) stays before its letter in display order:
    // ImGui has no mark positioning, and DejaVu's marks have no advance and sit right of the pen, so drawn
    // just before their letter they land on it (log2vis's REORDER_NSM would put them on the next letter).
    const auto length = static_cast<FriBidiStrIndex>(logical.size());
    std::vector<FriBidiCharType> types(logical.size());
    std::vector<FriBidiBracketType> brackets(logical.size());
    std::vector<FriBidiLevel> levels(logical.size());
    std::vector<FriBidiArabicProp> joining(logical.size());
    fribidi_get_bidi_types(logical.data(), length, types.data());
    fribidi_get_bracket_types(logical.data(), length, types.data(), brackets.data());
    FriBidiParType base = right_to_left ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (!fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), length, &base, levels.data()))
        return std::string(logical_line);
    // Shape: joining forms and lam-alef ligatures as presentation forms, mirrored brackets; then reorder.
    fribidi_get_joining_types(logical.data(), length, joining.data());
    fribidi_join_arabic(types.data(), length, levels.data(), joining.data());
    std::vector<FriBidiChar> visual = logical;
    const FriBidiFlags flags = FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAGS_ARABIC;
    fribidi_shape(flags, levels.data(), length, joining.data(), visual.data());
    if (!fribidi_reorder_line(flags, types.data(), length, 0, base, levels.data(), visual.data(), nullptr))
        return std::string(logical_line);
    std::erase_if(visual, IsInvisibleControl);
    return ToUtf8(visual);
}

std::vector<TextLine> LayoutLines(const ImFont* font, float size, std::string_view text, float wrap_width, bool right_to_left) {
    std::vector<TextLine> lines;
    const float space = TextWidth(font, size, " ");
    for (std::size_t begin = 0; begin <= text.size();) {
        const std::size_t end = std::min(text.find('\n', begin), text.size());
        const std::string_view paragraph = text.substr(begin, end - begin);
        // Words in logical order; a line takes words while they fit. Spaces break Arabic joining, so a word
        // shaped alone is as wide as it is inside its line.
        std::string line;
        float line_w = 0;
        auto flush = [&] {
            lines.push_back({VisualLine(line, right_to_left), 0});
            line.clear();
            line_w = 0;
        };
        bool first = true;
        for (std::size_t at = 0; at <= paragraph.size();) {
            const std::size_t word_end = std::min(paragraph.find(' ', at), paragraph.size());
            const std::string_view word = paragraph.substr(at, word_end - at);
            at = word_end + 1;
            if (word.empty() && word_end < paragraph.size()) {  // a run of spaces keeps its width
                line += ' ';
                line_w += space;
                continue;
            }
            const float word_w = TextWidth(font, size, VisualLine(word, right_to_left));
            if (!first && wrap_width > 0 && line_w + space + word_w > wrap_width) {
                while (!line.empty() && line.back() == ' ') line.pop_back(), line_w -= space;
                flush();
            } else if (!first) {
                line += ' ';
                line_w += space;
            }
            line += word;
            line_w += word_w;
            first = false;
        }
        flush();
        begin = end + 1;
    }
    // Each line's width as drawn (mirrored brackets and ligatures across words may differ a little).
    for (TextLine& l : lines) l.width = TextWidth(font, size, l.visual);
    return lines;
}

ImVec2 MeasureLines(const ImFont* font, float size, std::string_view text, float wrap_width, bool right_to_left) {
    const std::vector<TextLine> lines = LayoutLines(font, size, text, wrap_width, right_to_left);
    float width = 0;
    for (const TextLine& line : lines) width = std::max(width, line.width);
    return ImVec2(width, size * static_cast<float>(lines.size()));
}

float DrawLines(ImDrawList* draw_list, const ImFont* font, float size, ImVec2 pos, float width, ImU32 color, std::string_view text,
                bool right_to_left, const ImVec4* clip) {
    const std::vector<TextLine> lines = LayoutLines(font, size, text, width, right_to_left);
    float y = pos.y;
    for (const TextLine& line : lines) {
        const float x = right_to_left ? pos.x + width - line.width : pos.x;
        draw_list->AddText(font, size, ImVec2(x, y), color, line.visual.c_str(), line.visual.c_str() + line.visual.size(), 0.0f, clip);
        y += size;
    }
    return y - pos.y;
}

void WrappedTextItem(std::string_view text, ImU32 color, TextDirection direction, float width) {
    const bool right_to_left = ResolveRightToLeft(text, direction);
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    if (width <= 0) width = ImGui::GetContentRegionAvail().x;
    // Right-aligned lines would touch a scroll region's bar, which ImGui puts right beside the content.
    if (right_to_left && ImGui::GetScrollMaxY() > 0) width -= ImGui::GetStyle().ItemSpacing.x;
    width = std::max(width, size);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const std::vector<TextLine> lines = LayoutLines(font, size, text, width, right_to_left);
    // Reserve the block first, so the item (and what the window scrolls to) is known before drawing.
    ImGui::Dummy(ImVec2(width, size * static_cast<float>(lines.size())));
    if (!ImGui::IsItemVisible()) return;  // scrolled away: nothing to draw
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    float y = pos.y;
    for (const TextLine& line : lines) {
        const float x = right_to_left ? pos.x + width - line.width : pos.x;
        draw_list->AddText(font, size, ImVec2(x, y), color, line.visual.c_str(), line.visual.c_str() + line.visual.size());
        y += size;
    }
}

}  // namespace bk::ui
