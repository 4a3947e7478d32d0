// QR codes for links the citizen continues on a phone. Plain C++ over libqrencode, no ImGui:
// the screen draws the modules with ImDrawList and leaves quiet_zone light modules around them.
#pragma once
#include <string_view>
#include <vector>

namespace bk {

struct QrMatrix {
    int size = 0;        // modules per side (21 + 4 * (version - 1)); 0 when encoding failed
    int version = 0;     // QR version 1..40
    int quiet_zone = 4;  // light modules the drawer must keep free on every side (the standard asks for 4)
    std::vector<bool> modules;  // size * size, row by row, true = dark

    bool Empty() const { return size == 0; }
    bool IsDark(int x, int y) const {
        return x >= 0 && y >= 0 && x < size && y < size && modules[static_cast<std::size_t>(y) * size + x];
    }
};

// Encodes the bytes of text (8-bit mode, error correction level M, smallest version that fits).
// Returns an empty matrix for empty text or when libqrencode fails (e.g. text too long); never throws.
QrMatrix MakeQr(std::string_view text);

}  // namespace bk
