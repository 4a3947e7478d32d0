#include "platform/speech_espeak.h"

#include <gtest/gtest.h>

#include "speech_test_util.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace bk {
namespace {

using namespace speech_test;

EspeakSpeech::Config CaptureConfig() {
    EspeakSpeech::Config config;
    config.output = EspeakSpeech::Output::Capture;
    return config;
}

// Polls until pred holds or the timeout passes; no fixed sleeps in the happy path.
int PeakAmplitude(const std::vector<std::int16_t>& samples) {
    int peak = 0;
    for (std::int16_t s : samples) peak = std::max(peak, std::abs(static_cast<int>(s)));
    return peak;
}

TEST(EspeakSpeech, VoiceForLanguageCodes) {
    EXPECT_EQ(EspeakSpeech::VoiceFor("da"), "da");
    EXPECT_EQ(EspeakSpeech::VoiceFor("da-DK"), "da");
    EXPECT_EQ(EspeakSpeech::VoiceFor("nb"), "nb");
    EXPECT_EQ(EspeakSpeech::VoiceFor("no"), "nb");
    EXPECT_EQ(EspeakSpeech::VoiceFor("nb_NO"), "nb");
    EXPECT_EQ(EspeakSpeech::VoiceFor("en"), "en");
    EXPECT_EQ(EspeakSpeech::VoiceFor("EN-GB"), "en");
    EXPECT_EQ(EspeakSpeech::VoiceFor("xx"), "en");
}

TEST(EspeakSpeech, CaptureProducesSpeechInAllThreeLanguages) {
    EspeakSpeech speech(CaptureConfig());
    ASSERT_TRUE(speech.IsAvailable());
    const int rate = speech.SampleRate();
    EXPECT_EQ(rate, 22050);
    for (auto [text, lang] : {std::pair{kWelcomeDa, "da"}, std::pair{kWelcomeNb, "nb"}, std::pair{kWelcomeEn, "en"}}) {
        const auto samples = speech.SynthesizeToSamples(text, lang);
        ASSERT_TRUE(samples.has_value()) << lang;
        EXPECT_GT(samples->size(), static_cast<std::size_t>(rate / 2)) << lang << ": less than 0.5 s of speech";
        EXPECT_GT(PeakAmplitude(*samples), 1000) << lang << ": silence, not speech";
        EXPECT_FALSE(speech.IsSpeaking());
    }
}

TEST(EspeakSpeech, VoiceIsChosenPerLanguage) {
    EspeakSpeech speech(CaptureConfig());
    const auto danish = speech.SynthesizeToSamples("Velkommen", "da");
    const auto english = speech.SynthesizeToSamples("Velkommen", "en");
    const auto danish_again = speech.SynthesizeToSamples("Velkommen", "da");
    ASSERT_TRUE(danish && english && danish_again);
    EXPECT_NE(*danish, *english);  // another voice, other phonemes
    // The same voice again after switching back: the same length (espeak-ng varies the waveform a little).
    const auto diff = static_cast<long>(danish->size()) - static_cast<long>(danish_again->size());
    EXPECT_LT(std::labs(diff), static_cast<long>(danish->size() / 20));
}

TEST(EspeakSpeech, RateIsConfigurable) {
    std::size_t slow = 0, fast = 0;
    {
        auto config = CaptureConfig();
        config.rate_wpm = 120;
        EspeakSpeech speech(config);
        slow = speech.SynthesizeToSamples(kWelcomeDa, "da").value().size();
    }
    {
        auto config = CaptureConfig();
        config.rate_wpm = 250;
        EspeakSpeech speech(config);
        fast = speech.SynthesizeToSamples(kWelcomeDa, "da").value().size();
    }
    EXPECT_GT(slow, fast * 3 / 2);
}

TEST(EspeakSpeech, SynthesizeToWavWritesPcmFile) {
    EspeakSpeech speech(CaptureConfig());
    const std::filesystem::path dir = BK_WIDGETS_TEST_OUTPUT_DIR;
    for (const char* lang : {"da", "nb", "en"}) {
        const auto path = dir / (std::string("welcome_") + lang + ".wav");
        const char* text = lang == std::string("da") ? kWelcomeDa : lang == std::string("nb") ? kWelcomeNb : kWelcomeEn;
        ASSERT_TRUE(speech.SynthesizeToWav(text, lang, path.string())) << path;
        std::ifstream in(path, std::ios::binary);
        std::string header(44, '\0');
        in.read(header.data(), 44);
        EXPECT_EQ(header.substr(0, 4), "RIFF");
        EXPECT_EQ(header.substr(8, 8), "WAVEfmt ");
        EXPECT_EQ(header.substr(36, 4), "data");
        const auto size = std::filesystem::file_size(path);
        EXPECT_GT(size, 44u + 22050u);  // more than 0.5 s of 16-bit samples
    }
    EXPECT_FALSE(speech.SynthesizeToWav(kWelcomeDa, "da", (dir / "no_such_dir" / "x.wav").string()));
}

TEST(EspeakSpeech, CaptureSpeakFeedsSinkAndEnds) {
    std::mutex mutex;
    std::size_t received = 0;
    auto config = CaptureConfig();
    config.sample_sink = [&](std::span<const std::int16_t> chunk) {
        std::lock_guard lock(mutex);
        received += chunk.size();
    };
    EspeakSpeech speech(config);
    speech.Speak(kWelcomeDa, "da");
    EXPECT_TRUE(speech.IsSpeaking());
    ASSERT_TRUE(WaitFor([&] { return !speech.IsSpeaking(); }, milliseconds(10000)));
    std::lock_guard lock(mutex);
    EXPECT_GT(received, 22050u / 2);
}

TEST(EspeakSpeech, CaptureStopCancelsALongText) {
    std::atomic<std::size_t> received{0};
    auto config = CaptureConfig();
    // A slow sink, like real audio: the full text would take many seconds to pass through.
    config.sample_sink = [&](std::span<const std::int16_t> chunk) {
        received += chunk.size();
        std::this_thread::sleep_for(milliseconds(20));
    };
    EspeakSpeech speech(config);
    std::string long_text;
    for (int i = 0; i < 40; ++i) long_text += "Velkommen til Borgerservice. ";
    speech.Speak(long_text, "da");
    ASSERT_TRUE(WaitFor([&] { return received.load() > 0; }, milliseconds(5000)));
    const auto start = Clock::now();
    speech.Stop();
    EXPECT_LT(Clock::now() - start, milliseconds(50));
    EXPECT_FALSE(speech.IsSpeaking());
    // The worker gives up on the old text and is free for the next one at once.
    const auto next = speech.SynthesizeToSamples("Hej", "da");
    EXPECT_LT(Clock::now() - start, milliseconds(2000));
    ASSERT_TRUE(next.has_value());
    EXPECT_LT(received.load(), 22050u * 20);  // far less than the whole long text
}

TEST(EspeakSpeech, NewSpeakReplacesThePreviousOne) {
    std::atomic<int> chunks{0};
    auto config = CaptureConfig();
    config.sample_sink = [&](std::span<const std::int16_t>) {
        ++chunks;
        std::this_thread::sleep_for(milliseconds(20));
    };
    EspeakSpeech speech(config);
    std::string long_text;
    for (int i = 0; i < 40; ++i) long_text += "Velkommen til Borgerservice. ";
    speech.Speak(long_text, "da");
    speech.Speak("Hei", "nb");
    EXPECT_TRUE(speech.IsSpeaking());
    ASSERT_TRUE(WaitFor([&] { return !speech.IsSpeaking(); }, milliseconds(5000)));
}

TEST(EspeakSpeech, PlaybackInstanceAfterCaptureIsInertNotHung) {
    // The engine's output mode is fixed per process by its first user; the kiosk only ever uses Playback.
    { EXPECT_TRUE(EspeakSpeech(CaptureConfig()).IsAvailable()); }  // fixes Capture even when run alone
    EspeakSpeech::Config config;
    config.require_audio_device = false;
    EspeakSpeech speech(config);
    const auto start = Clock::now();
    speech.Speak(kWelcomeDa, "da");
    EXPECT_LT(Clock::now() - start, milliseconds(50));
    EXPECT_FALSE(speech.IsAvailable());
    EXPECT_TRUE(WaitFor([&] { return !speech.IsSpeaking(); }, milliseconds(1000)));
}

TEST(EspeakSpeech, SecondInstanceInOneProcessIsInert) {
    EspeakSpeech first(CaptureConfig());
    ASSERT_TRUE(first.IsAvailable());
    {
        EspeakSpeech second(CaptureConfig());
        EXPECT_FALSE(second.IsAvailable());
        second.Speak("Hej", "da");
        EXPECT_FALSE(second.IsSpeaking());
    }
    EXPECT_TRUE(first.SynthesizeToSamples("Hej", "da").has_value());  // the first is untouched
}

TEST(EspeakSpeech, EmptyTextStops) {
    EspeakSpeech speech(CaptureConfig());
    speech.Speak("", "da");
    EXPECT_FALSE(speech.IsSpeaking());
}

TEST(WriteWav, HeaderMatchesSamples) {
    const std::filesystem::path path = std::filesystem::path(BK_WIDGETS_TEST_OUTPUT_DIR) / "tiny.wav";
    const std::vector<std::int16_t> samples{0, 1, -1, 32767, -32768};
    ASSERT_TRUE(WriteWav(path.string(), samples, 16000));
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_EQ(bytes.size(), 44u + 10u);
    auto u32 = [&](std::size_t at) { return bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | bytes[at + 3] << 24; };
    EXPECT_EQ(u32(4), 36u + 10u);
    EXPECT_EQ(u32(24), 16000u);
    EXPECT_EQ(u32(40), 10u);
    EXPECT_EQ(bytes[44 + 6], 0xFF);  // 32767 little-endian
    EXPECT_EQ(bytes[44 + 7], 0x7F);
    EXPECT_FALSE(WriteWav(path.string(), samples, 0));
}

}  // namespace
}  // namespace bk
