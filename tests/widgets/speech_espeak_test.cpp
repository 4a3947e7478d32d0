#include "platform/speech_espeak.h"

#include <gtest/gtest.h>

#include "speech_test_util.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <span>

namespace bk {
namespace {

using namespace speech_test;

EspeakSpeech::Config CaptureConfig() {
    EspeakSpeech::Config config;
    config.output = EspeakSpeech::Output::Capture;
    return config;
}

// A sample sink that holds the worker inside its first chunk until the test opens it, like a sound card
// that is still playing. While it holds, the utterance is certainly not finished.
class GatedSink {
public:
    void operator()(std::span<const std::int16_t> chunk) {
        std::unique_lock lock(m_mutex);
        m_inside = true;
        m_changed.notify_all();
        m_changed.wait_for(lock, kUtteranceDeadline, [this] { return m_open; });  // bounded: a broken test still ends
        m_inside = false;
        m_received += chunk.size();
        m_changed.notify_all();
    }
    // True once the worker is inside the sink (held there until Open()).
    bool WaitUntilHeld() {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, kUtteranceDeadline, [this] { return m_inside; });
    }
    bool Held() {
        std::lock_guard lock(m_mutex);
        return m_inside;
    }
    void Open() {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_changed.notify_all();
    }
    std::size_t Received() {
        std::lock_guard lock(m_mutex);
        return m_received;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_inside = false, m_open = false;
    std::size_t m_received = 0;
};

EspeakSpeech::Config GatedConfig(GatedSink& sink) {
    auto config = CaptureConfig();
    config.sample_sink = [&sink](std::span<const std::int16_t> chunk) { sink(chunk); };
    return config;
}

std::string LongText() {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "Velkommen til Borgerservice. ";
    return text;
}

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
    EXPECT_EQ(EspeakSpeech::VoiceFor("uk"), "uk");
    EXPECT_EQ(EspeakSpeech::VoiceFor("ar"), "ar");
    EXPECT_EQ(EspeakSpeech::VoiceFor("tr-TR"), "tr");
    EXPECT_EQ(EspeakSpeech::VoiceFor("pl"), "pl");
}

// Each new language has its own espeak-ng voice: its speech differs from the English fallback's.
TEST(EspeakSpeech, CaptureSpeaksUkrainianArabicTurkishAndPolish) {
    EspeakSpeech speech(CaptureConfig());
    ASSERT_TRUE(speech.IsAvailable());
    for (auto [text, lang] : {std::pair{"Ласкаво просимо до центру обслуговування громадян", "uk"},
                              std::pair{"مرحبا بكم في خدمة المواطنين", "ar"},
                              std::pair{"Vatandaş hizmetlerine hoş geldiniz", "tr"},
                              std::pair{"Witamy w biurze obsługi mieszkańców", "pl"}}) {
        const auto own = speech.SynthesizeToSamples(text, lang);
        const auto english = speech.SynthesizeToSamples(text, "en");
        ASSERT_TRUE(own && english) << lang;
        EXPECT_GT(own->size(), static_cast<std::size_t>(speech.SampleRate() / 2)) << lang << ": less than 0.5 s of speech";
        EXPECT_GT(PeakAmplitude(*own), 1000) << lang << ": silence, not speech";
        EXPECT_NE(*own, *english) << lang << ": the English voice, not the language's own";
    }
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
    ASSERT_TRUE(speech.WaitUntilQuiet(kUtteranceDeadline));
    std::lock_guard lock(mutex);
    EXPECT_GT(received, 22050u / 2);
}

TEST(EspeakSpeech, SpeakReturnsWhileTheUtteranceIsStillInProgress) {
    GatedSink sink;
    EspeakSpeech speech(GatedConfig(sink));
    speech.Speak(kWelcomeDa, "da");
    // Speak() has returned; the worker now sits in the sink, which the test has not let go.
    ASSERT_TRUE(sink.WaitUntilHeld());
    EXPECT_TRUE(speech.IsSpeaking()) << "the utterance is still being produced";
    EXPECT_EQ(sink.Received(), 0u) << "Speak() returned before the first samples were even delivered";
    sink.Open();
    ASSERT_TRUE(speech.WaitUntilQuiet(kUtteranceDeadline));
    EXPECT_GT(sink.Received(), 22050u / 2);
}

TEST(EspeakSpeech, CaptureStopCancelsALongTextWithoutWaitingForTheWorker) {
    GatedSink sink;
    EspeakSpeech speech(GatedConfig(sink));
    speech.Speak(LongText(), "da");
    ASSERT_TRUE(sink.WaitUntilHeld());
    speech.Stop();
    // Stop() returned while the worker is still held inside the sink: it did not wait for it.
    EXPECT_TRUE(sink.Held());
    EXPECT_FALSE(speech.IsSpeaking());
    sink.Open();
    // The worker gives up on the old text and is free for the next one.
    const auto next = speech.SynthesizeToSamples("Hej", "da");
    ASSERT_TRUE(next.has_value());
    EXPECT_LT(sink.Received(), 22050u * 20) << "far less than the whole long text";
}

TEST(EspeakSpeech, NewSpeakReplacesThePreviousOne) {
    GatedSink sink;
    EspeakSpeech speech(GatedConfig(sink));
    speech.Speak(LongText(), "da");
    ASSERT_TRUE(sink.WaitUntilHeld());
    speech.Speak("Hei", "nb");
    EXPECT_TRUE(speech.IsSpeaking()) << "the new text is speaking, not the old one ending";
    sink.Open();
    ASSERT_TRUE(speech.WaitUntilQuiet(kUtteranceDeadline));
    EXPECT_LT(sink.Received(), 22050u * 20) << "the long text was not finished";
}

TEST(EspeakSpeech, PlaybackInstanceAfterCaptureIsInertNotHung) {
    // The engine's output mode is fixed per process by its first user; the kiosk only ever uses Playback.
    { EXPECT_TRUE(EspeakSpeech(CaptureConfig()).IsAvailable()); }  // fixes Capture even when run alone
    EspeakSpeech::Config config;
    config.require_audio_device = false;
    EspeakSpeech speech(config);
    speech.Speak(kWelcomeDa, "da");
    EXPECT_FALSE(speech.IsAvailable());
    EXPECT_TRUE(speech.WaitUntilQuiet(kUtteranceDeadline));
    speech.Speak(kWelcomeDa, "da");
    EXPECT_FALSE(speech.IsSpeaking()) << "an inert instance never claims to speak";
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
