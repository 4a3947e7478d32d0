#include "platform/glfw_platform.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>
#include <thread>
#include <utility>

namespace bk {

// Set by input callbacks and by Wake(); read by the loop. Atomic because Wake() runs on other threads.
// Global because GLFW's callbacks carry no user pointer of ours; there is one window per process.
static std::atomic<bool> g_event_pending{true};

void GlfwPlatform::NoteEvent(GLFWwindow*) { g_event_pending = true; }

// [SECTION] The audio-navigation keypad
// Accessible kiosks take a USB keypad that sends arrows, Enter, +/- and a help key; a keyboard's same keys work
// too. Filled by GLFW's callbacks (on the UI thread, inside glfwPollEvents), emptied by TakeNavKeys().
static std::vector<NavKey> g_nav_keys;

static void NoteKey(int key, int action) {
    if (action != GLFW_PRESS) return;
    switch (key) {
        case GLFW_KEY_UP: case GLFW_KEY_KP_8: g_nav_keys.push_back(NavKey::Up); break;
        case GLFW_KEY_DOWN: case GLFW_KEY_KP_2: g_nav_keys.push_back(NavKey::Down); break;
        case GLFW_KEY_LEFT: case GLFW_KEY_KP_4: g_nav_keys.push_back(NavKey::Left); break;
        case GLFW_KEY_RIGHT: case GLFW_KEY_KP_6: g_nav_keys.push_back(NavKey::Right); break;
        case GLFW_KEY_ENTER: case GLFW_KEY_KP_ENTER: g_nav_keys.push_back(NavKey::Enter); break;
        case GLFW_KEY_F1: g_nav_keys.push_back(NavKey::Help); break;
        case GLFW_KEY_SPACE: case GLFW_KEY_KP_5: g_nav_keys.push_back(NavKey::Repeat); break;
        case GLFW_KEY_ESCAPE: case GLFW_KEY_KP_DECIMAL: g_nav_keys.push_back(NavKey::Stop); break;
        default: break;
    }
}

// + and - come as characters, so they work on any keyboard layout and on the keypad alike.
static void NoteCharacter(unsigned int c) {
    if (c == '+') g_nav_keys.push_back(NavKey::VolumeUp);
    else if (c == '-') g_nav_keys.push_back(NavKey::VolumeDown);
    else if (c == '?') g_nav_keys.push_back(NavKey::Help);
}

std::vector<NavKey> GlfwPlatform::TakeNavKeys() { return std::exchange(g_nav_keys, {}); }

void GlfwPlatform::Wake() {
    g_event_pending = true;
    glfwPostEmptyEvent();
}

bool GlfwPlatform::OpenWithFonts(const WindowOptions& options, float font_short_side_px, ui::Fonts& fonts, std::string* why) {
    ImVec2 size;
    if (!PredictSize(options, &size, why)) return false;
    const float short_side = font_short_side_px > 0 ? font_short_side_px : std::min(size.x, size.y);
    m_atlas = std::make_unique<ImFontAtlas>();
    bool fonts_ok = false;
    std::jthread font_builder([&] {
        fonts_ok = ui::LoadFonts(*m_atlas, fonts, short_side);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        if (fonts_ok) m_atlas->GetTexDataAsRGBA32(&pixels, &w, &h);  // the OpenGL backend asks for RGBA
    });
    const bool opened = Open(options, why, m_atlas.get());
    font_builder.join();
    if (!opened) return false;
    if (!fonts_ok) {
        *why = "fonts missing (install fonts-dejavu-core and fonts-font-awesome)";
        return false;
    }
    ImGui::GetIO().FontDefault = fonts.sizes[0].body;
    return true;
}

GlfwPlatform::~GlfwPlatform() {
    if (m_imgui_ready) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (m_window) glfwDestroyWindow(m_window);
    glfwTerminate();
}

static bool InitGlfw(std::string* why) {
    glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "borgerkiosk: GLFW error %d: %s\n", code, text); });
    if (glfwInit()) return true;  // a second call does nothing
    *why = "cannot open a window: no display (set DISPLAY, or run under Xvfb)";
    return false;
}

bool GlfwPlatform::PredictSize(const WindowOptions& options, ImVec2* size, std::string* why) {
    if (!InitGlfw(why)) return false;
    *size = ImVec2(static_cast<float>(options.width), static_cast<float>(options.height));
    if (!options.fullscreen) return true;
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    if (count == 0) {
        *why = "no monitor connected";
        return false;
    }
    const GLFWvidmode* mode = glfwGetVideoMode(monitors[std::clamp(options.monitor, 0, count - 1)]);
    *size = ImVec2(static_cast<float>(mode->width), static_cast<float>(mode->height));
    return true;
}

bool GlfwPlatform::Open(const WindowOptions& options, std::string* why, ImFontAtlas* shared_atlas) {
    if (!InitGlfw(why)) return false;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWmonitor* monitor = nullptr;
    int width = options.width, height = options.height;
    if (options.fullscreen) {
        int count = 0;
        GLFWmonitor** monitors = glfwGetMonitors(&count);
        if (count == 0) {
            *why = "no monitor connected";
            return false;
        }
        monitor = monitors[std::clamp(options.monitor, 0, count - 1)];
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        width = mode->width;
        height = mode->height;
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    }
    m_window = glfwCreateWindow(width, height, options.title.c_str(), monitor, nullptr);
    if (!m_window) {
        *why = "cannot create an OpenGL 3.0 window";
        return false;
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    if (options.fullscreen) glfwSetInputMode(m_window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);  // touch only

    // Our callbacks only note that something happened; ImGui's backend chains to them.
    glfwSetCursorPosCallback(m_window, [](GLFWwindow* w, double, double) { NoteEvent(w); });
    glfwSetMouseButtonCallback(m_window, [](GLFWwindow* w, int, int, int) { NoteEvent(w); });
    glfwSetScrollCallback(m_window, [](GLFWwindow* w, double, double) { NoteEvent(w); });
    glfwSetKeyCallback(m_window, [](GLFWwindow* w, int key, int, int action, int) {
        NoteKey(key, action);
        NoteEvent(w);
    });
    glfwSetCharCallback(m_window, [](GLFWwindow* w, unsigned c) {
        NoteCharacter(c);
        NoteEvent(w);
    });
    glfwSetWindowFocusCallback(m_window, [](GLFWwindow* w, int) { NoteEvent(w); });
    glfwSetCursorEnterCallback(m_window, [](GLFWwindow* w, int) { NoteEvent(w); });
    glfwSetFramebufferSizeCallback(m_window, [](GLFWwindow* w, int, int) { NoteEvent(w); });
    glfwSetWindowRefreshCallback(m_window, [](GLFWwindow* w) { NoteEvent(w); });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(shared_atlas);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk keeps no window layout between runs
    io.LogFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    m_imgui_ready = true;
    return true;
}

ImVec2 GlfwPlatform::FramebufferSize() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return ImVec2(static_cast<float>(w), static_cast<float>(h));
}

void GlfwPlatform::Run(const Loop& loop, const Clock& clock) {
    bool first = true;
    while (!glfwWindowShouldClose(m_window) && !CloseRequested()) {
        if (m_frames_owed <= 0 && !g_event_pending.exchange(false)) {
            // Nothing to draw: sleep until input, a Wake(), or the next timer.
            const Millis deadline = loop.next_deadline ? loop.next_deadline() : -1;
            if (deadline < 0) {
                glfwWaitEvents();
            } else {
                const Millis wait = deadline - clock.MonotonicMs();
                if (wait > 0) glfwWaitEventsTimeout(static_cast<double>(wait) / 1000.0);
                else glfwPollEvents();
            }
            if (CloseRequested()) break;
            if (!g_event_pending.exchange(false) && deadline >= 0 && clock.MonotonicMs() < deadline) continue;
            m_frames_owed = std::max(m_frames_owed, 2);
        } else {
            glfwPollEvents();
            if (g_event_pending.exchange(false)) m_frames_owed = std::max(m_frames_owed, 2);
        }

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        const bool again = loop.frame();
        ImGui::Render();
        int w = 0, h = 0;
        glfwGetFramebufferSize(m_window, &w, &h);
        glViewport(0, 0, w, h);
        glClearColor(0, 0, 0, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(m_window);
        ++m_frames;
        --m_frames_owed;
        if (again) m_frames_owed = std::max(m_frames_owed, 2);
        if (loop.frame_shown) loop.frame_shown();
        if (first) {
            first = false;
            if (loop.first_frame_shown) loop.first_frame_shown();
        }
    }
}

}  // namespace bk
