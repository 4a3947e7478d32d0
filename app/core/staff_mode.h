// Staff mode: the hidden top-left corner, the PIN pad and its lockout, the staff screen (help calls, kiosk
// health, content reload, test speech, exit) and its refresh timers. It lies over the citizen's visit, which
// waits behind it (Visit::EnterStaffMode, LeaveStaffMode); the slow work runs in StaffServices (staff.h).
#pragma once
#include <memory>
#include <string>

#include "core/staff.h"
#include "core/visit.h"

namespace bk {

// Staff mode lives beside the citizen's session: the lockout survives sessions, the PIN typed does not.
struct StaffState {
    Millis corner_since = -1;         // -1 = corner not held
    std::string pin;                  // digits typed so far
    int wrong_tries = 0;
    Millis locked_until = 0;
    Screen return_to = Screen::Start; // what the citizen saw before
    Millis last_touch = 0;
    std::string message;              // last result shown to staff (reload, wrong PIN, ...)
    bool checking_pin = false;        // a PIN check runs on a worker; the pad takes no input until it answers
    bool reloading = false;           // a content reload runs on a worker
    StaffInfo info;                   // what the staff screen shows; re-read every kStaffInfoRefreshMs
    Millis info_read_at = -1;         // -1: read at the next Update()
    Millis calls_refreshed_at = -1;   // when the registry was last asked for the open calls
};

// One help call as staff read it: where, what the citizen was doing, for how long.
struct StaffCallView {
    std::string location;             // the calling kiosk's location name, or its id when no profile matches
    std::string where;                // guide title and, for a call from this kiosk's session, the step title
    std::string waiting;              // "3 min. 07 sek." in the session's language
    bool acknowledged = false;
};

class StaffMode {
public:
    explicit StaffMode(Visit& visit) : m_visit(visit) {}

    void Apply(const Action& action);  // an ActionCategory::Staff action
    void NoteInput();                  // any touch in staff mode keeps it open
    // The workers' answers (PIN check, reload) and the staff screen's refresh timers.
    void TakeResults(Millis now);
    // The corner held long enough opens the PIN pad; staff mode left alone leaves by itself. True while staff
    // mode has the kiosk this frame: the citizen's timers wait.
    bool Update(Millis now);
    Millis CornerDeadlineMs() const;   // when the held corner opens the PIN pad; -1 when it is not held
    Millis NextDeadlineMs(Millis now) const;  // in staff mode: its idle exit, the ticking waiting times, the refresh
    // Swaps the content (a staff reload, or a fleet update between visits): the visit ends; staff at work stay
    // on their screen (the PIN pad stays the PIN pad) and go back to Start.
    void ReplaceContent(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile);

    const StaffState& State() const { return m_state; }
    bool Locked() const { return m_state.locked_until > m_visit.Now(); }
    // A help call on the staff list, in words instead of ids.
    StaffCallView DescribeCall(const StaffHelpCall& call) const;
    // Staff mode's view of the rest of the kiosk; without it the staff gesture does nothing.
    void SetServices(StaffServices* services) { m_services = services; }
    StaffServices* Services() const { return m_services; }

private:
    void ApplyPinResult(bool right, Millis now);
    void ApplyReloadResult(const ReloadResult& result);
    void Leave();

    Visit& m_visit;
    StaffState m_state;
    StaffServices* m_services = nullptr;
};

}  // namespace bk
