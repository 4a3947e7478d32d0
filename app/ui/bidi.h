// Right-to-left text for ImGui, which draws glyphs one after another from left to right and knows nothing
// of direction or joining. FriBidi (Debian's libfribidi) does both jobs for a line: it shapes Arabic into
// its joining forms and lam-alef ligatures as Unicode presentation forms (which DejaVu Sans has), and puts
// the characters in display order by the Unicode bidi algorithm, so numbers and Latin words ("MitID",
// "borger.dk") stay left to right inside Arabic. A paragraph is broken into lines in logical order first
// and each line is reordered on its own, so a wrapped right-to-left paragraph reads from its top line.
//
// Lines break at spaces only: never inside a word, never at a dot ("borger.dk"). A single word wider than
// the line keeps its own line and is clipped by the caller, not split.
#pragma once
#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace bk::ui {

enum class TextDirection {
    Auto,         // from the text itself: its first letter with a strong direction (Unicode bidi rule P2)
    LeftToRight,  // Danish, English, Norwegian, Ukrainian, Turkish, Polish
    RightToLeft,  // Arabic
};

// The direction of a whole screen in `lang` ("ar" is right to left); it mirrors the layout too.
bool IsRightToLeftLanguage(std::string_view lang);
// True when the first letter with a strong direction is right to left (Arabic, Hebrew ...). A text with no
// strong letter (digits, punctuation) is left to right.
bool StartsRightToLeft(std::string_view text);
// True when the text holds any right-to-left character and so needs shaping and reordering to be drawn.
bool HasRightToLeft(std::string_view text);
// `direction` resolved for `text` (Auto looks at the text).
bool ResolveRightToLeft(std::string_view text, TextDirection direction);

// One line (no line break inside) in the order its glyphs are drawn from left to right, Arabic shaped.
// Left-to-right text with no right-to-left character comes back unchanged.
std::string VisualLine(std::string_view logical_line, bool right_to_left);

struct TextLine {
    std::string visual;  // what to draw, left to right
    float width = 0;     // its width in the font at the size asked
};

// `text` broken into lines no wider than `wrap_width` (<= 0: only at '\n'), each ready to draw.
std::vector<TextLine> LayoutLines(const ImFont* font, float size, std::string_view text, float wrap_width, bool right_to_left);
// Width and height of LayoutLines' result (the widest line; one font size per line).
ImVec2 MeasureLines(const ImFont* font, float size, std::string_view text, float wrap_width, bool right_to_left);

// Draws laid-out text into a box `width` wide from `pos`: lines start on the left, or on the right for a
// right-to-left text. Returns the height drawn.
float DrawLines(ImDrawList* draw_list, const ImFont* font, float size, ImVec2 pos, float width, ImU32 color, std::string_view text,
                bool right_to_left, const ImVec4* clip = nullptr);

// Wrapped text as one ImGui item at the cursor, `width` wide (<= 0: the content region's width), in the current
// font: lines start on the right for a right-to-left text. Replaces ImGui's TextWrapped, which breaks at dots.
void WrappedTextItem(std::string_view text, ImU32 color, TextDirection direction = TextDirection::Auto, float width = 0);

}  // namespace bk::ui
