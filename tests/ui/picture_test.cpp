// Step pictures on the real guide screen: drawn as a textured item (the picture's own texture id in the draw
// list), whole inside the window and clear of the buttons, in portrait and landscape at every text size; a
// step whose file cannot be shown draws its words only; read-aloud speaks the picture's alt text.
#include <gtest/gtest.h>

#include <cfloat>

#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"

namespace bk {
namespace {

const std::string kPicture = std::string(BK_BUILT_ASSETS_DIR) + "/images/phone-app.png";
const std::string kBrokenPicture = std::string(BK_SOURCE_DIR) + "/assets/README.md";

struct DrawnImage {
    ImVec2 min{FLT_MAX, FLT_MAX}, max{-FLT_MAX, -FLT_MAX};
    ImVec4 clip;
    int commands = 0;
};

// Every draw command that uses `texture`, with the bounds of its vertices, from the last rendered frame.
DrawnImage FindImage(ImTextureID texture) {
    DrawnImage found;
    const ImDrawData* data = ImGui::GetDrawData();
    for (int l = 0; data && l < data->CmdListsCount; ++l) {
        const ImDrawList* list = data->CmdLists[l];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback || cmd.TextureId != texture || cmd.ElemCount == 0) continue;
            ++found.commands;
            found.clip = cmd.ClipRect;
            for (unsigned i = 0; i < cmd.ElemCount; ++i) {
                const ImVec2 p = list->VtxBuffer[cmd.VtxOffset + list->IdxBuffer[cmd.IdxOffset + i]].pos;
                found.min = ImVec2(std::min(found.min.x, p.x), std::min(found.min.y, p.y));
                found.max = ImVec2(std::max(found.max.x, p.x), std::max(found.max.y, p.y));
            }
        }
    }
    return found;
}

std::shared_ptr<ContentPack> PackWithPictures(const std::string& file) {
    auto pack = test::MakeTestPack();
    for (int s : {0, 1}) {  // step 2 also has a phone link: picture, text and QR side by side
        Step& step = pack->services[0].steps[s];
        step.image = "images/phone-app.png";
        step.image_file = file;
        step.image_alt = test::Tr("Tegning: en telefon med apps.", "Drawing: a phone with apps.", "Tegning: en telefon med apper.");
    }
    return pack;
}

class PictureTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
protected:
    explicit PictureTest(const std::string& file = kPicture) : UiRig(GetParam(), PackWithPictures(file)) {}
    void OpenGuide() {
        Tap("start.begin");
        Tap("home.guides");
        Tap("service.mitid-app");
        ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    }
    // The picture is drawn whole: inside the display, inside its clip rectangle, above the bottom buttons.
    void ExpectWholePicture(const std::string& where) {
        const ImTextureID id = ui.Pictures().IdOf(kPicture);
        ASSERT_NE(id, nullptr) << where << ": the screen never asked for the picture";
        const DrawnImage image = FindImage(id);
        ASSERT_GE(image.commands, 1) << where << ": no textured item with the picture's id";
        const ImVec2 display = ui.Runner().DisplaySize();
        const float em = ImGui::GetFontSize();
        EXPECT_GE(image.min.x, 0) << where;
        EXPECT_GE(image.min.y, 0) << where;
        EXPECT_LE(image.max.x, display.x) << where;
        EXPECT_LE(image.max.y, display.y) << where;
        EXPECT_GE(image.min.x, image.clip.x) << where << ": clipped on the left";
        EXPECT_GE(image.min.y, image.clip.y) << where << ": clipped at the top";
        EXPECT_LE(image.max.x, image.clip.z) << where << ": clipped on the right";
        EXPECT_LE(image.max.y, image.clip.w) << where << ": clipped at the bottom";
        EXPECT_GE(image.max.x - image.min.x, em * 3) << where << ": too small to recognise";
        const ui::Target* next = ui.View().FindTarget("guide.next");
        ASSERT_NE(next, nullptr);
        EXPECT_LE(image.max.y, next->min.y) << where << ": over the buttons";
    }
};

TEST_P(PictureTest, StepPictureIsDrawnWholeAtEveryTextSize) {
    OpenGuide();
    float smallest_width = 0;  // at text size 0; larger text never makes the picture smaller than that
    for (int size = 0; size < kTextSizes; ++size) {
        ASSERT_EQ(kiosk.State().text_size, size);
        for (int step : {0, 1}) {
            ASSERT_EQ(kiosk.State().guide.step, step);
            const std::string where = "text size " + std::to_string(size) + ", step " + std::to_string(step + 1);
            ExpectWholePicture(where);
            if (step == 0) {
                const DrawnImage image = FindImage(ui.Pictures().IdOf(kPicture));
                const float width = image.max.x - image.min.x;
                if (size == 0) smallest_width = width;
                EXPECT_GE(width, smallest_width) << where << ": the picture shrank as the text grew";
            }
            Tap(step == 0 ? "guide.next" : "guide.back");
        }
        Tap("top.text_size");
    }
}

TEST_P(PictureTest, StepWithoutPictureDrawsNone) {
    OpenGuide();
    Tap("guide.next");
    Tap("guide.next");
    ASSERT_EQ(kiosk.State().guide.step, 2);
    EXPECT_EQ(FindImage(ui.Pictures().IdOf(kPicture)).commands, 0);
}

TEST_P(PictureTest, ReadAloudSpeaksThePicturesAltText) {
    OpenGuide();
    Tap("top.read_aloud");
    EXPECT_NE(speech.m_last_text.find("Trin 1. Gør sådan her 1. Tegning: en telefon med apps."), std::string::npos)
        << speech.m_last_text;
}

// A file that is not a picture: the step shows its words, nothing is drawn for it, and nothing crashes.
class BrokenPictureTest : public PictureTest {
protected:
    BrokenPictureTest() : PictureTest(kBrokenPicture) {}
};

TEST_P(BrokenPictureTest, StepShowsItsWordsOnly) {
    OpenGuide();
    EXPECT_EQ(ui.Pictures().IdOf(kBrokenPicture), nullptr);
    EXPECT_TRUE(ui.HasTarget("guide.next"));
    Tap("guide.next");
    EXPECT_EQ(kiosk.State().guide.step, 1);
}

const auto kOrientations = ::testing::Values(ImVec2(1080, 1920), ImVec2(1920, 1080));
std::string OrientationName(const ::testing::TestParamInfo<ImVec2>& info) {
    return info.param.x < info.param.y ? "portrait" : "landscape";
}
INSTANTIATE_TEST_SUITE_P(Orientations, PictureTest, kOrientations, OrientationName);
INSTANTIATE_TEST_SUITE_P(Orientations, BrokenPictureTest, kOrientations, OrientationName);

}  // namespace
}  // namespace bk
