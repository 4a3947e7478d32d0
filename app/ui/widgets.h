// Touch widgets: big buttons with a visible pressed state and no hover-only affordances, text that wraps,
// regions that scroll by dragging, QR codes and smiley faces drawn with the draw list.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/bidi.h"
#include "ui/images.h"
#include "ui/style.h"

namespace bk::ui {

// Where a tappable thing was drawn this frame; tests and the end-to-end harness tap by id.
struct Target {
    std::string id;
    ImVec2 min, max;
    std::string label;  // the words on it, so a test can check what a citizen reads there
    std::string hint;   // the smaller second line, if any
    std::string icon;   // the glyph drawn before the label (a check mark on a chosen chip), empty when none was drawn
    bool enabled = true;
    bool words_cut = false;  // the label or hint did not fit the button even at its smallest size, and was clipped
};

// What every drawing function needs, built once per frame.
struct Frame {
    const Kiosk& kiosk;
    const Palette& palette;
    const FontSet& fonts;
    float em;
    ImVec2 size;            // the display
    bool portrait;
    Actions& out;
    std::vector<Target>* targets = nullptr;
    Pictures* pictures = nullptr;    // step pictures; none = words only

    std::string T(const char* key, long n = -1, long m = -1) const { return kiosk.Text(key, n, m); }
    void Do(ActionType type, std::string text = {}, int value = 0) const { out.push_back({type, std::move(text), value}); }
    // An Arabic screen mirrors: back on the right, next on the left, progress from the right, bullets on the right.
    bool RightToLeft() const { return IsRightToLeftLanguage(kiosk.State().lang); }
};

struct ButtonSpec {
    const char* id;                 // stable id, also the target id for tests
    const char* icon = nullptr;     // glyph from ui/icons.h, drawn before the label
    std::string label;
    std::string hint;               // a smaller second line
    ImVec2 size;                    // px; x <= 0 means the remaining width
    Tone tone = Tone::Secondary;
    bool enabled = true;
    bool heading_font = false;
    bool stacked = false;           // icon above a small label (toolbars)
    bool keep_icon = false;         // the icon carries meaning (a check mark): shrink the label, never drop the icon
    std::string spoken;             // speech mode's words when the label is not drawn on it (a face, a glyph key)
    bool shows_choice = true;       // Tone::Selected means "chosen" (false: a status colour, as on the help banner)
    bool exact_width = false;       // a key sharing its row's width: the row, not the key, keeps the touch minimum
};

// A window over the whole main viewport, with no title, frame, moving or saved settings (`extra` adds flags).
// Every full-screen window starts with it. Call ImGui::End() whatever it returns, as with ImGui::Begin().
bool BeginFullScreen(const char* name, ImGuiWindowFlags extra = 0);

// A large button. True on release over it (a tap), false for a drag that happened to start on it.
bool BigButton(const Frame& f, const ButtonSpec& spec);
// The height a button with a hint needs at `width` so that its label and hint are whole (at least the
// touch minimum); large text wraps the hint onto more lines.
float ButtonHeightFor(const Frame& f, const ButtonSpec& spec, float width);

// Which button of a ButtonRow was tapped this frame.
enum class RowTap { None, Leading, Trailing };
// Two buttons side by side, each half the row wide (their specs' size.x is replaced) at its spec's height:
// `leading` first in reading order, `trailing` where "next" is, on the right or on the left of a right-to-left
// screen. Both are BigButtons, drawn (and recorded for speech mode) from left to right.
RowTap ButtonRow(const Frame& f, ButtonSpec leading, ButtonSpec trailing);
// The width each button of a ButtonRow drawn here gets, to measure a button's height before the row.
float ButtonRowHalfWidth();

// [SECTION] What is on screen, for speech mode
// While a ScreenRecording lives, Paragraph, Heading and BigButton append what they draw to `items`, in drawing
// order (KioskView::Draw holds one per frame, then publishes the items to the core). Without one, nothing is kept.
class ScreenRecording {
public:
    explicit ScreenRecording(std::vector<ScreenItem>& items);
    ~ScreenRecording();
    ScreenRecording(const ScreenRecording&) = delete;
    ScreenRecording& operator=(const ScreenRecording&) = delete;
    static void SetChrome(bool chrome);  // what is drawn now is the top bar or the help banner
    static void Add(ScreenItem item);     // also sets `chrome`; no-op without a recording
    // The region that holds this item scrolls it into sight as it is drawn (speech mode's focus moved to it).
    static void ScrollTo(const ScreenItem& item);

private:
    std::vector<ScreenItem>& m_items;
    bool m_chrome = false;
};
// Text drawn some other way (the draw list, ImGui::TextUnformatted) with the rectangle it covers.
void RecordText(const std::string& text, ImVec2 min, ImVec2 max, ItemRole role = ItemRole::Text);

// Wrapped text in the current font and colour; lines break at spaces only. A right-to-left text (by its first
// letter, or as `direction` says) is shaped, reordered and right-aligned (ui/bidi.h).
void Paragraph(const std::string& text, ImU32 color, TextDirection direction = TextDirection::Auto);
void Heading(const Frame& f, const std::string& text);

// A child region that scrolls when dragged with a finger. On a page just opened it starts at its top.
void BeginTouchScroll(const char* id, ImVec2 size);
// The frame being drawn shows a page just opened (another screen, another step): full-screen windows and
// touch-scroll regions open at their top, not where the last page was left (KioskView::Draw sets it).
void SetNewPage(bool new_page);
void EndTouchScroll();
// The current region scrolls as little as it must to show all of a rectangle drawn in it, or its top when it is
// taller than the region (from the next frame, within the region's range).
void ScrollIntoSight(ImVec2 min, ImVec2 max);

// Step progress: filled segments.
void ProgressBar(const Frame& f, int done, int total, float height);

// A 5-face rating scale; the face for `value` 1..5 drawn into a square.
void DrawFace(ImDrawList* dl, ImVec2 center, float radius, int value, ImU32 face, ImU32 ink);

// A QR code from a module matrix (true = dark), on a white square with a quiet zone.
void DrawQr(ImDrawList* dl, ImVec2 min, float side, int modules, const std::vector<bool>& dark, int quiet_zone);

}  // namespace bk::ui
