#include <gtest/gtest.h>

#include <sstream>

#include "content/check.h"
#include "content/pin_hash.h"
#include "shared/hex.h"
#include "pack_fixture.h"

namespace bk {
namespace {

std::vector<std::uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

TEST(PinHash, MatchesKnownPbkdf2Sha256Vectors) {
    // Published PBKDF2-HMAC-SHA256 test vectors for P="password", S="salt", dkLen=32.
    EXPECT_EQ(HashPin("password", Bytes("salt"), 1),
              "pbkdf2-sha256$1$73616c74$120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
    EXPECT_EQ(HashPin("password", Bytes("salt"), 4096),
              "pbkdf2-sha256$4096$73616c74$c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
}

TEST(PinHash, FixtureHashMatchesAnIndependentComputation) {
    const auto salt = FromHex("00112233445566778899aabbccddeeff");
    ASSERT_TRUE(salt);
    EXPECT_EQ(HashPin(test::kFixturePin, *salt, 100000), test::kFixturePinHash);
}

TEST(PinHash, VerifyAcceptsTheRightPinOnly) {
    const std::vector<std::uint8_t> salt = {0xa1, 0xb2, 0xc3, 0xd4};
    const std::string stored = HashPin("2468", salt, 20000);
    EXPECT_EQ(stored, "pbkdf2-sha256$20000$a1b2c3d4$19f1ce1277eea40369359d81b05021f10c72d102299d89206ca9df9cf1a2b46b");
    EXPECT_TRUE(VerifyPin("2468", stored));
    EXPECT_FALSE(VerifyPin("2469", stored));
    EXPECT_FALSE(VerifyPin("", stored));
    EXPECT_FALSE(VerifyPin("24680", stored));
}

TEST(PinHash, VerifyRejectsMalformedOrTamperedHashes) {
    const std::string good = test::kFixturePinHash;
    EXPECT_TRUE(VerifyPin("1234", good));
    std::string tampered = good;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    EXPECT_FALSE(VerifyPin("1234", tampered));
    std::string upper = good;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_FALSE(VerifyPin("1234", upper));
    EXPECT_FALSE(VerifyPin("1234", ""));
    EXPECT_FALSE(VerifyPin("1234", "1234"));
}

TEST(PinHash, ParseExplainsWhatIsWrong) {
    const std::string hash64(64, 'a');
    std::string why;
    EXPECT_TRUE(ParsePinHash("pbkdf2-sha256$1000$00ff$" + hash64, &why));
    EXPECT_FALSE(ParsePinHash("sha1$1000$00ff$" + hash64, &why));
    EXPECT_NE(why.find("scheme"), std::string::npos);
    EXPECT_FALSE(ParsePinHash("pbkdf2-sha256$0$00ff$" + hash64, &why));
    EXPECT_NE(why.find("iteration"), std::string::npos);
    EXPECT_FALSE(ParsePinHash("pbkdf2-sha256$12x$00ff$" + hash64, &why));
    EXPECT_FALSE(ParsePinHash("pbkdf2-sha256$1000$0g$" + hash64, &why));
    EXPECT_NE(why.find("salt"), std::string::npos);
    EXPECT_FALSE(ParsePinHash("pbkdf2-sha256$1000$00ff$" + hash64.substr(2), &why));
    EXPECT_NE(why.find("64"), std::string::npos);
    EXPECT_FALSE(ParsePinHash("pbkdf2-sha256$1000$00ff", &why));
    EXPECT_FALSE(ParsePinHash("pbkdf2-sha256$99999999999$00ff$" + hash64, &why));
}

TEST(PinHash, HexRoundTrip) {
    const std::vector<std::uint8_t> bytes = {0x00, 0x0f, 0xa0, 0xff};
    EXPECT_EQ(ToHex(bytes), "000fa0ff");
    EXPECT_EQ(FromHex("000fa0ff"), bytes);
    EXPECT_FALSE(FromHex("abc"));
    EXPECT_FALSE(FromHex("AB"));
}

TEST(HashPinTool, PrintsAVerifiableHashWithARandomSalt) {
    std::ostringstream first, second, err;
    ASSERT_EQ(RunHashPin("4711", first, err), 0) << err.str();
    ASSERT_EQ(RunHashPin("4711", second, err), 0) << err.str();
    std::string stored = first.str();
    ASSERT_FALSE(stored.empty());
    ASSERT_EQ(stored.back(), '\n');
    stored.pop_back();
    EXPECT_EQ(stored.rfind("pbkdf2-sha256$100000$", 0), 0u) << stored;
    EXPECT_TRUE(VerifyPin("4711", stored));
    EXPECT_NE(first.str(), second.str()) << "each hash gets its own random salt";
}

TEST(HashPinTool, RejectsPinsThatAreNotFourToTwelveDigits) {
    for (const char* pin : {"", "123", "12a4", "1234567890123", "12 34"}) {
        std::ostringstream out, err;
        EXPECT_EQ(RunHashPin(pin, out, err), 1) << pin;
        EXPECT_TRUE(out.str().empty());
        EXPECT_FALSE(err.str().empty());
    }
}

}  // namespace
}  // namespace bk
