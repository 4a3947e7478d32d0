// Help calls as the core sees them: the citizen asks for staff, the request travels to the registry on a
// worker thread, and the core reads back how far it got. Request() and Cancel() return at once.
#pragma once
#include <string>

namespace bk {

enum class HelpStatus {
    None,          // no request in this session
    Sending,       // on its way to the registry
    Open,          // staff have been notified
    Acknowledged,  // a staff member is on the way
    Resolved,      // staff closed it
    Failed,        // could not reach the registry: the citizen is sent to the desk
};

// How a call the citizen made ended without staff closing it: the registry counts neither as answered.
enum class HelpCallEnd {
    None,       // not ended by the kiosk
    Cancelled,  // the citizen cancelled it, or left
    Expired,    // the citizen waited the safety limit, did not answer "are you still here?" and the session ended
};

// What staff are told about a call: where the citizen is, in which guide and step, in which language.
struct HelpRequest {
    std::string session;
    std::string screen;    // ScreenName()
    std::string service;   // "" when not in a guide
    int step = -1;         // 0-based step of that guide, -1 = none
    std::string lang;      // the citizen's language, so staff can bring an interpreter
    std::string location;  // the kiosk's location, in staff's language
    int escalate_after_s = 0;  // unanswered this long, the registry counts the call as escalated; 0 = not sent
};

class HelpDesk {
public:
    virtual ~HelpDesk() = default;
    virtual void Request(const HelpRequest& request) = 0;
    virtual void Cancel() = 0;
    // Ended unanswered by the safety limit: like Cancel(), but recorded as expired where the desk can tell.
    virtual void Expire() { Cancel(); }
    virtual HelpStatus Status() const = 0;
};

// For tests and kiosks with no registry: a request is simply accepted as Open, and tests move it on.
class LocalHelpDesk final : public HelpDesk {
public:
    void Request(const HelpRequest& request) override {
        m_last = request;
        m_session = request.session; m_screen = request.screen; m_service = request.service;
        m_status = HelpStatus::Open;
        ++m_requests;
    }
    void Cancel() override { m_status = HelpStatus::None; m_end = HelpCallEnd::Cancelled; }
    void Expire() override { m_status = HelpStatus::None; m_end = HelpCallEnd::Expired; }
    HelpStatus Status() const override { return m_status; }
    HelpStatus m_status = HelpStatus::None;
    HelpRequest m_last;
    std::string m_session, m_screen, m_service;
    int m_requests = 0;
    HelpCallEnd m_end = HelpCallEnd::None;  // how the last call was ended from the kiosk
};

}  // namespace bk
