// Playback mode, in its own test program: espeak-ng's output mode is fixed per process, and the
// capture tests in speech_espeak_test.cpp fix it to Capture.
#include "platform/speech_espeak.h"

#include <gtest/gtest.h>

#include "speech_test_util.h"

namespace bk {
namespace {

using namespace speech_test;

// The kiosk's mode. In CI there is no sound card: the object must degrade, never block or crash.
// (That Speak() and Stop() hand over and return without waiting is shown in capture mode, where the test
// can hold the worker; see speech_espeak_test.cpp.)
TEST(EspeakSpeech, PlaybackSpeakAndStop) {
    EspeakSpeech speech;  // Playback, require_audio_device
    speech.Speak(kWelcomeDa, "da");
    speech.Stop();
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
    speech.Speak(kWelcomeNb, "nb");
    EXPECT_TRUE(speech.IsAvailable());
    // With a working device this lasts the utterance (a few seconds); without one it ends quickly.
    EXPECT_TRUE(speech.WaitUntilQuiet(kUtteranceDeadline));
    speech.Speak(kWelcomeEn, "en");
    speech.Stop();
    EXPECT_FALSE(speech.IsSpeaking());
    if (!EspeakSpeech::AudioDeviceVisible()) {
        // Utterances that "end" far sooner than they could be spoken tell the worker the device is broken:
        // it degrades. (How many it takes depends on timing under load; a handful always suffices.)
        for (int i = 0; i < 5 && speech.IsAvailable(); ++i) {
            speech.Speak(kWelcomeDa, "da");
            EXPECT_TRUE(speech.WaitUntilQuiet(kUtteranceDeadline));
        }
        EXPECT_FALSE(speech.IsAvailable());
        speech.Speak(kWelcomeDa, "da");
        EXPECT_FALSE(speech.IsSpeaking()) << "degraded speech must not claim to speak";
    }
}

}  // namespace
}  // namespace bk
