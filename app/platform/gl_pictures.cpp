#include "platform/gl_pictures.h"

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <stb_image.h>

#include <cstdint>
#include <cstdio>

namespace bk {

namespace {

std::optional<ui::Picture> Upload(const std::string& file) {
    int width = 0, height = 0, channels = 0;
    unsigned char* pixels = stbi_load(file.c_str(), &width, &height, &channels, 4);
    if (!pixels) {
        std::fprintf(stderr, "borgerkiosk: picture %s cannot be shown: %s\n", file.c_str(), stbi_failure_reason());
        return std::nullopt;
    }
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    // Linear filtering: pictures are drawn smaller than rasterised, at whatever the text size asks for.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    stbi_image_free(pixels);
    return ui::Picture{reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture)),
                       ImVec2(static_cast<float>(width), static_cast<float>(height))};
}

}  // namespace

GlPictures::~GlPictures() {
    for (const auto& [file, picture] : m_pictures) {
        if (!picture) continue;
        const GLuint texture = static_cast<GLuint>(reinterpret_cast<intptr_t>(picture->texture));
        glDeleteTextures(1, &texture);
    }
}

const ui::Picture* GlPictures::Find(const std::string& file) {
    auto it = m_pictures.find(file);
    if (it == m_pictures.end()) it = m_pictures.emplace(file, Upload(file)).first;
    return it->second ? &*it->second : nullptr;
}

}  // namespace bk
