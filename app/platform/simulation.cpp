#include "platform/simulation.h"

#include <set>

#include "core/kiosk.h"
#include "platform/null_runner.h"

namespace bk {

namespace {

// Counts what the simulated citizens did, by looking at the events they produced.
class CountingSink final : public EventSink {
public:
    CountingSink(EventSink& next, SimulationResult& result) : m_next(next), m_result(result) {}
    void Record(Event event) override {
        if (event.type == ev::kGuideCompleted) {
            ++m_result.completed;
            m_completed_guides.insert({event.service, event.service_version});
        }
        if (event.type == ev::kFeedbackSubmitted) ++m_result.feedback;
        if (event.type == ev::kSessionEnded) {
            const long guides = static_cast<long>(m_completed_guides.size());
            (event.data.value("staff_assisted", false) ? m_result.assisted_completions : m_result.unassisted_completions) += guides;
            m_completed_guides.clear();
        }
        m_next.Record(std::move(event));
    }
private:
    EventSink& m_next;
    SimulationResult& m_result;
    std::set<std::pair<std::string, int>> m_completed_guides;  // in the current session
};

class Citizen {
public:
    Citizen(HeadlessKiosk& ui, Kiosk& kiosk, ManualClock& clock, LocalHelpDesk& help, std::mt19937_64& rng,
            SimulationResult& result)
        : m_ui(ui), m_kiosk(kiosk), m_clock(clock), m_help(help), m_rng(rng), m_result(result) {}

    void Visit() {
        const auto& langs = m_kiosk.Profile().languages;
        if (Chance(0.3) && !langs.empty()) Tap("lang." + langs[Pick(langs.size())]);
        else Tap("start.begin");
        for (int actions = 0; actions < 60 && !m_kiosk.State().id.empty(); ++actions) {
            if (Chance(0.01)) {  // walks away mid-task: the idle timeout ends the session
                Wait(static_cast<Millis>(m_kiosk.Profile().idle_timeout_s + m_kiosk.Profile().idle_answer_s + 1) * 1000);
                break;
            }
            Act();
        }
        if (!m_kiosk.State().id.empty())
            Wait(static_cast<Millis>(m_kiosk.Profile().idle_timeout_s + m_kiosk.Profile().idle_answer_s + 1) * 1000);
    }

private:
    void Act() {
        const SessionState& s = m_kiosk.State();
        if (s.idle_overlay) {
            Tap(Chance(0.8) ? "idle.continue" : "idle.end");
            return;
        }
        switch (s.screen) {
            case Screen::Start: return;
            case Screen::Home: {
                const double r = Uniform();
                Tap(r < 0.7 ? "home.guides" : r < 0.93 ? "home.welfare" : "home.help");
                return;
            }
            case Screen::List: {
                std::vector<std::string> services;
                for (const auto& t : m_ui.View().Targets())
                    if (t.id.rfind("service.", 0) == 0) services.push_back(t.id);
                if (services.empty() || Chance(0.05)) Tap("top.home");
                else Tap(services[Pick(services.size())]);
                return;
            }
            case Screen::Guide: {
                const double r = Uniform();
                if (r < 0.78) Tap("guide.next");
                else if (r < 0.86) Tap("guide.back");
                else if (r < 0.89) Tap("guide.help");
                else if (r < 0.92) Tap("top.home");
                else if (r < 0.95 && m_ui.HasTarget("guide.show_qr")) Tap("guide.show_qr");
                else if (r < 0.97) Tap("top.read_aloud");
                else Tap(Chance(0.5) ? "top.text_size" : "top.contrast");
                return;
            }
            case Screen::Feedback: Feedback(); return;
            case Screen::Thanks:
                if (Chance(0.5)) Wait(kThanksReturnMs + 1000);
                else Tap("thanks.done");
                return;
            case Screen::Help:
                // Half the calls are answered: a staff member comes over, which makes the visit assisted.
                if (m_help.Status() == HelpStatus::Open && Chance(0.5)) m_help.m_status = HelpStatus::Acknowledged;
                Tap(Chance(0.7) ? "help.close" : "help.cancel");
                return;
            case Screen::StaffPin:
            case Screen::Staff: return;  // citizens never get here
        }
    }

    void Feedback() {
        // Ratings lean positive, as they do in practice.
        static constexpr double kRatingWeights[] = {0.06, 0.09, 0.2, 0.35, 0.3};
        std::discrete_distribution<int> rating(std::begin(kRatingWeights), std::end(kRatingWeights));
        Tap("feedback.rate." + std::to_string(rating(m_rng) + 1));
        if (Chance(0.75)) Tap(Chance(0.7) ? "feedback.yes" : Chance(0.5) ? "feedback.partly" : "feedback.no");
        if (Chance(0.25)) Tap("feedback.reason." + kFeedbackReasons[Pick(kFeedbackReasons.size())]);
        if (Chance(0.1)) Type();
        Tap(Chance(0.9) ? "feedback.send" : "feedback.skip");
    }

    void Type() {
        Tap("feedback.comment");
        const KeyboardLayout layout = m_kiosk.Keyboard();
        const int letters = 3 + static_cast<int>(Pick(20));
        for (int i = 0; i < letters && !layout.rows.empty(); ++i) {
            const size_t row = Pick(layout.rows.size() - 1);
            const size_t col = Pick(layout.rows[row].size());
            Tap("key." + std::to_string(row) + "." + std::to_string(col));
            if (!m_kiosk.State().feedback.keyboard_open) break;
        }
        if (m_kiosk.State().feedback.keyboard_open) {
            const KeyboardLayout now = m_kiosk.Keyboard();
            for (size_t r = 0; r < now.rows.size(); ++r)
                for (size_t c = 0; c < now.rows[r].size(); ++c)
                    if (now.rows[r][c].action == KeyAction::Done) Tap("key." + std::to_string(r) + "." + std::to_string(c));
        }
    }

    void Tap(const std::string& id) {
        m_clock.Advance(1000 + static_cast<Millis>(Pick(7000)));  // people take a few seconds per tap
        m_ui.Frame();
        if (m_ui.Tap(id)) ++m_result.taps;
    }
    void Wait(Millis ms) {
        for (Millis t = 0; t < ms && !m_kiosk.State().id.empty(); t += 1000) {
            m_clock.Advance(1000);
            m_ui.Frame();
        }
    }
    bool Chance(double p) { return Uniform() < p; }
    double Uniform() { return std::uniform_real_distribution<double>(0, 1)(m_rng); }
    size_t Pick(size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(m_rng); }

    HeadlessKiosk& m_ui;
    Kiosk& m_kiosk;
    ManualClock& m_clock;
    LocalHelpDesk& m_help;
    std::mt19937_64& m_rng;
    SimulationResult& m_result;
};

}  // namespace

SimulationResult SimulateSessions(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile, EventSink& sink,
                                  long sessions, unsigned long seed, Millis wall_start_ms) {
    SimulationResult result;
    ManualClock clock(wall_start_ms);
    CountingSink counting(sink, result);
    SilentSpeech speech;
    LocalHelpDesk help;
    Kiosk kiosk(std::move(pack), profile, clock, counting, speech, help);
    std::mt19937_64 rng(seed);
    kiosk.SetSessionIdSource([&rng] {
        char id[33];
        std::snprintf(id, sizeof id, "%016llx%016llx", static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng()));
        return std::string(id);
    });
    // Versions run side by side are drawn from the seed too (a generator of their own, so the citizens' choices
    // stay those of the same seed without them).
    std::mt19937 draws(static_cast<std::mt19937::result_type>(seed));
    kiosk.SetPercentDrawSource([&draws] { return std::uniform_int_distribution<int>(0, 99)(draws); });
    HeadlessKiosk ui(kiosk, ImVec2(1080, 1920));
    for (long i = 0; i < sessions; ++i) {
        Citizen(ui, kiosk, clock, help, rng, result).Visit();
        ++result.sessions;
        if (help.Status() != HelpStatus::None) help.Cancel();
    }
    return result;
}

}  // namespace bk
