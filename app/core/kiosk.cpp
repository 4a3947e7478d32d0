#include "core/kiosk.h"

#include <algorithm>

namespace bk {

Kiosk::Kiosk(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile, const Clock& clock,
             EventSink& events, Speech& speech, HelpDesk& help)
    : m_events(events), m_visit(std::move(pack), profile, clock, events, speech, help), m_staff(m_visit),
      m_speech_mode(m_visit, speech) {
    m_visit.OnSessionEnd([this] { m_speech_mode.Reset(); });
}

void Kiosk::Apply(const Action& action) {
    switch (CategoryOf(action.type)) {
        case ActionCategory::Visit:
            if (!Closed()) m_visit.Apply(action);  // closed: no visit starts
            return;
        case ActionCategory::SpeechMode: m_speech_mode.Apply(action); return;
        case ActionCategory::Staff: m_staff.Apply(action); return;
    }
}

void Kiosk::NoteInput() {
    m_visit.NoteInput();
    m_staff.NoteInput();
}

bool Kiosk::Closed() const {
    return !InStaffMode() && State().id.empty() && !IsOpenAt(Profile().opening_hours, Clk().WallMs());
}

void Kiosk::Update() {
    const Millis now = m_visit.Now();
    if (const bool closed = Closed(); closed != m_reported_closed) {
        m_reported_closed = closed;
        m_events.SetClosed(closed);
    }
    m_staff.TakeResults(now);
    m_speech_mode.Update(now);
    if (m_staff.Update(now)) return;  // the citizen's timers wait while staff work
    m_visit.Update(now);
}

Millis Kiosk::NextDeadlineMs() const {
    const Millis now = m_visit.Now();
    if (const Millis corner = m_staff.CornerDeadlineMs(); corner >= 0) return corner;
    if (const Millis corner = m_speech_mode.CornerDeadlineMs(); corner >= 0) return corner;
    if (InStaffMode()) return m_staff.NextDeadlineMs(now);
    const Millis visit = m_visit.NextDeadlineMs(now);
    // The closed screen comes and goes at the opening hours' next change, even with nothing else to do.
    const Millis wall = Clk().WallMs();
    const Millis change = NextOpeningChangeMs(Profile().opening_hours, wall);
    if (change < 0) return visit;
    const Millis opening = now + (change - wall);
    return visit < 0 ? opening : std::min(visit, opening);
}

}  // namespace bk
