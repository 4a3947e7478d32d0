#include "core/qr_code.h"

#include <gtest/gtest.h>

#include <string>

namespace bk {
namespace {

// A 7x7 finder pattern with its top-left module at (x, y): dark ring, light ring, dark 3x3 core.
bool HasFinderAt(const QrMatrix& qr, int x, int y) {
    for (int dy = 0; dy < 7; ++dy) {
        for (int dx = 0; dx < 7; ++dx) {
            const bool ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
            const bool core = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
            if (qr.IsDark(x + dx, y + dy) != (ring || core)) return false;
        }
    }
    return true;
}

TEST(QrCode, UrlEncodesToAValidVersionSize) {
    const QrMatrix qr = MakeQr("https://www.borger.dk/familie-og-boern");
    ASSERT_FALSE(qr.Empty());
    EXPECT_GE(qr.version, 1);
    EXPECT_LE(qr.version, 40);
    EXPECT_EQ(qr.size, 21 + 4 * (qr.version - 1));
    EXPECT_EQ(qr.modules.size(), static_cast<std::size_t>(qr.size * qr.size));
    EXPECT_EQ(qr.quiet_zone, 4);
    // 38 bytes at level M need version 3 (capacity 42 bytes); version 2 holds only 26.
    EXPECT_EQ(qr.version, 3);
    EXPECT_EQ(qr.size, 29);
}

TEST(QrCode, FinderPatternsAtThreeCorners) {
    const QrMatrix qr = MakeQr("https://lifeindenmark.borger.dk/");
    ASSERT_FALSE(qr.Empty());
    EXPECT_TRUE(HasFinderAt(qr, 0, 0));
    EXPECT_TRUE(HasFinderAt(qr, qr.size - 7, 0));
    EXPECT_TRUE(HasFinderAt(qr, 0, qr.size - 7));
    EXPECT_FALSE(HasFinderAt(qr, qr.size - 7, qr.size - 7));  // the fourth corner has none
    // The separator next to the top-left finder is light.
    for (int i = 0; i < 8; ++i) {
        EXPECT_FALSE(qr.IsDark(7, i));
        EXPECT_FALSE(qr.IsDark(i, 7));
    }
}

TEST(QrCode, Deterministic) {
    const QrMatrix a = MakeQr("https://www.nav.no/");
    const QrMatrix b = MakeQr("https://www.nav.no/");
    EXPECT_EQ(a.size, b.size);
    EXPECT_EQ(a.modules, b.modules);
    const QrMatrix c = MakeQr("https://www.nav.no/x");
    EXPECT_NE(a.modules, c.modules);
}

TEST(QrCode, SmallTextIsVersionOne) {
    const QrMatrix qr = MakeQr("Borgerservice");
    EXPECT_EQ(qr.version, 1);
    EXPECT_EQ(qr.size, 21);
}

TEST(QrCode, Utf8AndEmbeddedNulAreEncodedAsBytes) {
    EXPECT_FALSE(MakeQr("Rød grød med fløde").Empty());
    const std::string with_nul("a\0b", 3);
    EXPECT_FALSE(MakeQr(with_nul).Empty());
    EXPECT_NE(MakeQr(with_nul).modules, MakeQr("a").modules);
}

TEST(QrCode, EmptyOrTooLongGivesEmptyMatrix) {
    EXPECT_TRUE(MakeQr("").Empty());
    EXPECT_TRUE(MakeQr("").modules.empty());
    // Level M holds at most 2331 bytes (version 40); more must fail quietly.
    const QrMatrix too_long = MakeQr(std::string(5000, 'x'));
    EXPECT_TRUE(too_long.Empty());
    EXPECT_FALSE(too_long.IsDark(0, 0));
}

}  // namespace
}  // namespace bk
