// What staff mode needs from the rest of the kiosk, as the core sees it: help calls at this location, the
// registry connection, the content pack, and a few maintenance actions. main.cpp wires the real ones;
// tests use a fake. Every call returns at once (network, disk and hashing work happen on worker threads).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/clock.h"
#include "core/content_model.h"

namespace bk {

inline constexpr Millis kStaffHoldMs = 3'000;          // hold the top-left corner this long
inline constexpr Millis kStaffIdleExitMs = 120'000;     // staff mode leaves by itself
inline constexpr int kStaffMaxTries = 5;                // wrong PINs before the pad locks
inline constexpr Millis kStaffLockMs = 5 * 60'000;
inline constexpr Millis kStaffInfoRefreshMs = 1'000;  // the staff screen re-reads its snapshot this often
inline constexpr Millis kStaffCallsRefreshMs = 5'000; // and asks the registry for the open calls this often

// The out-of-order screen (no usable content, so no Kiosk and no PIN): the content problems are for staff,
// so they show only after the hidden corner is held kStaffHoldMs, and hide again kStaffIdleExitMs later.
class StaffDetailsGate {
public:
    // Call every frame with whether a finger that started in the corner is still there.
    void Update(bool holding, Millis now) {
        if (!holding) {
            m_since = -1;
            return;
        }
        if (m_since < 0) m_since = now;
        if (now - m_since >= kStaffHoldMs) m_visible_until = now + kStaffIdleExitMs;
    }
    bool Visible(Millis now) const { return now < m_visible_until; }
    // When the next frame is due with no input: the hold completing, or the details hiding. -1 for none.
    Millis NextDeadline(Millis now) const {
        if (m_since >= 0 && now - m_since < kStaffHoldMs) return m_since + kStaffHoldMs;
        return Visible(now) ? m_visible_until : -1;
    }

private:
    Millis m_since = -1;
    Millis m_visible_until = -1;
};

struct StaffHelpCall {
    std::string id;
    std::string kiosk_id;
    std::string session;       // the citizen's session: matches this kiosk's own session when the call is from here
    std::string screen;
    std::string service;
    std::string status;        // "open" or "acknowledged"
    Millis created_ts = 0;     // wall ms
};

struct StaffInfo {
    std::vector<StaffHelpCall> calls;
    std::string calls_error;
    bool connected = false;
    long long backlog = 0;
    Millis last_upload_ts = 0;  // wall ms, 0 = never
    std::string upload_error;
    long long dropped = 0;
    std::string content_version;
    std::string content_source;             // "fresh", "last known good", ...
    std::vector<std::string> content_problems;
};

struct ReloadResult {
    std::shared_ptr<const ContentPack> pack;  // null when nothing usable was loaded
    std::string message;                      // for staff: what happened
};

// Slow work (the PIN's 100,000 PBKDF2 rounds; validating a pack and writing its last known good copy) runs
// off the UI thread: Request...() returns at once, and the core's Update() takes the answer with Take...()
// once it is ready. The real services wake the loop when an answer is ready; tests complete it by hand.
// The core has at most one request of each kind in flight.
class StaffServices {
public:
    virtual ~StaffServices() = default;
    virtual StaffInfo Info() const = 0;        // a snapshot: never waits on disk or the network
    virtual void RefreshCalls() = 0;
    virtual void Ack(const std::string& id) = 0;
    virtual void Resolve(const std::string& id) = 0;
    virtual void RequestPinCheck(const std::string& pin, const std::string& stored_hash) = 0;
    virtual std::optional<bool> TakePinResult() = 0;          // true = the PIN matches; empty while checking
    virtual void RequestReload() = 0;                         // validated first; the last known good pack is kept
    virtual std::optional<ReloadResult> TakeReloadResult() = 0;
    virtual void TestReadAloud(const std::string& text, const std::string& lang) = 0;
    virtual void ExitApp() = 0;
};

}  // namespace bk
