// ImGui with no window and no GPU: a context with a real font atlas and simulated touches through the
// 1.86 input API (io.MousePos / io.MouseDown). Used by the headless tests and by `--simulate`.
//
// A tap takes three frames: one to move the finger there (so the item is hovered), one pressed, one
// released (buttons report the click on release).
#pragma once
#include <imgui.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <optional>
#include <mutex>
#include <string>

#include "platform/runner.h"
#include "ui/images.h"
#include "ui/kiosk_view.h"

namespace bk {

class NullRunner : public Runner {
public:
    explicit NullRunner(ImVec2 display_size, const ui::FontFiles& font_files = {});
    ~NullRunner() override;
    NullRunner(const NullRunner&) = delete;
    NullRunner& operator=(const NullRunner&) = delete;

    bool FontsLoaded() const { return m_fonts_loaded; }
    const ui::Fonts& Fonts() const { return m_fonts; }
    ImVec2 DisplaySize() const { return ImGui::GetIO().DisplaySize; }

    // One frame: input as set, draw(), render. dt is what ImGui sees as time passed.
    void Frame(const std::function<void()>& draw, float dt = 1.0f / 30.0f);
    void SetMouse(ImVec2 pos, bool down);
    // Press and release at pos over three frames.
    void Tap(ImVec2 pos, const std::function<void()>& draw);
    // Press at from, drag to to in steps, release.
    void Drag(ImVec2 from, ImVec2 to, int steps, const std::function<void()>& draw);

    // The Runner loop with no window: a frame, then sleep until Wake(), Close() or the next deadline (on
    // `clock`, checked again after each wake so a test's ManualClock works through Wake()).
    void Run(const Loop& loop, const Clock& clock) override;
    void Wake() override;

private:
    std::mutex m_mutex;
    std::condition_variable m_woken;
    bool m_wake_pending = false;
    ImGuiContext* m_context = nullptr;
    ui::Fonts m_fonts;
    bool m_fonts_loaded = false;
};

// No GPU: each file gets its own fake texture id and its real size (read from the file's header), so a
// headless test can find the picture in the draw list. A file that is not a picture gives nullptr.
class FakePictures : public ui::Pictures {
public:
    const ui::Picture* Find(const std::string& file) override;
    // The id Find() gave the file, or nullptr when it has not been asked for or was not a picture.
    ImTextureID IdOf(const std::string& file) const;

private:
    std::map<std::string, std::optional<ui::Picture>> m_pictures;
};

// The kiosk on a NullRunner: frames, taps by target id, nothing else.
class HeadlessKiosk {
public:
    HeadlessKiosk(Kiosk& kiosk, ImVec2 display_size);

    void Frame();                                 // one frame of the real loop step
    bool Tap(const std::string& target_id);       // false when the target is not on screen
    void Drag(ImVec2 from, ImVec2 to);           // a finger moved across the screen
    void PressKey(NavKey key);                   // a keypad key, then a frame to show what it did
    bool HasTarget(const std::string& target_id) const { return m_view.FindTarget(target_id) != nullptr; }
    const ui::KioskView& View() const { return m_view; }
    NullRunner& Runner() { return m_runner; }
    const FakePictures& Pictures() const { return m_pictures; }

private:
    Kiosk& m_kiosk;
    NullRunner m_runner;
    FakePictures m_pictures;
    ui::KioskView m_view;
};

}  // namespace bk
