#include "core/qr_code.h"

#include <qrencode.h>

#include <memory>

namespace bk {

QrMatrix MakeQr(std::string_view text) {
    if (text.empty()) return {};
    try {
        // encodeData takes a byte count, so text need not be NUL-terminated and may contain any byte.
        std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
            QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()),
                              0, QR_ECLEVEL_M),
            &QRcode_free);
        if (!code || code->width <= 0) return {};
        QrMatrix matrix;
        matrix.size = code->width;
        matrix.version = code->version;
        const std::size_t count = static_cast<std::size_t>(code->width) * code->width;
        matrix.modules.resize(count);
        // libqrencode packs flags into each byte; bit 0 is the module colour.
        for (std::size_t i = 0; i < count; ++i) matrix.modules[i] = (code->data[i] & 1) != 0;
        return matrix;
    } catch (...) {
        // Allocation failure: a missing QR code must not take the screen down.
        return {};
    }
}

}  // namespace bk
