#include "core/kiosk.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "core/hex.h"

namespace bk {

const char* ScreenName(Screen screen) {
    switch (screen) {
        case Screen::Start: return "start";
        case Screen::Home: return "home";
        case Screen::List: return "list";
        case Screen::Guide: return "guide";
        case Screen::Feedback: return "feedback";
        case Screen::Thanks: return "thanks";
        case Screen::Help: return "help";
        case Screen::StaffPin: return "staff_pin";
        case Screen::Staff: return "staff";
    }
    return "unknown";
}

const char* TaskDoneName(TaskDone value) {
    switch (value) {
        case TaskDone::Yes: return "yes";
        case TaskDone::Partly: return "partly";
        case TaskDone::No: return "no";
        case TaskDone::Unset: break;
    }
    return "";
}

// A visit starts in the profile's first language: Danish in Denmark, bokmål at a Norwegian kiosk.
static Lang FirstLanguage(const KioskProfile& profile) { return profile.languages.empty() ? kDanish : profile.languages.front(); }

std::string RandomSessionId() {
    std::random_device rd;
    std::string out;
    for (int i = 0; i < 4; ++i) AppendHex(out, rd(), 8);
    return out;
}

std::function<int()> RandomPercentDraw() {
    auto generator = std::make_shared<std::mt19937>(std::random_device{}());
    return [generator] { return std::uniform_int_distribution<int>(0, 99)(*generator); };
}

Kiosk::Kiosk(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile, const Clock& clock,
             EventSink& events, Speech& speech, HelpDesk& help)
    : m_pack(std::move(pack)), m_profile(profile), m_clock(clock), m_events(events), m_speech(speech),
      m_help(help), m_new_session_id(RandomSessionId), m_draw_percent(RandomPercentDraw()) {
    m_state.lang = FirstLanguage(m_profile);
    m_state.last_input_at = Now();
}

// [SECTION] Queries

std::vector<const Service*> Kiosk::Services(ServiceKind kind) const {
    std::vector<const Service*> out;
    for (const auto& id : m_profile.services)
        if (const Service* s = m_pack->FindService(id); s && s->kind == kind) out.push_back(s);
    return out;
}

std::string Kiosk::Text(const std::string& key, long n, long m) const {
    std::string text = m_pack->Text(m_state.lang, key);
    auto fill = [&text](const char* name, long value) {
        if (value < 0) return;
        for (size_t at; (at = text.find(name)) != std::string::npos;) text.replace(at, 3, std::to_string(value));
    };
    fill("{n}", n);
    fill("{m}", m);
    return text;
}

int Kiosk::IdleSecondsLeft() const {
    if (!m_state.idle_overlay) return 0;
    Millis left = m_state.idle_overlay_since + m_profile.idle_answer_s * 1000LL - Now();
    return static_cast<int>(std::max<Millis>(0, (left + 999) / 1000));
}

bool Kiosk::HelpCallOpen() const {
    if (!m_state.help_active) return false;
    const HelpStatus status = m_help.Status();
    return status == HelpStatus::Sending || status == HelpStatus::Open || status == HelpStatus::Acknowledged;
}

bool Kiosk::HelpEscalated() const {
    if (!m_state.help_active) return false;
    const HelpStatus status = m_help.Status();
    if (status != HelpStatus::Sending && status != HelpStatus::Open) return false;
    return Now() - m_state.help_requested_at >= m_profile.help_escalate_after_s * 1000LL;
}

std::string Kiosk::HelpEscalationText() const {
    const std::string& where = m_profile.help_desk_where.Get(m_state.lang);
    return Text("help.not_yet") + " " + (where.empty() ? Text("help.go_to_desk") : where);
}

std::string Kiosk::IdleWarningText() const {
    return Text("idle.title") + " " + Text(HelpCallOpen() ? "idle.help_body" : "idle.body");
}

StaffCallView Kiosk::DescribeCall(const StaffHelpCall& call) const {
    const Lang& lang = m_state.lang;
    // The registry's list may leave out the session; then a call from this kiosk's id (the profile id unless
    // --kiosk-id says otherwise) while this session's call is open is taken to be this citizen's.
    const bool from_here = call.session.empty() ? call.kiosk_id == m_profile.id && HelpCallOpen()
                                                : call.session == m_state.id && !m_state.id.empty();
    StaffCallView view;
    const KioskProfile* profile = from_here ? &m_profile : m_pack->FindProfile(call.kiosk_id);
    view.location = profile && !profile->location.Get(lang).empty() ? profile->location.Get(lang) : call.kiosk_id;
    if (const Service* service = m_pack->FindService(call.service)) {
        view.where = service->title.Get(lang);
        // The registry does not carry the step; this kiosk knows it for its own citizen.
        const GuideProgress& g = m_state.guide;
        if (from_here && g.service && g.service->id == service->id)
            view.where += " \xc2\xb7 " + Text("guide.step_of", g.step + 1, static_cast<long>(service->steps.size())) + ": " +
                          service->steps[g.step].title.Get(lang);
    } else {
        const std::string key = "staff.on_screen." + call.screen;
        view.where = m_pack->Text(lang, key) == key ? call.screen : Text(key);
    }
    if (call.created_ts > 0) {
        const Millis seconds = std::max<Millis>(0, m_clock.WallMs() - call.created_ts) / 1000;
        view.waiting = Text("staff.waiting", static_cast<long>(seconds / 60), static_cast<long>(seconds % 60));
    }
    view.acknowledged = call.status == "acknowledged";
    return view;
}

int Kiosk::ThanksSecondsLeft() const {
    if (m_state.screen != Screen::Thanks) return 0;
    Millis left = m_state.thanks_since + kThanksReturnMs - Now();
    return static_cast<int>(std::max<Millis>(0, (left + 999) / 1000));
}

std::string Kiosk::ScreenText() const {
    const Lang& lang = m_state.lang;
    switch (m_state.screen) {
        case Screen::Start: return Text("start.title") + ". " + Text("start.subtitle");
        case Screen::Home: return Text("home.title") + ". " + Text("home.guides") + ". " + Text("home.welfare") + ". " + Text("home.help") + ".";
        case Screen::List: {
            std::string text = Text(m_state.list_kind == ServiceKind::Guide ? "list.guides_title" : "list.welfare_title") + ".";
            for (const Service* s : Services(m_state.list_kind)) text += " " + s->title.Get(lang) + ".";
            return text;
        }
        case Screen::Guide: {
            const Service& s = *m_state.guide.service;
            const Step& step = s.steps[m_state.guide.step];
            std::string text = Text("guide.step_of", m_state.guide.step + 1, static_cast<long>(s.steps.size())) + ". " +
                               step.title.Get(lang) + ". " + step.body.Get(lang);
            // The picture's words, for those who cannot see it.
            if (!step.image.empty() && !step.image_alt.Get(lang).empty()) text += " " + step.image_alt.Get(lang);
            return text;
        }
        case Screen::Feedback: return Text("feedback.title") + " " + Text("feedback.task_done");
        case Screen::Thanks: return Text("thanks.title") + " " + Text("thanks.body");
        case Screen::Help: {
            switch (m_help.Status()) {
                case HelpStatus::Acknowledged: return Text("help.acknowledged");
                case HelpStatus::Failed: return Text("help.offline") + " " + m_profile.help_desk_where.Get(lang);
                case HelpStatus::Sending: return Text("help.sending");
                default: return Text("help.sent") + (HelpEscalated() ? " " + HelpEscalationText() : "");
            }
        }
        case Screen::StaffPin:
        case Screen::Staff: return {};
    }
    return {};
}

KeyboardLayout Kiosk::Keyboard() const {
    // A Ukrainian or Arabic keyboard's Latin letters are the kiosk's own (æøå in Odder, øæå in Drammen).
    const Lang& base = m_profile.languages.empty() ? kDanish : m_profile.languages.front();
    return MakeKeyboardLayout(m_state.lang, m_state.feedback.comment.Layer(), base);
}

// [SECTION] Actions

void Kiosk::Apply(const Action& action) {
    SessionState& s = m_state;
    if (action.type >= ActionType::CornerDown) {
        ApplyStaff(action);
        return;
    }
    if (action.type >= ActionType::NavKeyPressed) {
        ApplySpeechMode(action);
        return;
    }
    if (InStaffMode()) return;  // citizen controls are not on screen in staff mode
    if (s.idle_overlay && action.type != ActionType::StillHere && action.type != ActionType::EndSession)
        return;  // the overlay is modal: only its two answers count
    if (s.id.empty() && action.type != ActionType::Begin && action.type != ActionType::ChooseLanguage &&
        action.type != ActionType::RequestHelp && action.type != ActionType::CycleTextSize &&
        action.type != ActionType::ToggleContrast && action.type != ActionType::ToggleReadAloud)
        return;  // nothing else is reachable before a session starts

    // Text size and contrast chosen on the start screen begin the visit, so they last until it ends
    // (Begin and a language choice keep them) and the session's end wipes them for the next citizen.
    if (s.id.empty() && (action.type == ActionType::CycleTextSize || action.type == ActionType::ToggleContrast)) BeginSession();

    if (action.type != ActionType::ToggleLanguages) s.languages_open = false;

    switch (action.type) {
        case ActionType::Begin:
            if (s.id.empty()) BeginSession();
            Show(Screen::Home);
            break;
        case ActionType::ChooseLanguage: {
            const auto& offered = m_profile.languages;
            if (std::find(offered.begin(), offered.end(), action.text) == offered.end()) break;
            if (s.id.empty()) BeginSession();
            if (action.text != s.lang) {
                Emit(ev::kLanguageChanged, {{"from", s.lang}, {"to", action.text}});
                s.lang = action.text;
                m_speech.Stop();
            }
            if (s.screen == Screen::Start) Show(Screen::Home);
            break;
        }
        case ActionType::ToggleLanguages:
            s.languages_open = !s.languages_open && m_profile.languages.size() > 1;
            break;
        case ActionType::OpenList:
            s.list_kind = static_cast<ServiceKind>(action.value);
            Show(Screen::List);
            break;
        case ActionType::OpenService:
            OpenService(action.text);
            break;
        case ActionType::NextStep: {
            if (s.screen != Screen::Guide) break;
            const int steps = static_cast<int>(s.guide.service->steps.size());
            if (s.guide.step + 1 < steps) {
                ++s.guide.step;
                s.guide.qr_visible = false;
                s.guide.on_phone = false;
                m_speech.Stop();
                Emit(ev::kStepViewed, {{"steps_total", steps}}, true);
            } else {
                Emit(ev::kGuideCompleted, {{"duration_ms", Now() - s.guide.opened_at}, {"steps_total", steps}}, true);
                s.feedback = FeedbackDraft{};
                s.feedback.after_completion = true;
                s.feedback.service = s.guide.service;
                s.guide = GuideProgress{};
                Show(Screen::Feedback);
            }
            break;
        }
        case ActionType::PrevStep:
            if (s.screen != Screen::Guide) break;
            if (s.guide.step > 0) {
                --s.guide.step;
                s.guide.qr_visible = false;
                s.guide.on_phone = false;
                m_speech.Stop();
                Emit(ev::kStepViewed, {{"steps_total", static_cast<int>(s.guide.service->steps.size())}}, true);
            } else {
                LeaveGuide("back", false);
                Show(Screen::List);
            }
            break;
        case ActionType::GoHome:
            if (s.guide.service) {  // from the guide or from a help call made in it
                LeaveGuide(s.guide.help_requested ? "help" : "home", true);
            } else if (s.screen == Screen::Feedback) {
                FinishFeedback(false);
            } else {
                Show(Screen::Home);
            }
            break;
        case ActionType::RequestHelp: {
            if (s.id.empty()) BeginSession();
            if (s.screen == Screen::Help) break;
            const Service* service = s.screen == Screen::Guide ? s.guide.service : nullptr;
            if (service) s.guide.help_requested = true;
            HelpStatus status = m_help.Status();
            if (!s.help_active || status == HelpStatus::None || status == HelpStatus::Resolved ||
                status == HelpStatus::Failed) {
                m_help.Request({s.id, ScreenName(s.screen), service ? service->id : "", service ? s.guide.step : -1, s.lang,
                                m_profile.location.Get(kDanish), m_profile.help_escalate_after_s});
                s.help_active = true;
                s.help_requested_at = Now();
                s.help_escalation_told = false;
                Emit(ev::kHelpRequested, {{"screen", ScreenName(s.screen)}}, service != nullptr);
            }
            s.help_return = s.screen == Screen::Start ? Screen::Home : s.screen;
            Show(Screen::Help);
            break;
        }
        case ActionType::CancelHelp:
            m_help.Cancel();
            s.help_active = false;
            if (s.screen == Screen::Help) Show(s.help_return);  // from the banner, the citizen stays where they are
            break;
        case ActionType::CloseHelp:
            if (s.screen == Screen::Help) Show(s.help_return);
            break;
        case ActionType::ToggleReadAloud:
            if (m_speech.IsSpeaking()) {
                m_speech.Stop();
            } else {
                m_speech.Speak(ScreenText(), s.lang);
                s.read_aloud_used = true;
                if (!s.id.empty()) Emit(ev::kReadAloud, {{"screen", ScreenName(s.screen)}}, s.screen == Screen::Guide);
            }
            break;
        case ActionType::CycleTextSize:
            s.text_size = (s.text_size + 1) % kTextSizes;
            Emit(ev::kAccessibilityChanged, {{"setting", "text_size"}, {"value", s.text_size}});
            break;
        case ActionType::ToggleContrast:
            s.high_contrast = !s.high_contrast;
            Emit(ev::kAccessibilityChanged, {{"setting", "high_contrast"}, {"value", s.high_contrast}});
            break;
        case ActionType::ShowQr:
            if (s.screen != Screen::Guide || s.guide.qr_visible) break;
            s.guide.qr_visible = true;
            Emit(ev::kQrShown, nlohmann::json::object(), true);
            break;
        case ActionType::OnMyPhone:
            if (s.screen != Screen::Guide || s.guide.service->steps[s.guide.step].phone_link.empty()) break;
            s.guide.on_phone = !s.guide.on_phone;
            s.guide.qr_visible = true;
            break;
        case ActionType::Rate:
            if (s.screen != Screen::Feedback || action.value < 1 || action.value > 5) break;
            if (s.feedback.rating != 0 && Now() - s.feedback.rated_at < kRatingDebounceMs) break;  // misuse filter
            s.feedback.rating = action.value;
            s.feedback.rated_at = Now();
            break;
        case ActionType::SetTaskDone:
            if (s.screen == Screen::Feedback) s.feedback.task_done = static_cast<TaskDone>(action.value);
            break;
        case ActionType::ToggleReason:
            if (s.screen != Screen::Feedback) break;
            if (std::find(kFeedbackReasons.begin(), kFeedbackReasons.end(), action.text) == kFeedbackReasons.end()) break;
            if (!s.feedback.reasons.erase(action.text)) s.feedback.reasons.insert(action.text);
            break;
        case ActionType::OpenKeyboard:
            if (s.screen == Screen::Feedback) s.feedback.keyboard_open = true;
            break;
        case ActionType::PressKey: {
            if (!s.feedback.keyboard_open) break;
            const KeyboardLayout layout = Keyboard();
            const size_t row = static_cast<size_t>(action.value / kKeyRowStride);
            const size_t col = static_cast<size_t>(action.value % kKeyRowStride);
            if (action.value < 0 || row >= layout.rows.size() || col >= layout.rows[row].size()) break;
            if (s.feedback.comment.Apply(layout.rows[row][col]) == TextInput::Result::Done) s.feedback.keyboard_open = false;
            break;
        }
        case ActionType::CloseKeyboard:
            s.feedback.keyboard_open = false;
            break;
        case ActionType::SubmitFeedback:
            if (s.screen == Screen::Feedback && s.feedback.rating > 0) FinishFeedback(true);
            break;
        case ActionType::SkipFeedback:
            if (s.screen == Screen::Feedback) FinishFeedback(false);
            break;
        case ActionType::StillHere:
            s.idle_overlay = false;
            s.last_input_at = Now();
            break;
        case ActionType::EndSession:
            EndSession(s.screen == Screen::Thanks ? "finished" : "idle");
            break;
        default:  // staff actions: ApplyStaff()
            break;
    }
}

void Kiosk::NoteInput() {
    if (!m_state.idle_overlay) m_state.last_input_at = Now();
    if (InStaffMode()) m_staff.last_touch = Now();
}

// [SECTION] Timers

void Kiosk::Update() {
    SessionState& s = m_state;
    const Millis now = Now();
    TakeStaffResults(now);
    if (m_speech_mode.corner_since >= 0 && now - m_speech_mode.corner_since >= kSpeechHoldMs && !InStaffMode()) {
        m_speech_mode.corner_since = -1;
        StartSpeechMode();
    }
    if (m_staff.corner_since >= 0 && now - m_staff.corner_since >= kStaffHoldMs && !InStaffMode() && m_staff_services) {
        m_staff.corner_since = -1;
        m_staff.return_to = s.screen;
        m_staff.pin.clear();
        m_staff.last_touch = now;
        m_speech.Stop();
        s.idle_overlay = false;
        s.languages_open = false;
        s.screen = Screen::StaffPin;  // not a citizen screen: no screen_viewed event
    }
    if (InStaffMode()) {
        if (now - m_staff.last_touch >= kStaffIdleExitMs) LeaveStaff();
        return;  // the citizen's timers wait while staff work
    }
    if (s.id.empty()) return;
    // A staff member answered this session's help call: they came over, so the visit was assisted too.
    if (s.help_active) {
        const HelpStatus help = m_help.Status();
        if (help == HelpStatus::Acknowledged || help == HelpStatus::Resolved) s.staff_assisted = true;
    }
    // Nobody has come: the screens now say where the desk is, and a citizen who listens hears it once.
    if (!s.help_escalation_told && HelpEscalated()) {
        s.help_escalation_told = true;
        if (s.read_aloud_used) m_speech.Speak(HelpEscalationText(), s.lang);
    }
    if (s.screen == Screen::Thanks && now >= s.thanks_since + kThanksReturnMs) {
        EndSession("finished");
        return;
    }
    // A citizen waiting for staff stays: the idle timer gives way to the long help limit while the call is
    // open, and starts afresh when the call is answered, resolved or fails.
    const bool waiting = HelpCallOpen();
    if (s.help_waiting && !waiting && !s.idle_overlay) s.last_input_at = now;
    s.help_waiting = waiting;
    if (!s.idle_overlay && now >= s.last_input_at + IdleLimitMs()) {
        s.idle_overlay = true;
        s.idle_overlay_since = now;
        s.feedback.keyboard_open = false;
        s.languages_open = false;
        // Said as well as shown: the citizen may be looking at their phone, for staff, or not see the screen.
        m_speech.Speak(IdleWarningText(), s.lang);
    }
    if (s.idle_overlay && now >= s.idle_overlay_since + m_profile.idle_answer_s * 1000LL) EndSession("idle");
}

Millis Kiosk::NextDeadlineMs() const {
    const SessionState& s = m_state;
    const Millis now = Now();
    if (m_staff.corner_since >= 0) return m_staff.corner_since + kStaffHoldMs;
    if (m_speech_mode.corner_since >= 0) return m_speech_mode.corner_since + kSpeechHoldMs;
    if (InStaffMode()) {
        Millis deadline = std::min(m_staff.last_touch + kStaffIdleExitMs, now + 1000 - (now % 1000));  // waiting times tick
        if (s.screen == Screen::Staff && m_staff.calls_refreshed_at >= 0)
            deadline = std::min(deadline, m_staff.calls_refreshed_at + kStaffCallsRefreshMs);
        return deadline;
    }
    if (s.id.empty()) return -1;
    // Countdowns on screen tick once a second; otherwise sleep until the next timer.
    if (s.idle_overlay || s.screen == Screen::Thanks) return now + 1000 - (now % 1000);
    // A change of the help call's status wakes the loop by itself (HelpDesk implementations wake it).
    Millis deadline = s.last_input_at + IdleLimitMs();
    if (HelpCallOpen() && !s.help_escalation_told && m_help.Status() != HelpStatus::Acknowledged)
        deadline = std::min<Millis>(deadline, s.help_requested_at + m_profile.help_escalate_after_s * 1000LL);
    return deadline;
}

Millis Kiosk::IdleLimitMs() const {
    if (HelpCallOpen()) return m_profile.help_wait_limit_s * 1000LL;
    if (m_state.screen == Screen::Guide && m_state.guide.on_phone) return m_profile.phone_wait_limit_s * 1000LL;
    return m_profile.idle_timeout_s * 1000LL;
}

// [SECTION] Session

void Kiosk::BeginSession() {
    m_state = SessionState{};
    m_state.lang = FirstLanguage(m_profile);
    m_state.id = m_new_session_id();
    m_state.started_at = Now();
    m_state.last_input_at = Now();
    Emit(ev::kSessionStarted);
}

void Kiosk::EndSession(const char* reason) {
    if (m_state.id.empty()) return;
    if (m_state.feedback.rating > 0) RecordFeedback(false);  // the face tapped counts, though Send never was
    if (m_state.guide.service) LeaveGuide(m_state.guide.help_requested ? "help" : "idle", false);
    if (m_state.help_active) m_help.Cancel();
    m_speech.Stop();
    // Speech mode and its volume were this citizen's: the next one starts from the ordinary kiosk.
    m_speech_mode = SpeechModeState{};
    m_speech.SetVolume(kDefaultVolume);
    Emit(ev::kSessionEnded, {{"reason", reason}, {"duration_ms", Now() - m_state.started_at}, {"staff_assisted", m_state.staff_assisted}});
    m_state = SessionState{};  // everything the citizen touched goes: language, text size, typed text
    m_state.lang = FirstLanguage(m_profile);
    m_state.last_input_at = Now();
}

void Kiosk::ReplaceContent(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile) {
    const Screen staff_screen = InStaffMode() ? m_state.screen : Screen::Start;
    EndSession("staff");
    m_pack = std::move(pack);
    m_profile = profile;
    m_state.lang = FirstLanguage(m_profile);  // no visit runs now: the next starts in the new profile's language
    if (staff_screen != Screen::Start) {
        m_staff.return_to = Screen::Start;
        m_state.screen = staff_screen;  // the PIN pad stays the PIN pad
    }
}

// [SECTION] Speech mode

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

std::string Kiosk::Utterance(const ScreenItem& item) const {
    std::string text = WithoutIcons(item.label);
    const std::string hint = WithoutIcons(item.hint);
    if (!hint.empty()) text += (text.empty() || text.back() == '.' ? " " : ". ") + hint;
    if (item.role == ItemRole::Button) {
        if (!text.empty() && text.back() == '.') text.pop_back();  // "Help is coming, button", not "coming., button"
        text += ", " + Text("speech.button");
        if (item.selected) text += ", " + Text("speech.selected");
        if (!item.enabled) text += ", " + Text("speech.not_available");
    }
    return text;
}

std::string Kiosk::PageKey() const {
    const SessionState& s = m_state;
    std::string key = std::string(ScreenName(s.screen)) + "|" + s.lang;
    if (s.screen == Screen::List) key += "|" + std::to_string(static_cast<int>(s.list_kind));
    if (s.screen == Screen::Guide && s.guide.service) key += "|" + s.guide.service->id + "|" + std::to_string(s.guide.step);
    if (s.screen == Screen::Help) key += "|" + std::to_string(static_cast<int>(m_help.Status())) + (HelpEscalated() ? "|late" : "");
    if (s.idle_overlay) key += "|idle";
    if (s.feedback.keyboard_open) key += "|keyboard";
    if (s.languages_open) key += "|languages";
    return key;
}

void Kiosk::PublishScreen(std::vector<ScreenItem> items) {
    SpeechModeState& m = m_speech_mode;
    std::stable_partition(items.begin(), items.end(), [](const ScreenItem& item) { return !item.chrome; });
    // The language chooser, once opened, comes first: the citizen asked for it.
    if (m_state.languages_open)
        std::stable_partition(items.begin(), items.end(), [](const ScreenItem& item) { return item.id.starts_with("languages."); });
    if (!m.on || InStaffMode()) {
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
        if (m.page.empty()) words.push_back(Text("speech.started"));  // the first page after speech mode started
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

void Kiosk::StartSpeechMode() {
    if (m_speech_mode.on || !m_speech.IsAvailable()) return;  // no sound: nothing to start (staff mode says why)
    m_speech_mode = SpeechModeState{};
    m_speech_mode.on = true;
    m_speech.SetVolume(kDefaultVolume);
    // Like a setting chosen on the start screen, it begins the visit, so the visit's end ends it.
    if (m_state.id.empty()) BeginSession();
    // Counted like text size and contrast, so the registry can show how many visits were made without sight.
    Emit(ev::kAccessibilityChanged, {{"setting", "speech_mode"}, {"value", true}});
    // The next published page is read whole, after a word on how the keys and touches work.
}

void Kiosk::Say(std::vector<std::string> utterances) {
    std::string text;
    for (const std::string& words : utterances) {
        if (words.empty()) continue;
        if (!text.empty()) text += "\n";
        text += words;
        // A full stop between items makes the voice pause, as a sighted reader's eye does.
        if (std::string(".!?:").find(words.back()) == std::string::npos) text += ".";
    }
    m_speech_mode.said = std::move(utterances);
    m_speech.Speak(text, m_state.lang);
}

void Kiosk::SayFocus() {
    const SpeechModeState& m = m_speech_mode;
    if (m.focus >= 0 && m.focus < static_cast<int>(m.items.size())) Say({Utterance(m.items[static_cast<size_t>(m.focus)])});
}

void Kiosk::ActivateFocus() {
    SpeechModeState& m = m_speech_mode;
    if (m.focus < 0 || m.focus >= static_cast<int>(m.items.size())) return;
    const ScreenItem& item = m.items[static_cast<size_t>(m.focus)];
    if (item.role != ItemRole::Button || !item.enabled) {
        SayFocus();  // text is said again; a control that is not available says so
        return;
    }
    m.pending_activation = item.id;
}

void Kiosk::ApplySpeechMode(const Action& action) {
    SpeechModeState& m = m_speech_mode;
    const Millis now = Now();
    switch (action.type) {
        case ActionType::SpeechCornerDown:
            if (!m.on && m.corner_since < 0 && !InStaffMode()) m.corner_since = now;
            return;
        case ActionType::SpeechCornerUp:
            m.corner_since = -1;
            return;
        default: break;
    }
    if (InStaffMode()) return;
    const int count = static_cast<int>(m.items.size());
    switch (action.type) {
        case ActionType::NavKeyPressed: {
            NoteInput();
            if (!m.on) {
                StartSpeechMode();  // any key of the keypad: a citizen who cannot see the screen can begin
                break;
            }
            m_speech.Stop();  // any key interrupts what is being said
            switch (static_cast<NavKey>(action.value)) {
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
                    m.volume = std::clamp(m.volume + (static_cast<NavKey>(action.value) == NavKey::VolumeUp ? kVolumeStep : -kVolumeStep),
                                          kMinVolume, kMaxVolume);
                    m_speech.SetVolume(m.volume);
                    Say({Text("speech.volume", m.volume * 100 / kDefaultVolume)});
                    break;
                case NavKey::Help: {
                    std::vector<std::string> words{Text("speech.keys")};
                    if (m.focus >= 0 && m.focus < count) words.push_back(Utterance(m.items[static_cast<size_t>(m.focus)]));
                    Say(std::move(words));
                    break;
                }
                case NavKey::Repeat: Say(m.said); break;
                case NavKey::Stop: break;
            }
            break;
        }
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
        default: break;
    }
}

// [SECTION] Staff mode

void Kiosk::ApplyStaff(const Action& action) {
    StaffState& st = m_staff;
    SessionState& s = m_state;
    const Millis now = Now();
    switch (action.type) {
        case ActionType::CornerDown:
            if (!InStaffMode() && st.corner_since < 0) st.corner_since = now;
            return;
        case ActionType::CornerUp:
            st.corner_since = -1;
            return;
        default: break;
    }
    if (!InStaffMode() || !m_staff_services) return;
    st.last_touch = now;
    switch (action.type) {
        // While a check runs the pad takes nothing: one try counts once, and fast taps cannot queue more.
        case ActionType::PinDigit:
            if (s.screen == Screen::StaffPin && !StaffLocked() && !st.checking_pin && st.pin.size() < 12 && action.value >= 0 &&
                action.value <= 9)
                st.pin += static_cast<char>('0' + action.value);
            break;
        case ActionType::PinBackspace:
            if (!st.checking_pin && !st.pin.empty()) st.pin.pop_back();
            break;
        case ActionType::PinSubmit:
            if (s.screen != Screen::StaffPin || StaffLocked() || st.checking_pin) break;
            m_staff_services->RequestPinCheck(st.pin, m_profile.staff_pin_hash);
            st.checking_pin = true;
            st.pin.clear();
            break;
        case ActionType::StaffExit: LeaveStaff(); break;
        case ActionType::StaffRefresh:
            m_staff_services->RefreshCalls();
            st.calls_refreshed_at = now;
            st.info_read_at = -1;
            break;
        case ActionType::StaffAck:
            if (s.screen == Screen::Staff) m_staff_services->Ack(action.text);
            st.info_read_at = -1;
            break;
        case ActionType::StaffResolve:
            if (s.screen == Screen::Staff) m_staff_services->Resolve(action.text);
            st.info_read_at = -1;
            break;
        case ActionType::StaffReload:
            if (s.screen != Screen::Staff || st.reloading) break;
            m_staff_services->RequestReload();
            st.reloading = true;
            st.message.clear();
            break;
        case ActionType::StaffTestSpeech:
            if (s.screen == Screen::Staff) m_staff_services->TestReadAloud(Text("start.title"), s.lang);
            break;
        case ActionType::StaffExitApp:
            if (s.screen == Screen::Staff) m_staff_services->ExitApp();
            break;
        default: break;
    }
}

// Answers from the staff services' workers, taken on the UI thread.
void Kiosk::TakeStaffResults(Millis now) {
    if (!m_staff_services) return;
    StaffState& st = m_staff;
    if (st.checking_pin) {
        if (const std::optional<bool> right = m_staff_services->TakePinResult()) {
            st.checking_pin = false;
            ApplyPinResult(*right, now);
        }
    }
    // A reload that finishes after staff left waits for the citizen's visit to end before it swaps content.
    if (st.reloading && (InStaffMode() || m_state.id.empty())) {
        if (const std::optional<ReloadResult> result = m_staff_services->TakeReloadResult()) {
            st.reloading = false;
            ApplyReloadResult(*result);
        }
    }
    // The open calls refresh by themselves on a slow timer (their answer wakes the loop), so a new or
    // cancelled call shows without staff tapping "refresh".
    if (m_state.screen == Screen::Staff && (st.calls_refreshed_at < 0 || now - st.calls_refreshed_at >= kStaffCallsRefreshMs)) {
        m_staff_services->RefreshCalls();
        st.calls_refreshed_at = now;
    }
    if (m_state.screen == Screen::Staff && (st.info_read_at < 0 || now - st.info_read_at >= kStaffInfoRefreshMs)) {
        st.info = m_staff_services->Info();
        st.info_read_at = now;
    }
}

void Kiosk::ApplyPinResult(bool right, Millis now) {
    StaffState& st = m_staff;
    SessionState& s = m_state;
    if (!right) {
        if (++st.wrong_tries >= kStaffMaxTries) {
            st.wrong_tries = 0;
            st.locked_until = now + kStaffLockMs;
        }
        return;
    }
    st.wrong_tries = 0;
    if (s.screen != Screen::StaffPin) return;  // staff left the pad while the check ran
    st.message.clear();
    s.screen = Screen::Staff;
    if (!s.id.empty()) s.staff_assisted = true;  // reports tell assisted from unassisted visits
    m_staff_services->RefreshCalls();
    st.calls_refreshed_at = now;
    st.info_read_at = -1;
}

void Kiosk::ApplyReloadResult(const ReloadResult& result) {
    StaffState& st = m_staff;
    st.message = result.message;
    st.info_read_at = -1;  // the content part of the snapshot changed
    if (!result.pack) return;
    const KioskProfile* profile = result.pack->FindProfile(m_profile.id);
    if (profile) ReplaceContent(result.pack, *profile);
    else st.message += " (profile " + m_profile.id + " is missing; kept the running pack)";
}

void Kiosk::LeaveStaff() {
    m_staff.pin.clear();
    m_staff.message.clear();
    m_staff.corner_since = -1;
    m_state.screen = m_staff.return_to == Screen::StaffPin || m_staff.return_to == Screen::Staff ? Screen::Start : m_staff.return_to;
    if (m_state.id.empty()) m_state.screen = Screen::Start;
    m_state.last_input_at = Now();  // the citizen gets a fresh idle period
}

void Kiosk::Show(Screen screen) {
    if (m_state.screen != screen) m_speech.Stop();  // reading stops when the screen changes
    m_state.languages_open = false;
    m_state.screen = screen;
    if (screen == Screen::Thanks) m_state.thanks_since = Now();
    if (!m_state.id.empty()) Emit(ev::kScreenViewed, {{"screen", ScreenName(screen)}});
}

void Kiosk::OpenService(const std::string& service_id) {
    const Service* service = m_pack->FindService(service_id);
    if (!service || service->steps.empty()) return;
    if (std::find(m_profile.services.begin(), m_profile.services.end(), service_id) == m_profile.services.end()) return;
    nlohmann::json opened = nlohmann::json::object();
    // Two live versions: the visit's first opening draws one with the newer version's share, and the visit
    // keeps it, so reopening the guide never shows the citizen the other.
    if (const Service* newer = m_pack->SideBySide(service_id); newer && !newer->steps.empty()) {
        auto [given, first_time] = m_state.side_by_side_versions.try_emplace(service_id, service->version);
        if (first_time && m_draw_percent() < newer->side_by_side_share) given->second = newer->version;
        const bool got_newer = given->second == newer->version;
        // `against`: the version it was drawn against, so the registry keeps each test's visits apart when a
        // version takes part in two tests (v2 against v1, later v3 against v2).
        opened["side_by_side"] = {{"share", got_newer ? newer->side_by_side_share : 100 - newer->side_by_side_share},
                                  {"against", got_newer ? service->version : newer->version}};
        if (got_newer) service = newer;
    }
    m_state.guide = GuideProgress{service, 0, Now(), false, false};
    Show(Screen::Guide);
    Emit(ev::kGuideOpened, std::move(opened), true);
    Emit(ev::kStepViewed, {{"steps_total", static_cast<int>(service->steps.size())}}, true);
}

void Kiosk::LeaveGuide(const char* reason, bool ask_feedback) {
    GuideProgress& g = m_state.guide;
    if (!g.service) return;
    Emit(ev::kGuideAbandoned, {{"reason", reason}, {"steps_total", static_cast<int>(g.service->steps.size())}}, true);
    const Service* service = g.service;
    g = GuideProgress{};
    if (ask_feedback) {
        m_state.feedback = FeedbackDraft{};
        m_state.feedback.service = service;
        Show(Screen::Feedback);
    }
}

// Leaving the feedback screen any way but Send (skip, home) still records a face once tapped: the first
// tap is the answer. The rest of what was chosen goes with it.
void Kiosk::FinishFeedback(bool submit) {
    FeedbackDraft& f = m_state.feedback;
    if (f.rating > 0) RecordFeedback(submit);
    const bool completed = f.after_completion;
    f = FeedbackDraft{};
    if (submit || completed) Show(Screen::Thanks);
    else Show(Screen::Home);
}

// A typed comment leaves only with Send: text the citizen never confirmed is not theirs to have sent.
void Kiosk::RecordFeedback(bool with_comment) {
    FeedbackDraft& f = m_state.feedback;
    nlohmann::json data = {{"rating", f.rating}, {"reasons", f.reasons}};
    if (f.task_done != TaskDone::Unset) data["task_done"] = TaskDoneName(f.task_done);
    if (with_comment && !f.comment.Text().empty()) data["comment"] = f.comment.Text();
    Event e{ev::kFeedbackSubmitted, m_clock.WallMs(), m_state.id};
    if (f.service) {
        e.service = f.service->id;
        e.service_version = f.service->version;
    }
    e.lang = m_state.lang;
    e.data = std::move(data);
    m_events.Record(std::move(e));
    f.rating = 0;  // recorded once
}

void Kiosk::Emit(const char* type, nlohmann::json data, bool with_guide) {
    Event e;
    e.type = type;
    e.ts = m_clock.WallMs();
    e.session = m_state.id;
    e.lang = m_state.lang;
    if (with_guide && m_state.guide.service) {
        e.service = m_state.guide.service->id;
        e.service_version = m_state.guide.service->version;
        e.step = m_state.guide.step;
    }
    e.data = std::move(data);
    m_events.Record(std::move(e));
}

}  // namespace bk
