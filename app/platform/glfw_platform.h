// The one corner that knows about GLFW and OpenGL: the window, the font texture, and the event-driven
// loop. The loop sleeps in glfwWaitEventsTimeout and draws only when input arrived, a timer is due, or
// another thread called Wake().
#pragma once
#include <imgui.h>

#include <memory>
#include <string>

#include "platform/runner.h"
#include "ui/style.h"

struct GLFWwindow;

namespace bk {

struct WindowOptions {
    bool fullscreen = false;     // kiosk mode: no decorations, the chosen monitor's own resolution
    int monitor = 0;             // index into the connected monitors
    int width = 1080, height = 1920;
    std::string title = "Borgerkiosk";
};

class GlfwPlatform : public Runner {
public:
    GlfwPlatform() = default;
    ~GlfwPlatform() override;
    GlfwPlatform(const GlfwPlatform&) = delete;
    GlfwPlatform& operator=(const GlfwPlatform&) = delete;

    // The size the window will have, known before it exists (so fonts can be built meanwhile).
    // False when there is no display.
    static bool PredictSize(const WindowOptions& options, ImVec2* size, std::string* why);
    // Creates the window and the ImGui context with its GLFW and OpenGL3 backends, on `shared_atlas` when
    // given (it must outlive this object). On failure: false and why.
    bool Open(const WindowOptions& options, std::string* why, ImFontAtlas* shared_atlas = nullptr);
    // Opens the window and builds the fonts side by side (an OpenGL context under software rendering takes
    // seconds; so does the atlas), so the first frame comes sooner. Fonts are sized for a screen whose short
    // side is `font_short_side_px`, or the window's when 0. On failure: false and why.
    bool OpenWithFonts(const WindowOptions& options, float font_short_side_px, ui::Fonts& fonts, std::string* why);
    ImVec2 FramebufferSize() const;

    // Runs until the window is closed or Close() is called.
    void Run(const Loop& loop, const Clock& clock) override;
    // From any thread: the loop wakes and draws a frame.
    void Wake() override;
    std::vector<NavKey> TakeNavKeys() override;

    // Frames drawn so far (for diagnostics and benchmarks).
    long FramesDrawn() const { return m_frames; }

private:
    static void NoteEvent(GLFWwindow* window);
    std::unique_ptr<ImFontAtlas> m_atlas;  // declared first: it must outlive the ImGui context
    GLFWwindow* m_window = nullptr;
    bool m_imgui_ready = false;
    long m_frames = 0;
    int m_frames_owed = 2;   // ImGui needs a couple of frames after input to settle (press, release, layout)
};

}  // namespace bk
