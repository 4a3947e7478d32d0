#include "core/staff_mode.h"

#include <algorithm>

namespace bk {

void StaffMode::Apply(const Action& action) {
    StaffState& st = m_state;
    const Screen screen = m_visit.State().screen;
    const Millis now = m_visit.Now();
    switch (action.type) {
        case ActionType::CornerDown:
            if (!m_visit.InStaffMode() && st.corner_since < 0) st.corner_since = now;
            return;
        case ActionType::CornerUp:
            st.corner_since = -1;
            return;
        default: break;
    }
    if (!m_visit.InStaffMode() || !m_services) return;
    st.last_touch = now;
    switch (action.type) {
        // While a check runs the pad takes nothing: one try counts once, and fast taps cannot queue more.
        case ActionType::PinDigit:
            if (screen == Screen::StaffPin && !Locked() && !st.checking_pin && st.pin.size() < 12 && action.value >= 0 &&
                action.value <= 9)
                st.pin += static_cast<char>('0' + action.value);
            break;
        case ActionType::PinBackspace:
            if (!st.checking_pin && !st.pin.empty()) st.pin.pop_back();
            break;
        case ActionType::PinSubmit:
            if (screen != Screen::StaffPin || Locked() || st.checking_pin) break;
            m_services->RequestPinCheck(st.pin, m_visit.Profile().staff_pin_hash);
            st.checking_pin = true;
            st.pin.clear();
            break;
        case ActionType::StaffExit: Leave(); break;
        case ActionType::StaffRefresh:
            m_services->RefreshCalls();
            st.calls_refreshed_at = now;
            st.info_read_at = -1;
            break;
        case ActionType::StaffAck:
            if (screen == Screen::Staff) m_services->Ack(action.text);
            st.info_read_at = -1;
            break;
        case ActionType::StaffResolve:
            if (screen == Screen::Staff) m_services->Resolve(action.text);
            st.info_read_at = -1;
            break;
        case ActionType::StaffReload:
            if (screen != Screen::Staff || st.reloading) break;
            m_services->RequestReload();
            st.reloading = true;
            st.message.clear();
            break;
        case ActionType::StaffTestSpeech:
            if (screen == Screen::Staff) m_services->TestReadAloud(m_visit.Text("start.title"), m_visit.State().lang);
            break;
        case ActionType::StaffExitApp:
            if (screen == Screen::Staff) m_services->ExitApp();
            break;
        default:  // the visit's and speech mode's actions: the Kiosk routes them to their own parts
            break;
    }
}

void StaffMode::NoteInput() {
    if (m_visit.InStaffMode()) m_state.last_touch = m_visit.Now();
}

// Answers from the staff services' workers, taken on the UI thread.
void StaffMode::TakeResults(Millis now) {
    if (!m_services) return;
    StaffState& st = m_state;
    if (st.checking_pin) {
        if (const std::optional<bool> right = m_services->TakePinResult()) {
            st.checking_pin = false;
            ApplyPinResult(*right, now);
        }
    }
    // A reload that finishes after staff left waits for the citizen's visit to end before it swaps content.
    if (st.reloading && (m_visit.InStaffMode() || m_visit.State().id.empty())) {
        if (const std::optional<ReloadResult> result = m_services->TakeReloadResult()) {
            st.reloading = false;
            ApplyReloadResult(*result);
        }
    }
    // The open calls refresh by themselves on a slow timer (their answer wakes the loop), so a new or
    // cancelled call shows without staff tapping "refresh".
    const bool staff_screen = m_visit.State().screen == Screen::Staff;
    if (staff_screen && (st.calls_refreshed_at < 0 || now - st.calls_refreshed_at >= kStaffCallsRefreshMs)) {
        m_services->RefreshCalls();
        st.calls_refreshed_at = now;
    }
    if (staff_screen && (st.info_read_at < 0 || now - st.info_read_at >= kStaffInfoRefreshMs)) {
        st.info = m_services->Info();
        st.info_read_at = now;
    }
}

bool StaffMode::Update(Millis now) {
    StaffState& st = m_state;
    if (st.corner_since >= 0 && now - st.corner_since >= kStaffHoldMs && !m_visit.InStaffMode() && m_services) {
        st.corner_since = -1;
        st.return_to = m_visit.EnterStaffMode();
        st.pin.clear();
        st.last_touch = now;
    }
    if (!m_visit.InStaffMode()) return false;
    if (now - st.last_touch >= kStaffIdleExitMs) Leave();
    return true;
}

Millis StaffMode::CornerDeadlineMs() const {
    return m_state.corner_since >= 0 ? m_state.corner_since + kStaffHoldMs : -1;
}

Millis StaffMode::NextDeadlineMs(Millis now) const {
    Millis deadline = std::min(m_state.last_touch + kStaffIdleExitMs, now + 1000 - (now % 1000));  // waiting times tick
    if (m_visit.State().screen == Screen::Staff && m_state.calls_refreshed_at >= 0)
        deadline = std::min(deadline, m_state.calls_refreshed_at + kStaffCallsRefreshMs);
    return deadline;
}

void StaffMode::ApplyPinResult(bool right, Millis now) {
    StaffState& st = m_state;
    if (!right) {
        if (++st.wrong_tries >= kStaffMaxTries) {
            st.wrong_tries = 0;
            st.locked_until = now + kStaffLockMs;
        }
        return;
    }
    st.wrong_tries = 0;
    if (m_visit.State().screen != Screen::StaffPin) return;  // staff left the pad while the check ran
    st.message.clear();
    m_visit.ShowStaffScreen(Screen::Staff);
    m_services->RefreshCalls();
    st.calls_refreshed_at = now;
    st.info_read_at = -1;
}

void StaffMode::ApplyReloadResult(const ReloadResult& result) {
    StaffState& st = m_state;
    st.message = result.message;
    st.info_read_at = -1;  // the content part of the snapshot changed
    if (!result.pack) return;
    const std::string& profile_id = m_visit.Profile().id;
    const KioskProfile* profile = result.pack->FindProfile(profile_id);
    if (profile) ReplaceContent(result.pack, *profile);
    else st.message += " (profile " + profile_id + " is missing; kept the running pack)";
}

void StaffMode::ReplaceContent(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile) {
    const Screen staff_screen = m_visit.InStaffMode() ? m_visit.State().screen : Screen::Start;
    m_visit.ReplaceContent(std::move(pack), profile);
    if (staff_screen == Screen::Start) return;
    m_state.return_to = Screen::Start;  // the visit staff came from has ended
    m_visit.ShowStaffScreen(staff_screen);  // the PIN pad stays the PIN pad
}

void StaffMode::Leave() {
    m_state.pin.clear();
    m_state.message.clear();
    m_state.corner_since = -1;
    m_visit.LeaveStaffMode(m_state.return_to);
}

StaffCallView StaffMode::DescribeCall(const StaffHelpCall& call) const {
    const SessionState& s = m_visit.State();
    const Lang& lang = s.lang;
    const KioskProfile& own_profile = m_visit.Profile();
    const ContentPack& pack = m_visit.Pack();
    // The registry's list may leave out the session; then a call from this kiosk's id (the profile id unless
    // --kiosk-id says otherwise) while this session's call is open is taken to be this citizen's.
    const bool from_here = call.session.empty() ? call.kiosk_id == own_profile.id && m_visit.HelpCallOpen()
                                                : call.session == s.id && !s.id.empty();
    StaffCallView view;
    const KioskProfile* profile = from_here ? &own_profile : pack.FindProfile(call.kiosk_id);
    view.location = profile && !profile->location.Get(lang).empty() ? profile->location.Get(lang) : call.kiosk_id;
    if (const Service* service = pack.FindService(call.service)) {
        view.where = service->title.Get(lang);
        // The registry does not carry the step; this kiosk knows it for its own citizen.
        const GuideProgress& g = s.guide;
        if (from_here && g.service && g.service->id == service->id)
            view.where += " \xc2\xb7 " + m_visit.Text("guide.step_of", g.step + 1, static_cast<long>(service->steps.size())) +
                          ": " + service->steps[g.step].title.Get(lang);
    } else {
        const std::string key = "staff.on_screen." + call.screen;
        view.where = pack.Text(lang, key) == key ? call.screen : m_visit.Text(key);
    }
    if (call.created_ts > 0) {
        const Millis seconds = std::max<Millis>(0, m_visit.Clk().WallMs() - call.created_ts) / 1000;
        view.waiting = m_visit.Text("staff.waiting", static_cast<long>(seconds / 60), static_cast<long>(seconds % 60));
    }
    view.acknowledged = call.status == "acknowledged";
    return view;
}

}  // namespace bk
