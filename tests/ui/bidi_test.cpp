// Arabic as the screens draw it (ui/bidi.h): shaped into joining forms and in display order, numbers and Latin
// words left to right inside, lines broken in logical order and only at spaces. The expected code points were
// worked out by hand from the Unicode joining types and the bidi algorithm, not copied from the output.
#include <gtest/gtest.h>

#include <imgui.h>

#include "ui/bidi.h"
#include "ui/style.h"

namespace bk {
namespace {

using ui::LayoutLines;
using ui::VisualLine;

// UTF-8 of a list of code points, so expectations read as the glyphs they name.
std::string Utf8(std::initializer_list<char32_t> code_points) {
    std::string out;
    for (char32_t c : code_points) {
        if (c < 0x80) out += static_cast<char>(c);
        else if (c < 0x800) out += {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
        else
            out += {static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F))};
    }
    return out;
}

TEST(Bidi, ShapesArabicIntoJoiningFormsRightToLeft) {
    // مرحبا (marhaba): meem joins the reh (initial), reh joins back only (final), hah starts again (initial),
    // beh between hah and alef (medial), alef joins back (final). Drawn left to right: the last letter first.
    EXPECT_EQ(VisualLine("مرحبا", true), Utf8({0xFE8E, 0xFE92, 0xFEA3, 0xFEAE, 0xFEE3}));
    // سلام (salam): seen initial; lam after seen and before alef becomes the final lam-alef ligature; meem
    // after alef stands alone (isolated).
    EXPECT_EQ(VisualLine("سلام", true), Utf8({0xFEE1, 0xFEFC, 0xFEB3}));
    // لا alone: the isolated lam-alef ligature, one glyph.
    EXPECT_EQ(VisualLine("لا", true), Utf8({0xFEFB}));
    // عامًا (aaman, "a year"): the tanween over meem does not break the joining (meem initial before alef), and
    // it is drawn just before its meem, since DejaVu's marks have no advance and sit right of the pen.
    EXPECT_EQ(VisualLine("عامًا", true), Utf8({0xFE8E, 0x064B, 0xFEE3, 0xFE8E, 0xFECB}));
}

TEST(Bidi, NumbersAndLatinWordsStayLeftToRightInsideArabic) {
    // رقم 12 و MitID ("number 12 and MitID"): the words run from the right; 12 and MitID read left to right.
    // رقم: reh isolated (it never joins forward), qaf initial, meem final; و isolated.
    EXPECT_EQ(VisualLine("رقم 12 و MitID", true),
              "MitID " + Utf8({0xFEED}) + " 12 " + Utf8({0xFEE2, 0xFED7, 0xFEAD}));
    // A year keeps its digit order, and borger.dk its dot.
    const std::string line = VisualLine("اذهب إلى borger.dk في 2026", true);
    EXPECT_EQ(line.substr(0, 5), "2026 ");
    EXPECT_NE(line.find(" borger.dk "), std::string::npos) << line;
}

TEST(Bidi, LeftToRightTextIsUntouched) {
    EXPECT_EQ(VisualLine("Gå til borger.dk (ca. 20 min.)", false), "Gå til borger.dk (ca. 20 min.)");
    EXPECT_EQ(VisualLine("Українська", false), "Українська");
    EXPECT_EQ(VisualLine("Türkçe, Polski: ąęłśżźćń ğşıİ", false), "Türkçe, Polski: ąęłśżźćń ğşıİ");
}

TEST(Bidi, DirectionComesFromTheFirstLetterOrTheLanguage) {
    EXPECT_TRUE(ui::StartsRightToLeft("مرحبا MitID"));
    EXPECT_TRUE(ui::StartsRightToLeft("12 مرحبا"));  // digits have no strong direction
    EXPECT_FALSE(ui::StartsRightToLeft("MitID مرحبا"));
    EXPECT_FALSE(ui::StartsRightToLeft("Ласкаво просимо"));
    EXPECT_FALSE(ui::StartsRightToLeft("123"));
    EXPECT_TRUE(ui::IsRightToLeftLanguage("ar"));
    for (const char* lang : {"da", "en", "nb", "uk", "tr", "pl"}) EXPECT_FALSE(ui::IsRightToLeftLanguage(lang)) << lang;
    EXPECT_TRUE(ui::HasRightToLeft("MitID مرحبا"));
    EXPECT_FALSE(ui::HasRightToLeft("Witamy, hoş geldiniz, Ласкаво просимо"));
}

class BidiLayout : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(ui::LoadFonts(m_atlas, m_fonts, 1080)) << "fonts-dejavu-core is needed";
        ASSERT_TRUE(m_atlas.Build());
        m_font = m_fonts.sizes[0].body;
    }
    float Width(const std::string& visual) const { return m_font->CalcTextSizeA(m_font->FontSize, FLT_MAX, 0, visual.c_str()).x; }

    ImFontAtlas m_atlas;
    ui::Fonts m_fonts;
    const ImFont* m_font = nullptr;
};

TEST_F(BidiLayout, AWrappedArabicParagraphReadsFromItsTopLineAndEachLineFromTheRight) {
    // Room for two words a line: the first two words (in reading order) make the top line.
    const float width = Width(VisualLine("مرحبا سلام", true)) + 2.0f;
    const auto lines = LayoutLines(m_font, m_font->FontSize, "مرحبا سلام رقم مرحبا", width, true);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].visual, VisualLine("مرحبا سلام", true));
    EXPECT_EQ(lines[0].visual, Utf8({0xFEE1, 0xFEFC, 0xFEB3, ' ', 0xFE8E, 0xFE92, 0xFEA3, 0xFEAE, 0xFEE3}));
    EXPECT_EQ(lines[1].visual, VisualLine("رقم مرحبا", true));
    for (const auto& line : lines) EXPECT_LE(line.width, width);
    EXPECT_FLOAT_EQ(lines[0].width, Width(lines[0].visual));
}

TEST_F(BidiLayout, LinesBreakAtSpacesNeverAtADotOrInsideAWord) {
    // Room for "Gå til borger." but not "Gå til borger.dk": the whole address moves to the next line.
    const float width = Width("Gå til borger.") + 1.0f;
    ASSERT_LT(width, Width("Gå til borger.dk"));
    const auto lines = LayoutLines(m_font, m_font->FontSize, "Gå til borger.dk i dag", width, false);
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines[0].visual, "Gå til");
    EXPECT_EQ(lines[1].visual.substr(0, 9), "borger.dk");
    // A word wider than the line keeps its own line whole.
    const auto narrow = LayoutLines(m_font, m_font->FontSize, "Velfærdsteknologi er godt", Width("Velfærd"), false);
    ASSERT_FALSE(narrow.empty());
    EXPECT_EQ(narrow[0].visual, "Velfærdsteknologi");
    // A line break in the text starts a new line.
    EXPECT_EQ(LayoutLines(m_font, m_font->FontSize, "et\nto", 0, false).size(), 2u);
}

TEST_F(BidiLayout, MeasureMatchesTheLaidOutLines) {
    const std::string text = "اذهب إلى borger.dk في 2026 واتبع الخطوات";
    const float width = Width(VisualLine("اذهب إلى borger.dk", true)) + 2.0f;
    const auto lines = LayoutLines(m_font, m_font->FontSize, text, width, true);
    const ImVec2 size = ui::MeasureLines(m_font, m_font->FontSize, text, width, true);
    EXPECT_FLOAT_EQ(size.y, m_font->FontSize * static_cast<float>(lines.size()));
    EXPECT_GE(lines.size(), 2u);
    EXPECT_NE(lines[0].visual.find("borger.dk"), std::string::npos) << "borger.dk stays whole on the top line";
}

}  // namespace
}  // namespace bk
