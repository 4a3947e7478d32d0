// The on-screen keyboard as drawn, in every language the demo kiosk offers, on each of its layers (own letters,
// digits, Latin letters), at 100 % and 200 % text, portrait and landscape: every key is on screen and whole, the
// keys of a row share its width alike (a key run off the edge would show narrower, clipped), and no two overlap.
// Twelve Ukrainian or Arabic letters in a row ran the last keys, backspace among them, off the right edge once.
#include <gtest/gtest.h>

#include <algorithm>

#include "content/reader.h"
#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"

namespace bk {
namespace {

// The demo pack at Odder's library kiosk: all seven languages.
std::shared_ptr<ContentPack> DemoPack() {
    ReadResult read = ReadPack(BK_DEMO_CONTENT_DIR);
    auto& profiles = read.pack.profiles;
    std::stable_partition(profiles.begin(), profiles.end(), [](const KioskProfile& p) { return p.id == "odder-bibliotek"; });
    return std::make_shared<ContentPack>(std::move(read.pack));
}

class KeyboardScreenTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
protected:
    KeyboardScreenTest() : UiRig(GetParam(), DemoPack()) {}

    std::string KeyId(size_t row, size_t col) const { return "key." + std::to_string(row) + "." + std::to_string(col); }

    // Every key of the layout now shown, checked against the screen and its row.
    void ExpectEveryKeyWhole(const std::string& where) {
        const KeyboardLayout layout = kiosk.Keyboard();
        const float width = GetParam().x, height = GetParam().y;
        std::vector<const ui::Target*> all;
        for (size_t r = 0; r < layout.rows.size(); ++r) {
            const auto& row = layout.rows[r];
            std::vector<const ui::Target*> keys;
            for (size_t c = 0; c < row.size(); ++c) {
                const ui::Target* key = ui.View().FindTarget(KeyId(r, c));
                ASSERT_NE(key, nullptr) << where << ": key " << KeyId(r, c) << " '" << row[c].Label(false) << "' not on screen";
                EXPECT_GE(key->min.x, 0.0f) << where << " " << KeyId(r, c);
                EXPECT_LE(key->max.x, width) << where << " " << KeyId(r, c);
                EXPECT_GE(key->min.y, 0.0f) << where << " " << KeyId(r, c);
                EXPECT_LE(key->max.y, height) << where << " " << KeyId(r, c);
                keys.push_back(key);
                all.push_back(key);
            }
            // A one-unit key's width and the gap between keys, from the row itself; then each key is as wide as
            // its share says (a key run off the edge shows narrower, clipped).
            float unit = -1;
            for (size_t c = 0; c < row.size() && unit < 0; ++c)
                if (row[c].width == 1.0f) unit = keys[c]->max.x - keys[c]->min.x;
            const float gap = row.size() > 1 ? keys[1]->min.x - keys[0]->max.x : 0;
            ASSERT_GT(unit, 0) << where << ": row " << r << " has no one-unit key";
            EXPECT_GE(unit, width * 0.05f) << where << ": row " << r << "'s keys are narrower than a finger";
            for (size_t c = 0; c < row.size(); ++c) {
                const float expected = unit * row[c].width + gap * (row[c].width - 1);
                EXPECT_NEAR(keys[c]->max.x - keys[c]->min.x, expected, 1.5f)
                    << where << ": key " << KeyId(r, c) << " '" << row[c].Label(false) << "' is cut";
            }
        }
        for (size_t i = 0; i < all.size(); ++i)
            for (size_t j = i + 1; j < all.size(); ++j) {
                const bool apart = all[i]->max.x <= all[j]->min.x + 0.5f || all[j]->max.x <= all[i]->min.x + 0.5f ||
                                   all[i]->max.y <= all[j]->min.y + 0.5f || all[j]->max.y <= all[i]->min.y + 0.5f;
                EXPECT_TRUE(apart) << where << ": " << all[i]->id << " overlaps " << all[j]->id;
            }
    }
    // Taps the key that switches to `layer`.
    void SwitchTo(KeyboardLayer layer) {
        const KeyboardLayout layout = kiosk.Keyboard();
        for (size_t r = 0; r < layout.rows.size(); ++r)
            for (size_t c = 0; c < layout.rows[r].size(); ++c)
                if (layout.rows[r][c].action == KeyAction::SwitchLayer && layout.rows[r][c].target_layer == layer) {
                    Tap(KeyId(r, c));
                    return;
                }
        FAIL() << "no key to layer " << static_cast<int>(layer);
    }
};

TEST_P(KeyboardScreenTest, EveryKeyOfEveryLanguageAndLayerIsWholeOnScreenAtEveryTextSize) {
    for (const Lang& lang : kiosk.Profile().languages) {
        SCOPED_TRACE(lang);
        ui.Frame();
        Tap("lang." + lang);
        Tap("home.guides");
        Tap("service.mitid-app");
        while (kiosk.State().screen == Screen::Guide) Tap("guide.next");
        Tap("feedback.rate.2");
        Tap("feedback.comment");
        ASSERT_TRUE(kiosk.State().feedback.keyboard_open);
        for (int size = 0; size < kTextSizes; ++size) {
            if (size > 0) Tap("top.text_size");
            ASSERT_EQ(kiosk.State().text_size, size);
            if (size != 0 && size != kTextSizes - 1) continue;  // 100 % and 200 %
            const std::string where = lang + " at text size " + std::to_string(size);
            ExpectEveryKeyWhole(where + ", letters");
            SwitchTo(KeyboardLayer::Symbols);
            ExpectEveryKeyWhole(where + ", digits");
            SwitchTo(KeyboardLayer::Letters);
            if (lang == "uk" || lang == "ar") {
                SwitchTo(KeyboardLayer::Latin);
                ExpectEveryKeyWhole(where + ", Latin letters");
                SwitchTo(KeyboardLayer::Letters);
            }
        }
        kiosk.Apply({ActionType::EndSession});
        ui.Frame();
        ASSERT_EQ(kiosk.State().screen, Screen::Start);
    }
}

INSTANTIATE_TEST_SUITE_P(Orientations, KeyboardScreenTest, ::testing::Values(ImVec2(1080, 1920), ImVec2(1920, 1080)),
                         [](const auto& param_info) { return std::string(param_info.param.x < param_info.param.y ? "Portrait" : "Landscape"); });

}  // namespace
}  // namespace bk
