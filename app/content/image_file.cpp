#include "content/image_file.h"

#include <stb_image.h>

#ifndef BK_BUILT_ASSETS_DIR
#error "BK_BUILT_ASSETS_DIR must name the build's rasterised pictures (set by app/content/CMakeLists.txt)"
#endif

namespace bk {

namespace fs = std::filesystem;

fs::path BuiltAssetsDir() { return fs::path(BK_BUILT_ASSETS_DIR); }

fs::path FindImageFile(const fs::path& assets_dir, const std::string& image) {
    std::error_code ec;
    for (const fs::path& dir : {assets_dir, BuiltAssetsDir()}) {
        if (dir.empty()) continue;
        const fs::path file = (dir / image).lexically_normal();
        if (fs::is_regular_file(file, ec)) return file;
    }
    return {};
}

bool ReadImageSize(const fs::path& file, int* width, int* height, std::string* why) {
    int channels = 0;
    // stbi_info reads only the header; a truncated body is caught when the kiosk decodes it (and then not drawn).
    if (stbi_info(file.c_str(), width, height, &channels) && *width > 0 && *height > 0) return true;
    const char* reason = stbi_failure_reason();
    *why = reason ? reason : "unreadable";
    return false;
}

}  // namespace bk
