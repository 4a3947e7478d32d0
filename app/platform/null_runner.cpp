#include "platform/null_runner.h"

#include <stb_image.h>

#include <chrono>
#include <cmath>
#include <cstdint>

namespace bk {

NullRunner::NullRunner(ImVec2 display_size, const ui::FontFiles& font_files) {
    IMGUI_CHECKVERSION();
    m_context = ImGui::CreateContext();
    ImGui::SetCurrentContext(m_context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = display_size;
    m_fonts_loaded = ui::LoadFonts(m_fonts, std::min(display_size.x, display_size.y), font_files);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);  // builds the atlas; no texture to upload
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

NullRunner::~NullRunner() { ImGui::DestroyContext(m_context); }

void NullRunner::Frame(const std::function<void()>& draw, float dt) {
    ImGui::SetCurrentContext(m_context);
    ImGui::GetIO().DeltaTime = dt;
    ImGui::NewFrame();
    draw();
    ImGui::Render();
}

void NullRunner::Wake() {
    {
        std::lock_guard lock(m_mutex);
        m_wake_pending = true;
    }
    m_woken.notify_all();
}

void NullRunner::Run(const Loop& loop, const Clock& clock) {
    bool first = true;
    while (!CloseRequested()) {
        bool again = false;
        Frame([&] { again = loop.frame(); });
        if (loop.frame_shown) loop.frame_shown();
        if (first && loop.first_frame_shown) loop.first_frame_shown();
        first = false;
        if (again) continue;
        std::unique_lock lock(m_mutex);
        const auto due = [&] {
            const Millis deadline = loop.next_deadline ? loop.next_deadline() : -1;
            return deadline >= 0 && clock.MonotonicMs() >= deadline;
        };
        while (!m_wake_pending && !CloseRequested() && !due()) {
            const Millis deadline = loop.next_deadline ? loop.next_deadline() : -1;
            if (deadline < 0) m_woken.wait(lock);
            else m_woken.wait_for(lock, std::chrono::milliseconds(deadline - clock.MonotonicMs()));
        }
        m_wake_pending = false;
    }
}

void NullRunner::SetMouse(ImVec2 pos, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    io.MouseDown[0] = down;
}

void NullRunner::Tap(ImVec2 pos, const std::function<void()>& draw) {
    SetMouse(pos, false);
    Frame(draw);
    SetMouse(pos, true);
    Frame(draw);
    SetMouse(pos, false);
    Frame(draw);
}

void NullRunner::Drag(ImVec2 from, ImVec2 to, int steps, const std::function<void()>& draw) {
    SetMouse(from, false);
    Frame(draw);
    for (int i = 0; i <= steps; ++i) {
        const float t = static_cast<float>(i) / steps;
        SetMouse(ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t), true);
        Frame(draw);
    }
    SetMouse(to, false);
    Frame(draw);
}

const ui::Picture* FakePictures::Find(const std::string& file) {
    auto it = m_pictures.find(file);
    if (it == m_pictures.end()) {
        std::optional<ui::Picture> picture;
        int width = 0, height = 0, channels = 0;
        if (stbi_info(file.c_str(), &width, &height, &channels) && width > 0 && height > 0) {
            // Far from the font atlas's id (1), one per file.
            const auto id = static_cast<intptr_t>(0x1000 + m_pictures.size());
            picture = ui::Picture{reinterpret_cast<ImTextureID>(id), ImVec2(static_cast<float>(width), static_cast<float>(height))};
        }
        it = m_pictures.emplace(file, picture).first;
    }
    return it->second ? &*it->second : nullptr;
}

ImTextureID FakePictures::IdOf(const std::string& file) const {
    auto it = m_pictures.find(file);
    return it != m_pictures.end() && it->second ? it->second->texture : nullptr;
}

HeadlessKiosk::HeadlessKiosk(Kiosk& kiosk, ImVec2 display_size)
    : m_kiosk(kiosk), m_runner(display_size), m_view(m_runner.Fonts(), &m_pictures) {
    Frame();
}

void HeadlessKiosk::Frame() {
    m_runner.Frame([this] { m_view.Step(m_kiosk); });
}

void HeadlessKiosk::Drag(ImVec2 from, ImVec2 to) {
    m_runner.Drag(from, to, 12, [this] { m_view.Step(m_kiosk); });
    m_runner.SetMouse(ImVec2(-FLT_MAX, -FLT_MAX), false);
    Frame();
}

void HeadlessKiosk::PressKey(NavKey key) {
    m_view.PressKey(key);
    // The key's frame, the frame in which an activated control taps, and the one that shows the result.
    for (int i = 0; i < 3; ++i) Frame();
}

bool HeadlessKiosk::Tap(const std::string& target_id) {
    const ui::Target* target = m_view.FindTarget(target_id);
    if (!target) return false;
    const ImVec2 centre((target->min.x + target->max.x) * 0.5f, (target->min.y + target->max.y) * 0.5f);
    m_runner.Tap(centre, [this] { m_view.Step(m_kiosk); });
    m_runner.SetMouse(ImVec2(-FLT_MAX, -FLT_MAX), false);
    Frame();  // show the result of the tap, as the real loop does after an action
    return true;
}

}  // namespace bk
