// Step pictures on the GPU: a PNG or JPEG file is decoded (stb_image) and uploaded as an OpenGL texture the
// first time a screen asks for it, then kept; the decoded pixels are freed at once. Needs the window's GL
// context current (the UI thread). A file that cannot be decoded is noted once and shown as words only.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "ui/images.h"

namespace bk {

class GlPictures : public ui::Pictures {
public:
    GlPictures() = default;
    ~GlPictures() override;  // deletes the textures: destroy before the window's GL context
    GlPictures(const GlPictures&) = delete;
    GlPictures& operator=(const GlPictures&) = delete;

    const ui::Picture* Find(const std::string& file) override;

private:
    std::map<std::string, std::optional<ui::Picture>> m_pictures;  // nullopt: failed, not retried
};

}  // namespace bk
