// Index
// [SECTION] Names, random sources
// [SECTION] Queries
// [SECTION] Actions
// [SECTION] Timers
// [SECTION] Session
// [SECTION] Speech mode and staff mode over the visit
// [SECTION] Guide, help, feedback
#include "core/visit.h"

#include <algorithm>
#include <random>

#include "shared/hex.h"
#include "core/plural.h"

namespace bk {

// [SECTION] Names, random sources

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

Visit::Visit(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile, const Clock& clock, EventSink& events,
             Speech& speech, HelpDesk& help)
    : m_pack(std::move(pack)), m_profile(profile), m_clock(clock), m_events(events), m_speech(speech),
      m_help(help), m_new_session_id(RandomSessionId), m_draw_percent(RandomPercentDraw()) {
    m_state.lang = FirstLanguage(m_profile);
    m_state.last_input_at = Now();
}

// [SECTION] Queries

std::vector<const Service*> Visit::Services(ServiceKind kind) const {
    std::vector<const Service*> out;
    for (const auto& id : m_profile.services)
        if (const Service* s = m_pack->FindService(id); s && s->kind == kind) out.push_back(s);
    return out;
}

std::string Visit::Text(const std::string& key, long n, long m) const {
    std::string text = m_pack->Text(m_state.lang, key);
    // A counted text takes the form the language's plural rules give {n} ("3 دقائق", "11 دقيقة").
    if (n >= 0)
        if (const std::string* form = m_pack->PluralText(m_state.lang, key, PluralCategory(m_state.lang, n))) text = *form;
    auto fill = [&text](const char* name, long value) {
        if (value < 0) return;
        for (size_t at; (at = text.find(name)) != std::string::npos;) text.replace(at, 3, std::to_string(value));
    };
    fill("{n}", n);
    fill("{m}", m);
    return text;
}

int Visit::IdleSecondsLeft() const {
    if (!m_state.idle_overlay) return 0;
    Millis left = m_state.idle_overlay_since + m_profile.idle_answer_s * 1000LL - Now();
    return static_cast<int>(std::max<Millis>(0, (left + 999) / 1000));
}

bool Visit::HelpCallOpen() const {
    if (!m_state.help_active) return false;
    const HelpStatus status = m_help.Status();
    return status == HelpStatus::Sending || status == HelpStatus::Open || status == HelpStatus::Acknowledged;
}

int Visit::HelpWaitedMinutes() const {
    if (!m_state.help_active) return 0;
    return static_cast<int>((Now() - m_state.help_requested_at) / 60'000);
}

bool Visit::HelpEscalated() const {
    if (!m_state.help_active) return false;
    const HelpStatus status = m_help.Status();
    if (status != HelpStatus::Sending && status != HelpStatus::Open) return false;
    return Now() - m_state.help_requested_at >= m_profile.help_escalate_after_s * 1000LL;
}

// One calm next step: nobody has come, go to the desk, and where it is (no more "stay here").
std::string Visit::HelpEscalationText() const {
    const std::string& where = m_profile.help_desk_where.Get(m_state.lang);
    return Text("help.not_yet") + " " + Text("help.go_to_desk") + (where.empty() ? "" : " " + where);
}

std::string Visit::IdleWarningText() const {
    return Text("idle.title") + " " + Text(HelpCallOpen() ? "idle.help_body" : "idle.body");
}

int Visit::ThanksSecondsLeft() const {
    if (m_state.screen != Screen::Thanks) return 0;
    Millis left = m_state.thanks_since + kThanksReturnMs - Now();
    return static_cast<int>(std::max<Millis>(0, (left + 999) / 1000));
}

std::string Visit::ScreenText() const {
    const Lang& lang = m_state.lang;
    switch (m_state.screen) {
        case Screen::Start: return Text("start.title") + ". " + Text("start.subtitle");
        case Screen::Home: {
            std::string text = Text("home.title") + ". ";
            if (!Services(ServiceKind::Guide).empty()) text += Text("home.guides") + ". ";
            if (!Services(ServiceKind::Welfare).empty()) text += Text("home.welfare") + ". ";  // a tile shown only with services
            return text + Text("home.help") + ".";
        }
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
                default: return (HelpEscalated() ? HelpEscalationText() : Text("help.sent")) + " " + Text("help.waited", HelpWaitedMinutes());
            }
        }
        case Screen::StaffPin:
        case Screen::Staff: return {};
    }
    return {};
}

KeyboardLayout Visit::Keyboard() const {
    // A Ukrainian or Arabic keyboard's Latin letters are the kiosk's own (æøå in Odder, øæå in Drammen).
    return MakeKeyboardLayout(m_state.lang, m_state.feedback.comment.Layer(), FirstLanguage(m_profile));
}

// [SECTION] Actions

void Visit::Apply(const Action& action) {
    SessionState& s = m_state;
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
        case ActionType::ChooseLanguage: ChooseLanguage(action.text); break;
        case ActionType::ToggleLanguages:
            s.languages_open = !s.languages_open && m_profile.languages.size() > 1;
            break;
        case ActionType::OpenList:
            s.list_kind = static_cast<ServiceKind>(action.value);
            Show(Screen::List);
            break;
        case ActionType::OpenService: OpenService(action.text); break;
        case ActionType::NextStep: NextStep(); break;
        case ActionType::PrevStep: PrevStep(); break;
        case ActionType::GoHome:
            if (s.guide.service) {  // from the guide or from a help call made in it
                LeaveGuide(s.guide.help_requested ? "help" : "home", true);
            } else if (s.screen == Screen::Feedback) {
                FinishFeedback(false);
            } else {
                Show(Screen::Home);
            }
            break;
        case ActionType::RequestHelp: RequestHelp(); break;
        case ActionType::CancelHelp:
            m_help.Cancel();
            s.help_active = false;
            if (s.screen == Screen::Help) Show(s.help_return);  // from the banner, the citizen stays where they are
            break;
        case ActionType::CloseHelp:
            if (s.screen == Screen::Help) Show(s.help_return);
            break;
        case ActionType::ToggleReadAloud: ToggleReadAloud(); break;
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
        case ActionType::Rate: Rate(action.value); break;
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
        case ActionType::PressKey: PressKey(action.value); break;
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
        default:  // speech mode and staff actions: the Kiosk routes them to their own parts
            break;
    }
}

void Visit::NoteInput() {
    if (!m_state.idle_overlay) m_state.last_input_at = Now();
}

// [SECTION] Timers

void Visit::Update(Millis now) {
    SessionState& s = m_state;
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
    if (s.idle_overlay && now >= s.idle_overlay_since + m_profile.idle_answer_s * 1000LL) {
        // Nobody came and nobody answered "are you still here?": the call expired; it was never resolved.
        if (HelpCallOpen() && m_help.Status() != HelpStatus::Acknowledged) {
            m_help.Expire();
            s.help_active = false;
        }
        EndSession("idle");
    }
}

Millis Visit::NextDeadlineMs(Millis now) const {
    const SessionState& s = m_state;
    if (s.id.empty()) return -1;
    // Countdowns on screen tick once a second; otherwise sleep until the next timer.
    if (s.idle_overlay || s.screen == Screen::Thanks) return now + 1000 - (now % 1000);
    // A change of the help call's status wakes the loop by itself (HelpDesk implementations wake it).
    Millis deadline = s.last_input_at + IdleLimitMs();
    if (HelpCallOpen() && !s.help_escalation_told && m_help.Status() != HelpStatus::Acknowledged)
        deadline = std::min<Millis>(deadline, s.help_requested_at + m_profile.help_escalate_after_s * 1000LL);
    // The help screen counts the minutes waited.
    if (s.screen == Screen::Help && HelpCallOpen() && m_help.Status() != HelpStatus::Acknowledged)
        deadline = std::min<Millis>(deadline, s.help_requested_at + (HelpWaitedMinutes() + 1) * 60'000LL);
    return deadline;
}

Millis Visit::IdleLimitMs() const {
    if (HelpCallOpen()) return m_profile.help_wait_limit_s * 1000LL;
    if (m_state.screen == Screen::Guide && m_state.guide.on_phone) return m_profile.phone_wait_limit_s * 1000LL;
    return m_profile.idle_timeout_s * 1000LL;
}

// [SECTION] Session

void Visit::BeginSession() {
    m_state = SessionState{};
    m_state.lang = FirstLanguage(m_profile);
    m_state.id = m_new_session_id();
    m_state.started_at = Now();
    m_state.last_input_at = Now();
    Emit(ev::kSessionStarted);
}

void Visit::EndSession(const char* reason) {
    if (m_state.id.empty()) return;
    if (m_state.feedback.rating > 0) RecordFeedback(false);  // the face tapped counts, though Send never was
    if (m_state.guide.service) LeaveGuide(m_state.guide.help_requested ? "help" : "idle", false);
    if (m_state.help_active) m_help.Cancel();
    m_speech.Stop();
    if (m_on_session_end) m_on_session_end();
    Emit(ev::kSessionEnded, {{"reason", reason}, {"duration_ms", Now() - m_state.started_at}, {"staff_assisted", m_state.staff_assisted}});
    m_state = SessionState{};  // everything the citizen touched goes: language, text size, typed text
    m_state.lang = FirstLanguage(m_profile);
    m_state.last_input_at = Now();
}

void Visit::ReplaceContent(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile) {
    EndSession("staff");
    m_pack = std::move(pack);
    m_profile = profile;
    m_state.lang = FirstLanguage(m_profile);  // no visit runs now: the next starts in the new profile's language
}

void Visit::Show(Screen screen) {
    if (m_state.screen != screen) m_speech.Stop();  // reading stops when the screen changes
    m_state.languages_open = false;
    m_state.screen = screen;
    if (screen == Screen::Thanks) m_state.thanks_since = Now();
    if (!m_state.id.empty()) Emit(ev::kScreenViewed, {{"screen", ScreenName(screen)}});
}

void Visit::ChooseLanguage(const Lang& lang) {
    const auto& offered = m_profile.languages;
    if (std::find(offered.begin(), offered.end(), lang) == offered.end()) return;
    if (m_state.id.empty()) BeginSession();
    if (lang != m_state.lang) {
        Emit(ev::kLanguageChanged, {{"from", m_state.lang}, {"to", lang}});
        m_state.lang = lang;
        m_speech.Stop();
    }
    if (m_state.screen == Screen::Start) Show(Screen::Home);
}

void Visit::ToggleReadAloud() {
    if (m_speech.IsSpeaking()) {
        m_speech.Stop();
        return;
    }
    m_speech.Speak(ScreenText(), m_state.lang);
    m_state.read_aloud_used = true;
    if (!m_state.id.empty()) Emit(ev::kReadAloud, {{"screen", ScreenName(m_state.screen)}}, m_state.screen == Screen::Guide);
}

void Visit::Emit(const char* type, nlohmann::json data, bool with_guide) {
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

// [SECTION] Speech mode and staff mode over the visit

void Visit::SpeechModeStarted() {
    if (m_state.id.empty()) BeginSession();
    // Counted like text size and contrast, so the registry can show how many visits were made without sight.
    Emit(ev::kAccessibilityChanged, {{"setting", "speech_mode"}, {"value", true}});
}

Screen Visit::EnterStaffMode() {
    const Screen citizen_screen = m_state.screen;
    m_speech.Stop();
    m_state.idle_overlay = false;
    m_state.languages_open = false;
    m_state.screen = Screen::StaffPin;  // not a citizen screen: no screen_viewed event
    return citizen_screen;
}

void Visit::ShowStaffScreen(Screen screen) {
    m_state.screen = screen;
    if (screen == Screen::Staff && !m_state.id.empty()) m_state.staff_assisted = true;
}

void Visit::LeaveStaffMode(Screen back_to) {
    const bool staff_screen = back_to == Screen::StaffPin || back_to == Screen::Staff;
    m_state.screen = staff_screen || m_state.id.empty() ? Screen::Start : back_to;
    m_state.last_input_at = Now();  // the citizen gets a fresh idle period
}

// [SECTION] Guide, help, feedback

void Visit::OpenService(const std::string& service_id) {
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

// Another step of the open guide: its QR code and "on my phone" start closed, and reading stops.
void Visit::ShowStep(int step) {
    GuideProgress& g = m_state.guide;
    g.step = step;
    g.qr_visible = false;
    g.on_phone = false;
    m_speech.Stop();
    Emit(ev::kStepViewed, {{"steps_total", static_cast<int>(g.service->steps.size())}}, true);
}

void Visit::NextStep() {
    SessionState& s = m_state;
    if (s.screen != Screen::Guide) return;
    const int steps = static_cast<int>(s.guide.service->steps.size());
    if (s.guide.step + 1 < steps) {
        ShowStep(s.guide.step + 1);
        return;
    }
    Emit(ev::kGuideCompleted, {{"duration_ms", Now() - s.guide.opened_at}, {"steps_total", steps}}, true);
    s.feedback = FeedbackDraft{};
    s.feedback.after_completion = true;
    s.feedback.service = s.guide.service;
    s.guide = GuideProgress{};
    Show(Screen::Feedback);
}

void Visit::PrevStep() {
    if (m_state.screen != Screen::Guide) return;
    if (m_state.guide.step > 0) {
        ShowStep(m_state.guide.step - 1);
        return;
    }
    LeaveGuide("back", false);
    Show(Screen::List);
}

void Visit::LeaveGuide(const char* reason, bool ask_feedback) {
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

void Visit::RequestHelp() {
    SessionState& s = m_state;
    if (s.id.empty()) BeginSession();
    if (s.screen == Screen::Help) return;
    const Service* service = s.screen == Screen::Guide ? s.guide.service : nullptr;
    if (service) s.guide.help_requested = true;
    HelpStatus status = m_help.Status();
    if (!s.help_active || status == HelpStatus::None || status == HelpStatus::Resolved || status == HelpStatus::Failed) {
        m_help.Request({s.id, ScreenName(s.screen), service ? service->id : "", service ? s.guide.step : -1, s.lang,
                        m_profile.location.Get(kDanish), m_profile.help_escalate_after_s});
        s.help_active = true;
        s.help_requested_at = Now();
        s.help_escalation_told = false;
        Emit(ev::kHelpRequested, {{"screen", ScreenName(s.screen)}}, service != nullptr);
    }
    s.help_return = s.screen == Screen::Start ? Screen::Home : s.screen;
    Show(Screen::Help);
}

void Visit::Rate(int rating) {
    FeedbackDraft& f = m_state.feedback;
    if (m_state.screen != Screen::Feedback || rating < 1 || rating > 5) return;
    if (f.rating != 0 && Now() - f.rated_at < kRatingDebounceMs) return;  // misuse filter
    f.rating = rating;
    f.rated_at = Now();
}

void Visit::PressKey(int key) {
    FeedbackDraft& f = m_state.feedback;
    if (!f.keyboard_open) return;
    const KeyboardLayout layout = Keyboard();
    const size_t row = static_cast<size_t>(key / kKeyRowStride);
    const size_t col = static_cast<size_t>(key % kKeyRowStride);
    if (key < 0 || row >= layout.rows.size() || col >= layout.rows[row].size()) return;
    if (f.comment.Apply(layout.rows[row][col]) == TextInput::Result::Done) f.keyboard_open = false;
}

// Leaving the feedback screen any way but Send (skip, home) still records a face once tapped: the first
// tap is the answer. The rest of what was chosen goes with it.
void Visit::FinishFeedback(bool submit) {
    FeedbackDraft& f = m_state.feedback;
    if (f.rating > 0) RecordFeedback(submit);
    const bool completed = f.after_completion;
    f = FeedbackDraft{};
    if (submit || completed) Show(Screen::Thanks);
    else Show(Screen::Home);
}

// A typed comment leaves only with Send: text the citizen never confirmed is not theirs to have sent.
void Visit::RecordFeedback(bool with_comment) {
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

}  // namespace bk
