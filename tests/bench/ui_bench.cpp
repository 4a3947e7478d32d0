// ImGui CPU time per frame (NewFrame to Render) on each screen, with the demo content, no window.
// Prints figures; not a test.
#include <benchmark/benchmark.h>

#include "content/loader.h"
#include "core/kiosk.h"
#include "platform/null_runner.h"

namespace {

struct NullSink final : bk::EventSink {
    void Record(bk::Event) override {}
};

std::shared_ptr<const bk::ContentPack> DemoPack() {
    static std::shared_ptr<const bk::ContentPack> pack = [] {
        auto loaded = bk::LoadContent(BK_SOURCE_DIR "/content", BK_SOURCE_DIR "/assets", "/tmp/bk-bench-lkg");
        return std::make_shared<const bk::ContentPack>(std::move(*loaded.pack));
    }();
    return pack;
}

void Frame(benchmark::State& state, const std::vector<std::string>& taps, ImVec2 size) {
    bk::ManualClock clock;
    NullSink sink;
    bk::SilentSpeech speech;
    bk::LocalHelpDesk help;
    auto pack = DemoPack();
    bk::Kiosk kiosk(pack, pack->profiles[0], clock, sink, speech, help);
    bk::HeadlessKiosk ui(kiosk, size);
    for (const auto& id : taps)
        if (!ui.Tap(id)) state.SkipWithError(("no target " + id).c_str());
    for (auto _ : state) ui.Frame();
    state.SetLabel(bk::ScreenName(kiosk.State().screen));
}

const ImVec2 kLandscape(1920, 1080), kPortrait(1080, 1920);
void BM_Start(benchmark::State& s) { Frame(s, {}, kLandscape); }
void BM_List(benchmark::State& s) { Frame(s, {"start.begin", "home.guides"}, kLandscape); }
void BM_GuideWithQr(benchmark::State& s) { Frame(s, {"start.begin", "home.guides", "service.mitid-app", "guide.next", "guide.show_qr"}, kLandscape); }
void BM_FeedbackKeyboard(benchmark::State& s) {
    Frame(s, {"start.begin", "home.guides", "service.nemkonto", "top.home", "feedback.rate.4", "feedback.comment"}, kPortrait);
}
BENCHMARK(BM_Start)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_List)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_GuideWithQr)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FeedbackKeyboard)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
