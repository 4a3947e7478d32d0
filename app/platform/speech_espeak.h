// Read-aloud with libespeak-ng. A worker thread owns the library; Speak() and Stop() only hand a
// request over and return at once, so the UI thread never waits for audio.
//
// espeak-ng keeps its state in process-wide globals (one voice, one output mode, one callback), so
// only ONE EspeakSpeech may be alive per process. A second one constructed while the first lives is
// inert: it logs once, never speaks and its synthesis calls return false. Construct them one after
// the other, never side by side. The engine is initialised by the first instance and kept until the
// process exits (espeak-ng 1.51 cannot be terminated and initialised again), so its output mode is
// fixed per process too: a later instance asking for the other Output is inert as well. Note that
// espeak_Initialize() also sets the process's LC_CTYPE to C.UTF-8.
//
// Output modes:
//   Playback   espeak-ng plays through its own audio backend (PulseAudio/ALSA via pcaudio). When no
//              audio device is found (CI, Xvfb, a kiosk without a sound card) the object degrades:
//              one line on stderr, Speak() is ignored, IsSpeaking() stays false. Nothing hangs.
//              A device that is visible but fails to open is detected after two utterances that end
//              impossibly fast (espeak-ng itself only prints "error: ..."), with the same result.
//   Capture    nothing is played; samples go to Config::sample_sink (for Speak) or are returned by
//              SynthesizeToSamples()/SynthesizeToWav(). For tests and for inspecting the voices.
#pragma once
#include "core/speech.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace bk {

class EspeakSpeech final : public Speech {
public:
    enum class Output {
        Playback,  // AUDIO_OUTPUT_PLAYBACK: the kiosk
        Capture,   // AUDIO_OUTPUT_SYNCHRONOUS into a callback: tests, WAV files
    };

    struct Config {
        Output output = Output::Playback;
        int rate_wpm = 150;           // espeak-ng's default is 175; a little slower for elderly listeners
        int volume = 100;             // 0..200, espeak-ng's scale
        bool require_audio_device = true;  // Playback: skip espeak-ng when no sound device/server is visible
        std::string data_path;        // parent of espeak-ng-data; empty = the installed default
        // Capture: receives the samples of Speak() on the worker thread (16-bit mono, SampleRate() Hz).
        std::function<void(std::span<const std::int16_t>)> sample_sink;
    };

    EspeakSpeech() : EspeakSpeech(Config{}) {}
    explicit EspeakSpeech(Config config);
    ~EspeakSpeech() override;
    EspeakSpeech(const EspeakSpeech&) = delete;
    EspeakSpeech& operator=(const EspeakSpeech&) = delete;

    // Speech. lang: "da", "nb" (also "no"/"nn"), "en", "uk", "ar", "tr", "pl"; region suffixes ("da-DK") are fine;
    // unknown -> English.
    void Speak(const std::string& text, const std::string& lang) override;
    void Stop() override;
    bool IsSpeaking() const override;
    // Blocks until IsSpeaking() is false or the timeout passes; returns IsSpeaking() == false. For tests and
    // shutdown, never the UI thread.
    bool WaitUntilQuiet(std::chrono::milliseconds timeout) const;

    // False once the engine is known not to work (no audio device, no voice data, second instance).
    // Blocks until the worker has finished starting up (a few ms).
    bool IsAvailable() const override;
    std::string Problem() const override;  // the first thing that went wrong, e.g. no audio device
    void SetVolume(int volume) override;   // from the next utterance on (the keypad's +/-)
    int SampleRate() const;  // Hz once available (22050 for the bundled voices), else 0

    // Capture mode only; block the calling thread until the worker has synthesised the whole text, so
    // never call them from the UI thread. They cancel any Speak() in progress.
    std::optional<std::vector<std::int16_t>> SynthesizeToSamples(const std::string& text, const std::string& lang);
    bool SynthesizeToWav(const std::string& text, const std::string& lang, const std::string& path);

    // The espeak-ng voice name used for a language code ("nb-NO" -> "nb").
    static std::string VoiceFor(const std::string& lang);
    // Whether a sound server socket or an ALSA playback device exists (what require_audio_device checks).
    static bool AudioDeviceVisible();

private:
    struct SpeakRequest {
        std::string text, lang;
        std::uint64_t generation = 0;
    };
    struct CaptureJob;
    friend struct EspeakCallbacks;

    void Run();                          // worker thread body
    bool InitializeEngine();             // on the worker
    void SelectVoice(const std::string& lang);  // on the worker
    void StartSpeaking(const SpeakRequest& request);  // on the worker
    bool SynthesizeCapture(const std::string& text, const std::string& lang, std::uint64_t generation,
                           std::vector<std::int16_t>* out);  // on the worker, Capture mode
    void FinishIfCurrent(std::uint64_t generation);
    void LogOnce(const std::string& message);

    const Config m_config;
    bool m_owns_engine = false;  // false for a second instance in the same process

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_wake;       // worker waits for requests
    mutable std::condition_variable m_state_changed;  // callers wait for startup, capture jobs and quiet
    std::optional<SpeakRequest> m_pending_speak;
    std::vector<CaptureJob*> m_capture_jobs;
    bool m_stop_requested = false;
    bool m_quit = false;
    bool m_started = false;    // worker finished InitializeEngine()
    bool m_available = false;
    bool m_speaking = false;
    bool m_logged = false;
    std::string m_problem;     // what LogOnce() said first
    std::atomic<int> m_volume{m_config.volume};  // set from the UI thread, read by the worker
    int m_sample_rate = 0;
    // Bumped by every Speak/Stop/capture job; stale work compares it and gives up. Atomic because the
    // capture callback reads it without the lock.
    std::atomic<std::uint64_t> m_generation{0};

    // Worker-only playback bookkeeping.
    unsigned int m_playing_id = 0;
    std::uint64_t m_playing_generation = 0;
    std::chrono::steady_clock::time_point m_playing_since;
    std::chrono::milliseconds m_playing_min_duration{0};  // ending sooner means the audio device failed
    int m_broken_audio_strikes = 0;  // utterances in a row that ended impossibly fast

    std::thread m_worker;  // last: starts after every member above is constructed
};

// Writes 16-bit mono PCM as a RIFF/WAVE file. Returns false on I/O failure.
bool WriteWav(const std::string& path, std::span<const std::int16_t> samples, int sample_rate);

}  // namespace bk
