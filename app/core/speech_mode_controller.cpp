#include "core/speech_mode_controller.h"

#include <algorithm>
#include <utility>

namespace bk {

namespace {

// Icon glyphs (Font Awesome, Unicode's private use area U+E000..U+F8FF) mean nothing to a voice, and the
// middle dot between a guide's title and its progress is a pause, not a word.
std::string WithoutIcons(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (text.compare(i, 2, "\xc2\xb7") == 0) {
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out += ",";
            i += 2;
            continue;
        }
        if (lead == 0xEE || (lead == 0xEF && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0xA3)) {
            i += 3;
            continue;
        }
        out += text[i++];
    }
    const size_t first = out.find_first_not_of(' ');
    return first == std::string::npos ? std::string() : out.substr(first);
}

}  // namespace

// [SECTION] Actions and timers

void SpeechModeController::Apply(const Action& action) {
    SpeechModeState& m = m_state;
    const Millis now = m_visit.Now();
    switch (action.type) {
        case ActionType::SpeechCornerDown:
            if (!m.on && m.corner_since < 0 && !m_visit.InStaffMode()) m.corner_since = now;
            return;
        case ActionType::SpeechCornerUp:
            m.corner_since = -1;
            return;
        default: break;
    }
    if (m_visit.InStaffMode()) return;
    const int count = static_cast<int>(m.items.size());
    switch (action.type) {
        case ActionType::NavKeyPressed:
            m_visit.NoteInput();
            if (!m.on) {
                Start();  // any key of the keypad: a citizen who cannot see the screen can begin
                break;
            }
            m_speech.Stop();  // any key interrupts what is being said
            PressNavKey(static_cast<NavKey>(action.value));
            break;
        case ActionType::ExploreDown:
            if (!m.on) break;
            if (m.last_tap_at >= 0 && now - m.last_tap_at <= kDoubleTapMs) {
                m.last_tap_at = -1;  // a double tap activates what the first tap found
                ActivateFocus();
                break;
            }
            m.last_tap_at = now;
            if (action.value >= 0 && action.value < count) {
                m_speech.Stop();
                m.focus = action.value;
                SayFocus();
            }
            break;
        case ActionType::ExploreMove:
            if (m.on && action.value >= 0 && action.value < count && action.value != m.focus) {
                m.focus = action.value;
                SayFocus();
            }
            break;
        case ActionType::SpeechActivated:
            if (m.pending_activation.empty()) break;
            m.pending_activation.clear();
            m.announce_focus = true;
            break;
        default:  // the visit's and staff mode's actions: the Kiosk routes them to their own parts
            break;
    }
}

void SpeechModeController::PressNavKey(NavKey key) {
    SpeechModeState& m = m_state;
    const int count = static_cast<int>(m.items.size());
    switch (key) {
        case NavKey::Up:
        case NavKey::Left:
            if (count == 0) break;
            m.focus = m.focus <= 0 ? count - 1 : m.focus - 1;
            SayFocus();
            break;
        case NavKey::Down:
        case NavKey::Right:
            if (count == 0) break;
            m.focus = m.focus < 0 || m.focus + 1 >= count ? 0 : m.focus + 1;
            SayFocus();
            break;
        case NavKey::Enter: ActivateFocus(); break;
        case NavKey::VolumeUp:
        case NavKey::VolumeDown:
            m.volume = std::clamp(m.volume + (key == NavKey::VolumeUp ? kVolumeStep : -kVolumeStep), kMinVolume, kMaxVolume);
            m_speech.SetVolume(m.volume);
            Say({m_visit.Text("speech.volume", m.volume * 100 / kDefaultVolume)});
            break;
        case NavKey::Help: {
            std::vector<std::string> words{m_visit.Text("speech.keys")};
            if (m.focus >= 0 && m.focus < count) words.push_back(Utterance(m.items[static_cast<size_t>(m.focus)]));
            Say(std::move(words));
            break;
        }
        case NavKey::Repeat: Say(m.said); break;
        case NavKey::Stop: break;
    }
}

void SpeechModeController::Update(Millis now) {
    if (m_state.corner_since >= 0 && now - m_state.corner_since >= kSpeechHoldMs && !m_visit.InStaffMode()) {
        m_state.corner_since = -1;
        Start();
    }
}

Millis SpeechModeController::CornerDeadlineMs() const {
    return m_state.corner_since >= 0 ? m_state.corner_since + kSpeechHoldMs : -1;
}

void SpeechModeController::Start() {
    if (m_state.on || !m_speech.IsAvailable()) return;  // no sound: nothing to start (staff mode says why)
    m_state = SpeechModeState{};
    m_state.on = true;
    m_speech.SetVolume(kDefaultVolume);
    m_visit.SpeechModeStarted();
    // The next published page is read whole, after a word on how the keys and touches work.
}

void SpeechModeController::Reset() {
    m_state = SpeechModeState{};
    m_speech.SetVolume(kDefaultVolume);
}

// [SECTION] Reading the screen

std::string SpeechModeController::Utterance(const ScreenItem& item) const {
    std::string text = WithoutIcons(item.label);
    const std::string hint = WithoutIcons(item.hint);
    if (!hint.empty()) text += (text.empty() || text.back() == '.' ? " " : ". ") + hint;
    if (item.role == ItemRole::Button) {
        if (!text.empty() && text.back() == '.') text.pop_back();  // "Help is coming, button", not "coming., button"
        text += ", " + m_visit.Text("speech.button");
        if (item.selected) text += ", " + m_visit.Text("speech.selected");
        if (!item.enabled) text += ", " + m_visit.Text("speech.not_available");
    }
    return text;
}

std::string SpeechModeController::PageKey() const {
    const SessionState& s = m_visit.State();
    std::string key = std::string(ScreenName(s.screen)) + "|" + s.lang;
    if (s.screen == Screen::List) key += "|" + std::to_string(static_cast<int>(s.list_kind));
    if (s.screen == Screen::Guide && s.guide.service) key += "|" + s.guide.service->id + "|" + std::to_string(s.guide.step);
    if (s.screen == Screen::Help) key += "|" + std::to_string(static_cast<int>(m_visit.Help())) + (m_visit.HelpEscalated() ? "|late" : "");
    if (s.idle_overlay) key += "|idle";
    if (s.feedback.keyboard_open) key += "|keyboard";
    if (s.languages_open) key += "|languages";
    return key;
}

void SpeechModeController::PublishScreen(std::vector<ScreenItem> items) {
    SpeechModeState& m = m_state;
    std::stable_partition(items.begin(), items.end(), [](const ScreenItem& item) { return !item.chrome; });
    // The language chooser, once opened, comes first: the citizen asked for it.
    if (m_visit.State().languages_open)
        std::stable_partition(items.begin(), items.end(), [](const ScreenItem& item) { return item.id.starts_with("languages."); });
    if (!m.on || m_visit.InStaffMode()) {
        m.items = std::move(items);
        if (m.on) m.page = "staff";  // back from staff mode, the citizen's page is read again
        return;
    }
    auto banner_words = [&items]() -> std::string {
        for (const ScreenItem& item : items)
            if (item.id == "help.banner") return item.label + item.hint;
        return {};
    };
    const std::string page = PageKey();
    if (page != m.page) {
        std::vector<std::string> words;
        if (m.page.empty()) words.push_back(m_visit.Text("speech.started"));  // the first page after speech mode started
        for (const ScreenItem& item : items) words.push_back(Utterance(item));
        m.banner = banner_words();
        m.items = std::move(items);
        m.page = page;
        m.focus = m.items.empty() ? -1 : 0;
        m.announce_focus = false;
        Say(std::move(words));
        return;
    }
    // The same page: the focus stays on the same item, found again by its id (a control) or words (text). The
    // same words may stand twice on a page (a step titled "Det skal du bruge" above a list of that name): the
    // focus keeps the same occurrence, or the keys would jump back to the first and never get past it.
    if (m.focus >= 0 && m.focus < static_cast<int>(m.items.size())) {
        const ScreenItem& old = m.items[static_cast<size_t>(m.focus)];
        auto same = [&old](const ScreenItem& item) { return old.id.empty() ? item.id.empty() && item.label == old.label : item.id == old.id; };
        const auto occurrence = std::count_if(m.items.begin(), m.items.begin() + m.focus, same);
        int found = -1;
        for (size_t i = 0, seen = 0; i < items.size() && found < 0; ++i)
            if (same(items[i]) && static_cast<long>(seen++) == occurrence) found = static_cast<int>(i);
        m.focus = found >= 0 ? found : std::min(m.focus, static_cast<int>(items.size()) - 1);
    }
    const std::string banner = banner_words();
    m.items = std::move(items);
    if (std::exchange(m.announce_focus, false)) {
        SayFocus();
    } else if (banner != m.banner && !banner.empty()) {
        // The help call's news (staff are coming, nobody came yet) is said wherever the citizen is.
        for (const ScreenItem& item : m.items)
            if (item.id == "help.banner") Say({Utterance(item)});
    }
    m.banner = banner;
}

void SpeechModeController::Say(std::vector<std::string> utterances) {
    std::string text;
    for (const std::string& words : utterances) {
        if (words.empty()) continue;
        if (!text.empty()) text += "\n";
        text += words;
        // A full stop between items makes the voice pause, as a sighted reader's eye does.
        if (std::string(".!?:").find(words.back()) == std::string::npos) text += ".";
    }
    m_state.said = std::move(utterances);
    m_speech.Speak(text, m_visit.State().lang);
}

void SpeechModeController::SayFocus() {
    const SpeechModeState& m = m_state;
    if (m.focus >= 0 && m.focus < static_cast<int>(m.items.size())) Say({Utterance(m.items[static_cast<size_t>(m.focus)])});
}

void SpeechModeController::ActivateFocus() {
    SpeechModeState& m = m_state;
    if (m.focus < 0 || m.focus >= static_cast<int>(m.items.size())) return;
    const ScreenItem& item = m.items[static_cast<size_t>(m.focus)];
    if (item.role != ItemRole::Button || !item.enabled) {
        SayFocus();  // text is said again; a control that is not available says so
        return;
    }
    m.pending_activation = item.id;
}

}  // namespace bk
