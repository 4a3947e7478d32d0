// Playback mode, in its own test program: espeak-ng's output mode is fixed per process, and the
// capture tests in speech_espeak_test.cpp fix it to Capture.
#include "platform/speech_espeak.h"

#include <gtest/gtest.h>

#include "speech_test_util.h"

#include <chrono>
#include <thread>

namespace bk {
namespace {

using namespace speech_test;

// The kiosk's mode. In CI there is no sound card: the object must degrade, never block or crash.
TEST(EspeakSpeech, PlaybackSpeakAndStopReturnAtOnce) {
    EspeakSpeech speech;  // Playback, require_audio_device
    auto start = Clock::now();
    speech.Speak(kWelcomeDa, "da");
    EXPECT_LT(Clock::now() - start, milliseconds(50));
    start = Clock::now();
    speech.Stop();
    EXPECT_LT(Clock::now() - start, milliseconds(50));
    EXPECT_FALSE(speech.IsSpeaking());
    if (!speech.IsAvailable()) {
        speech.Speak(kWelcomeDa, "da");
        EXPECT_FALSE(speech.IsSpeaking()) << "degraded speech must not claim to speak";
        EXPECT_FALSE(speech.SynthesizeToSamples(kWelcomeDa, "da").has_value());
    }
}

// Forces espeak-ng's own audio path even when no device is visible: its open fails inside espeak-ng,
// and IsSpeaking() must still come back to false and nothing may hang.
TEST(EspeakSpeech, PlaybackWithFailingAudioDoesNotHang) {
    EspeakSpeech::Config config;
    config.require_audio_device = false;
    EspeakSpeech speech(config);
    auto start = Clock::now();
    speech.Speak(kWelcomeNb, "nb");
    EXPECT_LT(Clock::now() - start, milliseconds(50));
    EXPECT_TRUE(speech.IsAvailable());
    // With a working device this lasts the utterance (a few seconds); without one it ends quickly.
    EXPECT_TRUE(WaitFor([&] { return !speech.IsSpeaking(); }, milliseconds(15000)));
    speech.Speak(kWelcomeEn, "en");
    start = Clock::now();
    speech.Stop();
    EXPECT_LT(Clock::now() - start, milliseconds(50));
    EXPECT_FALSE(speech.IsSpeaking());
    if (!EspeakSpeech::AudioDeviceVisible()) {
        // Utterances that "end" far sooner than they could be spoken tell the worker the device is broken:
        // it degrades. (How many it takes depends on timing under load; a handful always suffices.)
        for (int i = 0; i < 5 && speech.IsAvailable(); ++i) {
            speech.Speak(kWelcomeDa, "da");
            EXPECT_TRUE(WaitFor([&] { return !speech.IsSpeaking(); }, milliseconds(15000)));
        }
        EXPECT_FALSE(speech.IsAvailable());
        start = Clock::now();
        speech.Speak(kWelcomeDa, "da");
        EXPECT_LT(Clock::now() - start, milliseconds(50));
        EXPECT_FALSE(speech.IsSpeaking()) << "degraded speech must not claim to speak";
    }
}

}  // namespace
}  // namespace bk
