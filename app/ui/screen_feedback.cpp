// Feedback in at most three taps (a face, done or not, send); reasons and a comment are optional.
#include <algorithm>

#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

// The comment's warning names the country's personal number when the profile says it (CPR, fødselsnummer).
static std::string PrivacyHint(const Frame& f) {
    const Lang& lang = f.kiosk.State().lang;
    const LocalText& own = f.kiosk.Profile().comment_privacy;
    return own.Has(lang) ? own.Get(lang) : f.T("feedback.comment_privacy");
}

// The scale in one row when five faces of at least the touch minimum fit the width, else in two (three, then two).
static void Faces(const Frame& f, float side) {
    const FeedbackDraft& d = f.kiosk.State().feedback;
    const float row_w = ImGui::GetContentRegionAvail().x;
    const float row_x = ImGui::GetCursorPosX();
    const float min_gap = f.em * 0.2f;
    side = std::max(side, f.em * kMinTouchEm);
    const int per_row = side * 5 + min_gap * 4 <= row_w ? 5 : 3;
    const float gap = std::max(min_gap, (row_w - side * per_row) / (per_row - 1));
    for (int value = 1; value <= 5; ++value) {
        // The scale starts where reading starts: on the left, or on the right of an Arabic screen.
        const int column = (value - 1) % per_row;
        if (column > 0) ImGui::SameLine();
        const float x = column * (side + gap);
        ImGui::SetCursorPosX(row_x + (f.RightToLeft() ? row_w - side - x : x));
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const std::string id = "feedback.rate." + std::to_string(value);
        const bool chosen = d.rating == value;
        // The face on top, its word below it, both inside one tall button.
        const float height = side * 1.5f;
        const std::string label = f.T(("feedback.rating_" + std::to_string(value)).c_str());
        ButtonSpec face{id.c_str(), nullptr, "", "", ImVec2(side, height), chosen ? Tone::Selected : Tone::Quiet};
        face.spoken = label;  // drawn below the face, not as the button's label
        if (BigButton(f, face)) f.Do(ActionType::Rate, {}, value);
        // Faces go from sad (red) to happy (green).
        static constexpr ImU32 kFace[] = {IM_COL32(230, 120, 110, 255), IM_COL32(240, 170, 110, 255), IM_COL32(245, 215, 110, 255),
                                          IM_COL32(175, 215, 120, 255), IM_COL32(120, 200, 130, 255)};
        DrawFace(ImGui::GetWindowDrawList(), ImVec2(pos.x + side * 0.5f, pos.y + side * 0.48f), side * 0.36f, value,
                 kFace[value - 1], IM_COL32(30, 30, 30, 255));
        ImFont* small = f.fonts.small;
        const float wrap = side - f.em * 0.3f;
        const bool rtl = StartsRightToLeft(label);
        // A word is never cut: one wider than the face ("Нормально" at large text) shrinks the label instead.
        const float widest = MeasureLines(small, small->FontSize, label, 1.0f, rtl).x;  // one word a line
        const float font_size = small->FontSize * std::min(1.0f, wrap / std::max(widest, 1.0f));
        const ImVec2 ls = MeasureLines(small, font_size, label, wrap, rtl);
        const ImVec4 clip(pos.x, pos.y, pos.x + side, pos.y + height);
        DrawLines(ImGui::GetWindowDrawList(), small, font_size, ImVec2(pos.x + (side - ls.x) * 0.5f, pos.y + side * 0.88f), ls.x,
                  chosen ? f.palette.on_selected : f.palette.text, label, rtl, &clip);
    }
}

static void TaskDoneRow(const Frame& f) {
    const FeedbackDraft& d = f.kiosk.State().feedback;
    Paragraph(f.T("feedback.task_done"), f.palette.text);
    std::vector<std::pair<TaskDone, const char*>> answers = {{TaskDone::Yes, "feedback.yes"}, {TaskDone::Partly, "feedback.partly"}, {TaskDone::No, "feedback.no"}};
    if (f.RightToLeft()) std::reverse(answers.begin(), answers.end());  // "yes" first in reading order, on the right
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float third = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3;
    for (const auto& [value, key] : answers) {
        if (key != answers.front().second) ImGui::SameLine();
        if (BigButton(f, {key, d.task_done == value ? icon::kCheck : nullptr, f.T(key), "", ImVec2(third, f.em * 2.6f),
                          d.task_done == value ? Tone::Selected : Tone::Secondary, true, false, false, true}))
            f.Do(ActionType::SetTaskDone, {}, static_cast<int>(value));
    }
}

static void ReasonChips(const Frame& f) {
    const FeedbackDraft& d = f.kiosk.State().feedback;
    Paragraph(f.T("feedback.reasons"), f.palette.text_muted);
    // Chips flow onto as many rows as they need.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float row_w = ImGui::GetContentRegionAvail().x;
    // Every chip has room for the check mark a chosen one carries, so choosing does not reflow the rows.
    const float check_w = ImGui::CalcTextSize(icon::kCheck).x + ImGui::GetFontSize() * 0.5f;
    float used = 0;
    const float row_x = ImGui::GetCursorPosX();
    for (const std::string& reason : kFeedbackReasons) {
        const std::string key = "feedback.reason." + reason;
        const std::string label = f.T(key.c_str());
        const std::string drawn = VisualLine(label, StartsRightToLeft(label));  // Arabic is measured as it is drawn, joined
        const float w = std::min(row_w, ImGui::CalcTextSize(drawn.c_str()).x + check_w + f.em * 2.0f);
        if (used > 0 && used + gap + w <= row_w) ImGui::SameLine();
        else used = 0;
        used += (used > 0 ? gap : 0) + w;
        if (f.RightToLeft()) ImGui::SetCursorPosX(row_x + row_w - used);  // rows fill from the right
        const bool on = d.reasons.count(reason) > 0;
        if (BigButton(f, {key.c_str(), on ? icon::kCheck : nullptr, label, "", ImVec2(w, f.em * 2.0f), on ? Tone::Selected : Tone::Secondary,
                          true, false, false, true}))
            f.Do(ActionType::ToggleReason, reason);
    }
}

static void CommentBox(const Frame& f) {
    const FeedbackDraft& d = f.kiosk.State().feedback;
    if (d.keyboard_open || !d.comment.Text().empty()) {
        // The comment as typed, in a framed box with a caret.
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetContentRegionAvail().x;
        const std::string shown = d.comment.Text() + (d.keyboard_open ? "|" : "");
        // Typed Arabic is shaped and runs from the right, its caret at the left end, like the rest of the screen.
        const bool rtl = d.comment.Text().empty() ? f.RightToLeft() : StartsRightToLeft(d.comment.Text());
        const float text_h = MeasureLines(ImGui::GetFont(), ImGui::GetFontSize(), shown, w - f.em, rtl).y;
        const float box_h = std::max(f.em * 2.4f, text_h + f.em);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + box_h), f.palette.surface, f.em * 0.2f);
        dl->AddRect(pos, ImVec2(pos.x + w, pos.y + box_h), f.palette.border, f.em * 0.2f, 0, f.palette.border_px);
        DrawLines(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + f.em * 0.5f, pos.y + f.em * 0.5f), w - f.em,
                  f.palette.text, shown, rtl);
        RecordText(d.comment.Text(), pos, ImVec2(pos.x + w, pos.y + box_h));  // what was typed, read back
        ImGui::Dummy(ImVec2(w, box_h));
        // As the keyboard opens, the box comes into sight above it, however the region was scrolled or how little
        // room large text leaves.
        if (d.keyboard_open && ImGui::IsWindowAppearing()) ScrollIntoSight(pos, ImVec2(pos.x + w, pos.y + box_h));
    }
    if (d.keyboard_open) {
        Paragraph(PrivacyHint(f), f.palette.text_muted);
    } else {
        // Tall enough for the whole privacy hint: it is the one line that tells citizens what not to type.
        // Once something is typed the button no longer asks whether to write one: it offers to change it.
        ButtonSpec button{"feedback.comment", icon::kKeyboard, f.T(d.comment.Text().empty() ? "feedback.comment" : "feedback.comment_edit"), PrivacyHint(f),
                          ImVec2(-1, f.em * 3.0f), Tone::Secondary};
        button.size.y = std::max(button.size.y, ButtonHeightFor(f, button, ImGui::GetContentRegionAvail().x));
        if (BigButton(f, button)) f.Do(ActionType::OpenKeyboard);
    }
}

void DrawFeedback(const Frame& f) {
    const FeedbackDraft& d = f.kiosk.State().feedback;
    const ImVec2 avail = ContentSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float spacing_y = ImGui::GetStyle().ItemSpacing.y;
    // The keyboard's share of the screen, grown to keys at the touch minimum but never over the typed box's room:
    // on a short screen at large text its keys get shorter instead, down to the touch minimum at 100 % (a Polish
    // keyboard has five rows).
    float keyboard_h = 0;
    float key_em = f.em;  // the em the keys are laid out with
    if (d.keyboard_open) {
        const int rows = static_cast<int>(f.kiosk.Keyboard().rows.size());
        const float typing_room = f.em * 2.4f + spacing_y;
        keyboard_h = std::min(std::max(avail.y * (f.portrait ? 0.38f : 0.5f), KeyboardHeightAtTouchMinimum(f.em, rows)),
                              avail.y - typing_room);
        const float base_em = f.em / kTextScale[static_cast<size_t>(f.kiosk.State().text_size)];
        key_em = std::clamp(keyboard_h / KeyboardHeightAtTouchMinimum(1.0f, rows), base_em, f.em);
    }
    // Send and skip stay at the bottom, always in reach; the rest scrolls when it does not fit.
    // Until a face is chosen Send looks unavailable and says why on its second line; the row grows to show it.
    const bool can_send = d.rating > 0;
    ButtonSpec send{"feedback.send", icon::kCheck, f.T("feedback.send"), can_send ? "" : f.T("feedback.send_hint"), ImVec2(0, 0),
                    Tone::Primary, can_send, can_send};  // the body font while it explains: two lines fit the row
    // The row keeps that height once a face is chosen, so Send does not change size under the citizen's finger.
    ButtonSpec explaining = send;
    explaining.hint = f.T("feedback.send_hint");
    explaining.enabled = explaining.heading_font = false;
    float actions_h = std::max(f.em * 2.8f, ButtonHeightFor(f, explaining, ButtonRowHalfWidth()));
    // While typing on a short screen at large text, the typed words need the room more: send and skip come back
    // with the keyboard's "done".
    const bool show_actions = !d.keyboard_open || avail.y - keyboard_h - actions_h - spacing_y * 2 >= f.em * 4.0f;
    if (!show_actions) actions_h = 0;
    // Landscape splits into two columns while each keeps a readable width; large text keeps one, as in portrait.
    const bool two_columns = !f.portrait && (avail.x - f.em) / 2 >= f.em * kReadableColumnEm;
    const int rows_below = (d.keyboard_open ? 1 : 0) + (show_actions ? 1 : 0);
    // A region of its own while typing, which appears as the keyboard opens.
    BeginTouchScroll(d.keyboard_open ? "##typing" : "##feedback",
                     ImVec2(avail.x, avail.y - keyboard_h - actions_h - spacing_y * static_cast<float>(rows_below)));
    if (d.keyboard_open) {
        // While typing, only the text shows above the keyboard.
        Paragraph(f.T("feedback.comment"), f.palette.text);
        CommentBox(f);
    } else if (!two_columns) {
        Heading(f, f.T("feedback.title"));
        Faces(f, std::min((ImGui::GetContentRegionAvail().x - 4 * gap) / 5, f.em * 5.0f));
        ImGui::Dummy(ImVec2(0, f.em * 0.4f));
        TaskDoneRow(f);
        ImGui::Dummy(ImVec2(0, f.em * 0.4f));
        ReasonChips(f);
        ImGui::Dummy(ImVec2(0, f.em * 0.4f));
        CommentBox(f);
    } else {
        // Landscape: the three-tap part on the left, the optional part on the right, each scrolling alone.
        Heading(f, f.T("feedback.title"));
        // An Arabic screen starts on the right, so the three-tap part goes there.
        const float column = (ImGui::GetContentRegionAvail().x - f.em) / 2;
        auto three_taps = [&] {
            BeginTouchScroll("##left", ImVec2(column, 0));
            Faces(f, std::min((ImGui::GetContentRegionAvail().x - 4 * gap) / 5, f.em * 5.0f));
            ImGui::Dummy(ImVec2(0, f.em * 0.4f));
            TaskDoneRow(f);
            EndTouchScroll();
        };
        auto optional = [&] {
            BeginTouchScroll("##right", ImVec2(column, 0));
            ReasonChips(f);
            ImGui::Dummy(ImVec2(0, f.em * 0.4f));
            CommentBox(f);
            EndTouchScroll();
        };
        if (f.RightToLeft()) optional(), ImGui::SameLine(0, f.em), three_taps();
        else three_taps(), ImGui::SameLine(0, f.em), optional();
    }
    EndTouchScroll();

    if (d.keyboard_open) DrawKeyboard(Frame{f.kiosk, f.palette, f.fonts, key_em, f.size, f.portrait, f.out, f.targets, f.pictures}, keyboard_h);
    if (!show_actions) return;
    // Skip, then Send where "next" is.
    send.size.y = actions_h;
    const RowTap tap = ButtonRow(f, {"feedback.skip", nullptr, f.T("feedback.skip"), "", ImVec2(0, actions_h), Tone::Secondary}, send);
    if (tap == RowTap::Leading) f.Do(ActionType::SkipFeedback);
    if (tap == RowTap::Trailing) f.Do(ActionType::SubmitFeedback);
}

}  // namespace bk::ui
