// Read-aloud as the core sees it. The platform implements it with espeak-ng on a worker thread;
// Speak() and Stop() return at once and never block the UI thread.
#pragma once
#include <string>

namespace bk {

class Speech {
public:
    virtual ~Speech() = default;
    virtual void Speak(const std::string& text, const std::string& lang) = 0;  // replaces what is playing
    virtual void Stop() = 0;
    virtual bool IsSpeaking() const = 0;
    virtual bool IsAvailable() const { return true; }  // false: no sound here, so no read-aloud button
    virtual std::string Problem() const { return {}; }  // why it is not available, for staff
    virtual void SetVolume(int volume) { (void)volume; }  // 0..200 (espeak-ng's scale, 100 = normal); next utterance on
};

// For tests and for kiosks without sound.
class SilentSpeech final : public Speech {
public:
    void Speak(const std::string& text, const std::string& lang) override { m_last_text = text; m_last_lang = lang; m_speaking = true; }
    void Stop() override { m_speaking = false; }
    bool IsSpeaking() const override { return m_speaking; }
    bool IsAvailable() const override { return m_available; }
    std::string Problem() const override { return m_available ? "" : "no audio device (test)"; }
    void SetVolume(int volume) override { m_volume = volume; }
    std::string m_last_text, m_last_lang;
    int m_volume = 100;
    bool m_speaking = false;
    bool m_available = true;
};

}  // namespace bk
