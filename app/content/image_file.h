// Where a step's picture is on disk, and whether it is a picture the kiosk can show. The kiosk's own pictures
// are SVG files in assets/images/, rasterised to PNG at build time into the build's assets folder
// (BK_BUILT_ASSETS_DIR); a pack's assets folder may hold its own PNG or JPEG files, which come first.
#pragma once
#include <filesystem>
#include <string>

namespace bk {

// The build's folder of rasterised pictures (<build>/assets).
std::filesystem::path BuiltAssetsDir();

// The file a step's `image` names: assets_dir/image, else BuiltAssetsDir()/image. Empty when neither exists.
std::filesystem::path FindImageFile(const std::filesystem::path& assets_dir, const std::string& image);

// True when the file is a PNG or JPEG the kiosk can decode; its size in pixels. Otherwise false and why.
bool ReadImageSize(const std::filesystem::path& file, int* width, int* height, std::string* why);

}  // namespace bk
