// The keypad's volume keys reach espeak-ng: the same words come out louder after SetVolume(), from the next
// utterance on. Capture mode, so nothing is played.
#include <gtest/gtest.h>

#include <cmath>

#include "platform/speech_espeak.h"
#include "speech_test_util.h"

namespace bk {
namespace {

double Rms(const std::vector<std::int16_t>& samples) {
    double sum = 0;
    for (std::int16_t s : samples) sum += static_cast<double>(s) * s;
    return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

TEST(SpeechVolume, SetVolumeMakesTheNextUtteranceLouderOrSofter) {
    EspeakSpeech speech(EspeakSpeech::Config{.output = EspeakSpeech::Output::Capture});
    if (!speech.IsAvailable()) GTEST_SKIP() << "espeak-ng data is not installed";
    EXPECT_TRUE(speech.Problem().empty());
    const auto normal = speech.SynthesizeToSamples(speech_test::kWelcomeDa, "da");
    speech.SetVolume(40);
    const auto soft = speech.SynthesizeToSamples(speech_test::kWelcomeDa, "da");
    speech.SetVolume(200);
    const auto loud = speech.SynthesizeToSamples(speech_test::kWelcomeDa, "da");
    ASSERT_TRUE(normal && soft && loud);
    EXPECT_LT(Rms(*soft), Rms(*normal) * 0.7) << "volume 40 against 100";
    EXPECT_GT(Rms(*loud), Rms(*normal) * 1.3) << "volume 200 against 100";
}

}  // namespace
}  // namespace bk
