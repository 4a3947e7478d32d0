// Step pictures as the screens see them: a texture id and a size, nothing about files or OpenGL. The platform
// decodes and uploads a picture the first time a screen asks for it (GlPictures), or hands out fake ids with
// the file's real size when there is no GPU (FakePictures, for tests and --simulate).
#pragma once
#include <imgui.h>

#include <string>

namespace bk::ui {

struct Picture {
    ImTextureID texture = nullptr;
    ImVec2 size;  // in pixels, as rasterised
};

class Pictures {
public:
    virtual ~Pictures() = default;
    // The picture in `file` (a path on disk), or nullptr when it cannot be shown; the kiosk then shows only the
    // words. Asking again for a file that failed does not retry.
    virtual const Picture* Find(const std::string& file) = 0;
};

}  // namespace bk::ui
