// Telemetry benchmarks (printed, not gating):
//   1. Record() latency on the calling ("UI") thread while the writer commits: median and p99
//      (targets: <= 2 us, <= 20 us)
//   2. durable writes: events/s from Record() until committed to SQLite (target >= 50'000/s)
//   3. upload: events/s from a full queue to a local registry, acknowledged (target >= 20'000/s)
//
//   telemetry_bench [--events N] [--registry URL --token T --kiosk-id ID]
// Without --registry, (3) uses an in-process stand-in registry (HTTP + gzip + JSON, no storage).
// Build in Release for meaningful numbers.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fake_registry.h"
#include "telemetry/telemetry.h"

namespace {

using namespace bk;
using Clock = std::chrono::steady_clock;

const char* Arg(int argc, char** argv, const char* name, const char* fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == name)
            return argv[i + 1];
    return fallback;
}

Event MakeEvent(int i) {
    Event event;
    event.type = ev::kScreenViewed;
    event.ts = 1'790'000'000'000 + i;
    event.session = "0123456789abcdef0123456789abcdef";
    event.service = "pas";
    event.service_version = 3;
    event.lang = "da";
    event.data = {{"screen", "guide"}};
    return event;
}

std::filesystem::path FreshDir(const char* name) {
    std::random_device device;
    auto dir = std::filesystem::temp_directory_path() / (std::string("bk-bench-") + name + "-" + std::to_string(device()));
    std::filesystem::create_directories(dir);
    return dir;
}

telemetry::TelemetryConfig BaseConfig(const std::filesystem::path& dir) {
    telemetry::TelemetryConfig config;
    config.data_dir = dir;
    config.content_version = "bench";
    config.app_version = "0.1.0";
    config.heartbeat_interval_ms = 0;
    return config;
}

void BenchRecordLatency(int events) {
    const auto dir = FreshDir("record");
    std::vector<double> samples;
    samples.reserve(static_cast<std::size_t>(events));
    {
        telemetry::Telemetry recorder(BaseConfig(dir));
        std::vector<Event> prepared;
        for (int i = 0; i < events; ++i)
            prepared.push_back(MakeEvent(i));
        // Bursts of 100 events then a short pause, like a busy UI frame loop; the writer commits meanwhile.
        for (int i = 0; i < events; ++i) {
            const auto start = Clock::now();
            recorder.Record(std::move(prepared[static_cast<std::size_t>(i)]));
            const auto end = Clock::now();
            samples.push_back(std::chrono::duration<double, std::micro>(end - start).count());
            if (i % 100 == 99)
                std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
    }
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) { return samples[static_cast<std::size_t>(q * (samples.size() - 1))]; };
    std::printf("Record() latency, %d events: median %.3f us, p99 %.3f us, p99.9 %.3f us, max %.1f us "
                "(targets: median <= 2 us, p99 <= 20 us)\n",
                events, at(0.5), at(0.99), at(0.999), samples.back());
    std::filesystem::remove_all(dir);
}

void BenchDurableWrites(int events) {
    const auto dir = FreshDir("durable");
    double seconds = 0;
    {
        telemetry::Telemetry recorder(BaseConfig(dir));
        const auto start = Clock::now();
        for (int i = 0; i < events; ++i)
            recorder.Record(MakeEvent(i));
        if (!recorder.WaitUntilDurable(std::chrono::minutes(5)))
            std::printf("durable writes: TIMEOUT\n");
        seconds = std::chrono::duration<double>(Clock::now() - start).count();
    }
    std::printf("durable writes: %d events in %.3f s = %.0f events/s (target >= 50000/s)\n", events, seconds,
                events / seconds);
    std::filesystem::remove_all(dir);
}

void BenchUpload(int events, const std::string& registry_url, const std::string& token, const std::string& kiosk_id) {
    const auto dir = FreshDir("upload");
    {
        telemetry::Telemetry filler(BaseConfig(dir));  // no registry: fill the queue first
        for (int i = 0; i < events; ++i)
            filler.Record(MakeEvent(i));
        filler.WaitUntilDurable(std::chrono::minutes(5));
    }
    std::unique_ptr<bk::telemetry::test::FakeRegistry> fake;
    telemetry::TelemetryConfig config = BaseConfig(dir);
    if (registry_url.empty()) {
        fake = std::make_unique<bk::telemetry::test::FakeRegistry>();
        config.registry_url = fake->Url();
        config.kiosk_id = "bench";
        config.token = "bench";
    } else {
        config.registry_url = registry_url;
        config.token = token;
        config.kiosk_id = kiosk_id;
    }
    const auto start = Clock::now();
    telemetry::Telemetry uploader(config);
    const bool drained = uploader.WaitUntilDrained(std::chrono::minutes(5));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("upload to %s: %d events in %.3f s = %.0f events/s, %lld rejected%s (target >= 20000/s)\n",
                registry_url.empty() ? "in-process stand-in registry" : registry_url.c_str(), events, seconds,
                events / seconds, static_cast<long long>(uploader.Status().rejected), drained ? "" : " NOT DRAINED");
    uploader.Shutdown();
    std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    const int events = std::atoi(Arg(argc, argv, "--events", "200000"));
    BenchRecordLatency(events);
    BenchDurableWrites(events);
    BenchUpload(std::min(events, 100'000), Arg(argc, argv, "--registry", ""), Arg(argc, argv, "--token", ""),
                Arg(argc, argv, "--kiosk-id", ""));
    return 0;
}
