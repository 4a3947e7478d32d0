#include "platform/speech_espeak.h"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <utility>

namespace bk {

namespace {

// espeak-ng is one engine per process; this marks it taken (see the header).
std::atomic<bool> g_engine_taken{false};
// The engine is initialised once per process and never terminated: espeak-ng 1.51 hangs in
// espeak_Terminate() after a second espeak_Initialize(), and switching the output mode of a live engine
// leaves its async threads behind. Later instances reuse it (only one is alive at a time, see above).
enum class EngineState { None, Playback, Capture, Failed };
std::atomic<EngineState> g_engine_state{EngineState::None};
std::atomic<int> g_engine_sample_rate{0};
// Playback: espeak-ng reports the end of an utterance from its own event thread.
std::atomic<unsigned int> g_terminated_id{0};

constexpr auto kPollInterval = std::chrono::milliseconds(20);
// Playback safety net: if the end-of-message event never comes (audio failed mid-way), trust
// espeak_IsPlaying() once this much time has passed.
constexpr auto kIsPlayingGrace = std::chrono::milliseconds(200);
constexpr int kCaptureBufferMs = 100;  // also bounds how long a cancelled capture keeps running
// Playback: when an utterance of several words "ends" in less than half the time its words take at
// the configured rate, espeak-ng could not open the device (it only prints to stderr). After
// kBrokenAudioStrikes such ends in a row we give up on audio instead of failing on every tap.
constexpr int kBrokenAudioMinWords = 3;
constexpr int kBrokenAudioStrikes = 2;

// Half the time the words of text take to say at rate_wpm, or zero for texts too short to judge.
std::chrono::milliseconds ImpossiblyShort(const std::string& text, int rate_wpm) {
    int words = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    if (words < kBrokenAudioMinWords || rate_wpm <= 0) return std::chrono::milliseconds(0);
    return std::chrono::milliseconds(words * 60'000 / rate_wpm / 2);
}

void PutLe(std::ofstream& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out.put(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace

// What the capture callback needs; passed to espeak-ng as user_data and handed back with every event list.
struct EspeakSpeech::CaptureJob {
    std::string text, lang;
    std::uint64_t generation = 0;
    std::vector<std::int16_t> samples;
    bool done = false;
    bool ok = false;
};

struct CaptureContext {
    EspeakSpeech* self = nullptr;
    std::uint64_t generation = 0;
    std::vector<std::int16_t>* out = nullptr;  // null: send to Config::sample_sink
};

struct EspeakCallbacks {
    // Called by espeak-ng: Capture mode on our worker (inside espeak_Synth), Playback mode on
    // espeak-ng's event thread. Returning 1 aborts a synchronous synthesis.
    static int OnSynth(short* wav, int count, espeak_EVENT* events) {
        try {
            auto* context = events ? static_cast<CaptureContext*>(events->user_data) : nullptr;
            if (!context) {
                for (espeak_EVENT* e = events; e && e->type != espeakEVENT_LIST_TERMINATED; ++e)
                    if (e->type == espeakEVENT_MSG_TERMINATED) g_terminated_id.store(e->unique_identifier);
                return 0;
            }
            if (context->generation != context->self->m_generation.load()) return 1;  // cancelled
            if (wav && count > 0) {
                const std::span<const std::int16_t> chunk(wav, static_cast<std::size_t>(count));
                if (context->out) context->out->insert(context->out->end(), chunk.begin(), chunk.end());
                else if (context->self->m_config.sample_sink) context->self->m_config.sample_sink(chunk);
            }
            return 0;
        } catch (...) {
            return 1;  // never let an exception cross the C library
        }
    }
};

EspeakSpeech::EspeakSpeech(Config config) : m_config(std::move(config)) {
    bool expected = false;
    if (!g_engine_taken.compare_exchange_strong(expected, true)) {
        m_started = true;
        LogOnce("a second EspeakSpeech in one process stays silent (espeak-ng has global state)");
        return;
    }
    m_owns_engine = true;
    if (m_config.output == Output::Playback && m_config.require_audio_device && !AudioDeviceVisible()) {
        m_started = true;
        LogOnce("no audio device or sound server found; read-aloud is off");
        return;
    }
    m_worker = std::thread([this] { Run(); });
}

EspeakSpeech::~EspeakSpeech() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        ++m_generation;  // aborts a capture in progress
    }
    m_wake.notify_all();
    if (m_worker.joinable()) m_worker.join();
    if (m_owns_engine) g_engine_taken.store(false);
}

void EspeakSpeech::Speak(const std::string& text, const std::string& lang) {
    if (text.empty()) {
        Stop();
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_started && !m_available) return;  // degraded: stays silent, IsSpeaking() stays false
        m_pending_speak = SpeakRequest{text, lang, ++m_generation};
        m_speaking = true;
    }
    m_wake.notify_all();
}

void EspeakSpeech::Stop() {
    {
        std::lock_guard lock(m_mutex);
        ++m_generation;
        m_pending_speak.reset();
        m_stop_requested = true;
        m_speaking = false;
    }
    m_wake.notify_all();
    m_state_changed.notify_all();
}

bool EspeakSpeech::IsSpeaking() const {
    std::lock_guard lock(m_mutex);
    return m_speaking;
}

bool EspeakSpeech::WaitUntilQuiet(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_state_changed.wait_for(lock, timeout, [this] { return !m_speaking; });
}

bool EspeakSpeech::IsAvailable() const {
    std::unique_lock lock(m_mutex);
    m_state_changed.wait(lock, [this] { return m_started; });
    return m_available;
}

int EspeakSpeech::SampleRate() const {
    std::unique_lock lock(m_mutex);
    m_state_changed.wait(lock, [this] { return m_started; });
    return m_sample_rate;
}

std::optional<std::vector<std::int16_t>> EspeakSpeech::SynthesizeToSamples(const std::string& text,
                                                                            const std::string& lang) {
    if (m_config.output != Output::Capture) return std::nullopt;
    CaptureJob job;
    job.text = text;
    job.lang = lang;
    {
        std::unique_lock lock(m_mutex);
        m_state_changed.wait(lock, [this] { return m_started; });
        if (!m_available) return std::nullopt;
        job.generation = ++m_generation;
        m_pending_speak.reset();
        m_speaking = false;
        m_capture_jobs.push_back(&job);
        m_wake.notify_all();
        m_state_changed.wait(lock, [&job] { return job.done; });
    }
    if (!job.ok) return std::nullopt;
    return std::move(job.samples);
}

bool EspeakSpeech::SynthesizeToWav(const std::string& text, const std::string& lang, const std::string& path) {
    const auto samples = SynthesizeToSamples(text, lang);
    return samples && WriteWav(path, *samples, SampleRate());
}

// Is there anything espeak-ng could play to? Cheap checks only: a PulseAudio/PipeWire socket or an
// ALSA playback device. Without this, espeak-ng spews ALSA errors on every utterance in CI.
bool EspeakSpeech::AudioDeviceVisible() {
    namespace fs = std::filesystem;
    std::error_code error;
    if (const char* server = std::getenv("PULSE_SERVER"); server && *server) return true;
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
        if (fs::exists(fs::path(runtime) / "pulse" / "native", error)) return true;
    }
    if (fs::exists(fs::path("/run/user") / std::to_string(getuid()) / "pulse" / "native", error)) return true;
    for (fs::directory_iterator it("/dev/snd", error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name.starts_with("pcmC") && name.ends_with("p")) return true;  // a playback PCM
    }
    return false;
}

std::string EspeakSpeech::VoiceFor(const std::string& lang) {
    std::string primary;
    for (char c : lang) {
        if (c == '-' || c == '_') break;
        primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (primary == "nb" || primary == "no" || primary == "nn") return "nb";  // espeak-ng's Norwegian is bokmål
    // espeak-ng-data's voices for the kiosk's languages are named by their codes (lang/zle/uk, lang/sem/ar ...).
    for (const char* voice : {"da", "en", "uk", "ar", "tr", "pl"})
        if (primary == voice) return voice;
    return "en";
}

// [SECTION] Worker thread: everything below calls espeak-ng and runs only there.

void EspeakSpeech::Run() {
    const bool ok = InitializeEngine();
    {
        std::lock_guard lock(m_mutex);
        m_started = true;
        m_available = ok;
        if (!ok) {
            m_speaking = false;
            m_pending_speak.reset();
        }
    }
    m_state_changed.notify_all();
    const bool playback = m_config.output == Output::Playback;

    for (;;) {
        std::unique_lock lock(m_mutex);
        auto has_work = [this] {
            return m_quit || m_pending_speak || m_stop_requested || !m_capture_jobs.empty();
        };
        if (m_playing_generation != 0) m_wake.wait_for(lock, kPollInterval, has_work);  // poll for the end
        else m_wake.wait(lock, has_work);
        if (m_quit) break;

        const bool stop = std::exchange(m_stop_requested, false);
        std::optional<SpeakRequest> request = std::exchange(m_pending_speak, std::nullopt);
        std::vector<CaptureJob*> jobs = std::exchange(m_capture_jobs, {});
        if (!m_available) {  // nothing can be synthesised: drop the work, release waiting callers
            for (CaptureJob* job : jobs) job->done = true;
            if (request && request->generation == m_generation.load()) m_speaking = false;
            lock.unlock();
            m_state_changed.notify_all();
            continue;
        }
        lock.unlock();

        if (playback && m_playing_generation != 0 && (stop || request)) {
            espeak_Cancel();
            m_playing_generation = 0;
        }
        if (request) StartSpeaking(*request);
        for (CaptureJob* job : jobs) {
            const bool job_ok = SynthesizeCapture(job->text, job->lang, job->generation, &job->samples);
            {
                std::lock_guard done_lock(m_mutex);
                job->ok = job_ok;
                job->done = true;
            }
            m_state_changed.notify_all();
        }
        if (playback && m_playing_generation != 0) {
            const bool ended_event = g_terminated_id.load() == m_playing_id;
            const bool idle = espeak_IsPlaying() == 0 &&
                              std::chrono::steady_clock::now() - m_playing_since > kIsPlayingGrace;
            if (ended_event || idle) {
                const bool too_short = std::chrono::steady_clock::now() - m_playing_since < m_playing_min_duration;
                m_broken_audio_strikes = too_short ? m_broken_audio_strikes + 1 : 0;
                // Mark the engine broken before the utterance is reported finished, so whoever waits for
                // IsSpeaking() to drop already sees IsAvailable() false.
                if (m_broken_audio_strikes >= kBrokenAudioStrikes) {
                    LogOnce("audio output does not work; read-aloud is off");
                    std::lock_guard broken_lock(m_mutex);
                    m_available = false;
                    m_speaking = false;
                }
                FinishIfCurrent(m_playing_generation);
                m_playing_generation = 0;
            }
        }
    }

    // No espeak_Terminate(): the engine stays for the next instance (see g_engine_state).
    if (ok && playback) espeak_Cancel();
    // Release anyone still waiting on a job (only possible if the object is destroyed mid-call).
    std::lock_guard lock(m_mutex);
    for (CaptureJob* job : m_capture_jobs) job->done = true;
    m_capture_jobs.clear();
    m_state_changed.notify_all();
}

bool EspeakSpeech::InitializeEngine() {
    const bool playback = m_config.output == Output::Playback;
    const EngineState wanted = playback ? EngineState::Playback : EngineState::Capture;
    const EngineState state = g_engine_state.load();
    if (state == EngineState::None) {
        // DONT_EXIT: without it espeak-ng calls exit() when its data is missing.
        const int rate = espeak_Initialize(playback ? AUDIO_OUTPUT_PLAYBACK : AUDIO_OUTPUT_SYNCHRONOUS,
                                           playback ? 0 : kCaptureBufferMs,
                                           m_config.data_path.empty() ? nullptr : m_config.data_path.c_str(),
                                           espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            g_engine_state.store(EngineState::Failed);
            LogOnce("espeak_Initialize failed (is espeak-ng-data installed?); read-aloud is off");
            return false;
        }
        g_engine_sample_rate.store(rate);
        g_engine_state.store(wanted);
    } else if (state == EngineState::Failed) {
        LogOnce("espeak-ng failed to start earlier in this process; read-aloud is off");
        return false;
    } else if (state != wanted) {
        LogOnce("espeak-ng already runs in the other output mode in this process; this instance is silent");
        return false;
    }
    espeak_SetSynthCallback(&EspeakCallbacks::OnSynth);
    g_terminated_id.store(0);
    std::lock_guard lock(m_mutex);
    m_sample_rate = g_engine_sample_rate.load();
    return true;
}

void EspeakSpeech::SelectVoice(const std::string& lang) {
    const std::string voice = VoiceFor(lang);
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) {
        espeak_VOICE properties{};
        properties.languages = voice.c_str();
        if (espeak_SetVoiceByProperties(&properties) != EE_OK) LogOnce("no espeak-ng voice for '" + voice + "'");
    }
    // Set after the voice: a voice change may reset the speech parameters.
    espeak_SetParameter(espeakRATE, m_config.rate_wpm, 0);
    espeak_SetParameter(espeakVOLUME, m_volume.load(), 0);
}

void EspeakSpeech::StartSpeaking(const SpeakRequest& request) {
    if (m_config.output == Output::Capture) {
        SynthesizeCapture(request.text, request.lang, request.generation, nullptr);
        FinishIfCurrent(request.generation);
        return;
    }
    SelectVoice(request.lang);
    unsigned int id = 0;
    const espeak_ERROR error = espeak_Synth(request.text.c_str(), request.text.size() + 1, 0, POS_CHARACTER, 0,
                                            espeakCHARS_UTF8, &id, nullptr);
    if (error != EE_OK) {
        LogOnce("espeak_Synth failed; an utterance was dropped");
        FinishIfCurrent(request.generation);
        return;
    }
    m_playing_id = id;
    m_playing_generation = request.generation;
    m_playing_since = std::chrono::steady_clock::now();
    m_playing_min_duration = ImpossiblyShort(request.text, m_config.rate_wpm);
}

bool EspeakSpeech::SynthesizeCapture(const std::string& text, const std::string& lang, std::uint64_t generation,
                                     std::vector<std::int16_t>* out) {
    SelectVoice(lang);
    CaptureContext context{this, generation, out};
    const espeak_ERROR error = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                                            nullptr, &context);
    // A cancelled synthesis also ends early; it is not a success for the caller who asked for all of it.
    return error == EE_OK && generation == m_generation.load();
}

void EspeakSpeech::FinishIfCurrent(std::uint64_t generation) {
    {
        std::lock_guard lock(m_mutex);
        if (m_generation.load() == generation) m_speaking = false;  // a newer Speak keeps its own state
    }
    m_state_changed.notify_all();
}

void EspeakSpeech::LogOnce(const std::string& message) {
    {
        std::lock_guard lock(m_mutex);
        if (std::exchange(m_logged, true)) return;
        m_problem = message;  // the first cause is the one staff need
    }
    std::fprintf(stderr, "borgerkiosk speech: %s\n", message.c_str());
}

std::string EspeakSpeech::Problem() const {
    if (IsAvailable()) return {};
    std::lock_guard lock(m_mutex);
    return m_problem.empty() ? "espeak-ng is not available" : m_problem;
}

void EspeakSpeech::SetVolume(int volume) { m_volume = std::clamp(volume, 0, 200); }

bool WriteWav(const std::string& path, std::span<const std::int16_t> samples, int sample_rate) {
    if (sample_rate <= 0) return false;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    const auto data_bytes = static_cast<std::uint32_t>(samples.size() * sizeof(std::int16_t));
    const auto rate = static_cast<std::uint32_t>(sample_rate);
    out.write("RIFF", 4);
    PutLe(out, 36 + data_bytes, 4);
    out.write("WAVEfmt ", 8);
    PutLe(out, 16, 4);        // fmt chunk size
    PutLe(out, 1, 2);         // PCM
    PutLe(out, 1, 2);         // mono
    PutLe(out, rate, 4);
    PutLe(out, rate * 2, 4);  // bytes per second
    PutLe(out, 2, 2);         // block align
    PutLe(out, 16, 2);        // bits per sample
    out.write("data", 4);
    PutLe(out, data_bytes, 4);
    for (std::int16_t sample : samples) PutLe(out, static_cast<std::uint16_t>(sample), 2);
    return static_cast<bool>(out.flush());
}

}  // namespace bk
