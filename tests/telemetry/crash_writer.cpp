// Test-only program for the durability test: records events through Telemetry as a kiosk would, and is
// SIGKILLed by the test at random moments.
//
//   telemetry_crash_writer --data-dir DIR --registry URL --kiosk-id ID --token TOKEN
//                          [--count N] [--seed S] [--drain SECONDS] [--max-queue-bytes B]
//                          [--max-memory-events E]
//
// Records N valid events in bursts of 50. After each burst is durable it prints "durable <last_seq>" on
// stdout (flushed), so the test knows a lower bound of what must reach the registry. With --drain it records
// a heartbeat (carrying the drop count), waits until everything is acknowledged, prints
// "drained <last_seq> <dropped> <rejected>" and exits 0 (1 on timeout).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "telemetry/ids.h"
#include "telemetry/telemetry.h"

namespace {

// The last value of a repeated option wins, so a test can override one option of a shared command line.
const char* Arg(int argc, char** argv, const char* name, const char* fallback) {
    const char* value = fallback;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == name)
            value = argv[i + 1];
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace bk;
    telemetry::TelemetryConfig config;
    config.data_dir = Arg(argc, argv, "--data-dir", "");
    config.registry_url = Arg(argc, argv, "--registry", "");
    config.kiosk_id = Arg(argc, argv, "--kiosk-id", "");
    config.token = Arg(argc, argv, "--token", "");
    config.content_version = "crash-test";
    config.app_version = "0.1.0";
    config.heartbeat_interval_ms = 0;
    config.backoff_base_ms = 50;
    config.backoff_max_ms = 500;
    config.max_queue_bytes = std::atoll(Arg(argc, argv, "--max-queue-bytes", "209715200"));
    config.max_memory_events = static_cast<std::size_t>(std::atol(Arg(argc, argv, "--max-memory-events", "100000")));
    const long count = std::atol(Arg(argc, argv, "--count", "0"));
    const long drain_seconds = std::atol(Arg(argc, argv, "--drain", "0"));
    if (config.data_dir.empty()) {
        std::fprintf(stderr, "usage: telemetry_crash_writer --data-dir DIR --registry URL --kiosk-id ID --token T\n");
        return 2;
    }
    telemetry::SeededRandom random(std::strtoull(Arg(argc, argv, "--seed", "1"), nullptr, 10));
    telemetry::Telemetry recorder(config);
    SystemClock clock;
    std::string session;
    for (long i = 0; i < count; ++i) {
        Event event;
        event.ts = clock.WallMs();
        event.lang = "da";
        if (i % 10 == 0) {
            session = telemetry::NewSessionId(random);
            event.type = ev::kSessionStarted;
        } else if (i % 10 == 9) {
            event.type = ev::kSessionEnded;
            event.data = {{"reason", "finished"}, {"duration_ms", 1'000 * (i % 10)}};
        } else {
            event.type = ev::kScreenViewed;
            event.data = {{"screen", "home"}};
        }
        event.session = session;
        recorder.Record(std::move(event));
        if (i % 50 == 49 && recorder.WaitUntilDurable(std::chrono::seconds(30))) {
            std::printf("durable %lld\n", static_cast<long long>(recorder.Status().last_seq));
            std::fflush(stdout);
        }
    }
    if (drain_seconds > 0) {
        recorder.RecordHeartbeat();
        const bool drained = recorder.WaitUntilDrained(std::chrono::seconds(drain_seconds));
        const auto status = recorder.Status();
        std::printf("drained %lld %lld %lld\n", static_cast<long long>(status.last_seq),
                    static_cast<long long>(status.dropped), static_cast<long long>(status.rejected));
        std::fflush(stdout);
        if (!drained) {
            std::fprintf(stderr, "not drained: backlog %lld, last error: %s\n", static_cast<long long>(status.backlog),
                         status.last_error.c_str());
            return 1;
        }
    }
    recorder.Shutdown();
    return 0;
}
