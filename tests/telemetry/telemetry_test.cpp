// The recorder end to end against an on-disk queue and a scripted fake registry.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <fstream>
#include <thread>

#include "change_signal.h"
#include "fake_registry.h"
#include "telemetry/ids.h"
#include "telemetry/telemetry.h"
#include "telemetry/uploader.h"
#include "temp_dir.h"
#include "tmpfs_disk.h"

namespace bk::telemetry {
namespace {

using namespace std::chrono_literals;

TelemetryConfig TestConfig(const std::filesystem::path& dir, const std::string& url = {}) {
    TelemetryConfig config;
    config.data_dir = dir;
    config.registry_url = url;
    config.kiosk_id = "kiosk-test";
    config.token = "secret-token";
    config.content_version = "content-1";
    config.app_version = "0.1.0";
    config.heartbeat_interval_ms = 0;
    config.backoff_base_ms = 20;
    config.backoff_max_ms = 200;
    return config;
}

Event ScreenEvent(int i) {
    Event event;
    event.type = ev::kScreenViewed;
    event.ts = 1'790'000'000'000 + i;
    event.session = "0123456789abcdef0123456789abcdef";
    event.lang = "da";
    event.data = {{"screen", "home"}};
    return event;
}

std::vector<nlohmann::json> ReadQueue(const std::filesystem::path& dir) {
    DurableQueue queue(dir / "telemetry.sqlite", 1LL << 30);
    std::vector<nlohmann::json> events;
    for (const auto& row : queue.PeekBatch(1'000'000, SIZE_MAX))
        events.push_back(nlohmann::json::parse(row.body));
    return events;
}

TEST(Telemetry, RecordedEventsBecomeDurableWithIdSeqAndVersions) {
    bk::test::TempDir dir;
    {
        Telemetry telemetry(TestConfig(dir.Path()));
        for (int i = 0; i < 100; ++i)
            telemetry.Record(ScreenEvent(i));
        ASSERT_TRUE(telemetry.WaitUntilDurable(10s));
        EXPECT_EQ(telemetry.Status().backlog, 100);
        EXPECT_EQ(telemetry.Status().last_seq, 100);
    }
    const auto events = ReadQueue(dir.Path());
    ASSERT_EQ(events.size(), 100u);
    std::string previous_id;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& event = events[i];
        EXPECT_EQ(event["seq"], static_cast<int>(i + 1));
        EXPECT_EQ(event["ts"], 1'790'000'000'000 + static_cast<int>(i));
        const std::string id = event["id"];
        EXPECT_TRUE(IsUuidV7(id)) << id;
        EXPECT_EQ(UuidV7Timestamp(id), event["ts"].get<Millis>());
        EXPECT_LT(previous_id, id);  // time-ordered, same order as seq
        previous_id = id;
        EXPECT_EQ(event["content_version"], "content-1");
        EXPECT_EQ(event["app_version"], "0.1.0");
    }
}

TEST(Telemetry, ShutdownFlushesWhatIsStillInMemory) {
    bk::test::TempDir dir;
    {
        TelemetryConfig config = TestConfig(dir.Path());
        config.writer_interval_ms = 60'000;  // the writer would not commit on its own for a minute
        Telemetry telemetry(config);
        for (int i = 0; i < 10; ++i)
            telemetry.Record(ScreenEvent(i));
    }
    EXPECT_EQ(ReadQueue(dir.Path()).size(), 10u);
}

// A fleet swap between two visits: the first visit's events happened on the old pack even when the writer
// commits them after the swap, the next visit's on the new one (content_version is stamped at Record()).
TEST(Telemetry, EventsCarryThePackTheyWereRecordedOnAcrossAFleetSwap) {
    bk::test::TempDir dir;
    {
        TelemetryConfig config = TestConfig(dir.Path());
        config.writer_interval_ms = 60'000;  // nothing is committed before the swap
        Telemetry telemetry(config);
        telemetry.Record(ScreenEvent(0));
        telemetry.Record(ScreenEvent(1));
        telemetry.SetContentRelease(7, "", "2026.12.1");
        telemetry.Record(ScreenEvent(2));
        telemetry.SetContentRelease(7, "a later refusal");  // no version given: the running one stays
        telemetry.Record(ScreenEvent(3));
    }
    const auto events = ReadQueue(dir.Path());
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0]["content_version"], "content-1");
    EXPECT_EQ(events[1]["content_version"], "content-1");
    EXPECT_EQ(events[2]["content_version"], "2026.12.1");
    EXPECT_EQ(events[3]["content_version"], "2026.12.1");
}

TEST(Telemetry, SeqContinuesAcrossRestarts) {
    bk::test::TempDir dir;
    for (int run = 0; run < 3; ++run) {
        Telemetry telemetry(TestConfig(dir.Path()));
        for (int i = 0; i < 5; ++i)
            telemetry.Record(ScreenEvent(i));
    }
    const auto events = ReadQueue(dir.Path());
    ASSERT_EQ(events.size(), 15u);
    EXPECT_EQ(events.back()["seq"], 15);
}

TEST(Telemetry, FeedbackCommentIsScrubbedBeforeItIsStored) {
    bk::test::TempDir dir;
    {
        Telemetry telemetry(TestConfig(dir.Path()));
        Event event;
        event.type = ev::kFeedbackSubmitted;
        event.ts = 1'790'000'000'000;
        event.session = "0123456789abcdef";
        event.data = {{"rating", 2},
                      {"task_done", "no"},
                      {"reasons", {"too_slow"}},
                      {"comment", "Ring til mig på 41 23 45 67 eller anne@example.dk, cpr 120590-1234. Tak!"}};
        telemetry.Record(event);
    }
    const auto events = ReadQueue(dir.Path());
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["data"]["comment"], "Ring til mig på [telefon] eller [email], cpr [cpr]. Tak!");
    EXPECT_EQ(events[0]["data"]["rating"], 2);
}

TEST(Telemetry, FullMemoryQueueDropsAndCounts) {
    bk::test::TempDir dir;
    {
        TelemetryConfig config = TestConfig(dir.Path());
        config.writer_interval_ms = 60'000;
        config.max_memory_events = 10;
        Telemetry telemetry(config);
        for (int i = 0; i < 15; ++i)
            telemetry.Record(ScreenEvent(i));
        EXPECT_EQ(telemetry.Status().dropped, 5);
        EXPECT_EQ(telemetry.Status().backlog, 10);
    }
    DurableQueue queue(dir.Path() / "telemetry.sqlite", 1 << 20);
    EXPECT_EQ(queue.Counters().dropped, 5);  // persisted, so the next heartbeat reports it
    EXPECT_EQ(queue.Counters().backlog, 10);
}

// A full data disk: Record() still returns at once, memory holds at most max_memory_events, every event
// past that is counted, the heartbeat's backlog is what is really held (never negative), and once the disk
// has room again every seq is either stored or counted as dropped.
TEST(Telemetry, FullDiskNeverBlocksHoldsABoundedBacklogAndCountsEveryLoss) {
    bk::test::TmpfsDisk disk(4 << 20);
    if (!disk.Mounted())
        GTEST_SKIP() << "needs a small tmpfs to fill (root): " << disk.Error();
    const auto data_dir = disk.Path() / "kiosk";
    {
        TelemetryConfig config = TestConfig(data_dir);
        config.max_memory_events = 100;
        Telemetry telemetry(config);
        telemetry.Record(ScreenEvent(0));
        ASSERT_TRUE(telemetry.WaitUntilDurable(10s));
        ASSERT_GT(disk.Fill(disk.Path() / "filler"), 0u);
        for (int i = 1; i <= 500; ++i)
            telemetry.Record(ScreenEvent(i));  // must not wait for the disk: the test would hang here
        ASSERT_TRUE(telemetry.WaitForStatus([](const TelemetryStatus& s) { return !s.last_error.empty(); }, 10s))
            << "the full disk was never noticed";
        const TelemetryStatus full = telemetry.Status();
        EXPECT_EQ(full.backlog, 1 + 100);  // one stored event plus what memory may hold
        EXPECT_EQ(full.dropped, 400);      // the rest, counted
        telemetry.RecordHeartbeat();       // carries that backlog; over the bound itself, so counted too
        EXPECT_GE(telemetry.Status().backlog, 0);
        EXPECT_EQ(telemetry.Status().dropped, 401);

        std::filesystem::remove(disk.Path() / "filler");
        ASSERT_TRUE(telemetry.WaitUntilDurable(10s)) << telemetry.Status().last_error;
        const TelemetryStatus after = telemetry.Status();
        EXPECT_EQ(after.backlog, 101);
        EXPECT_EQ(after.last_seq, 1 + 500 + 1);  // the lost events and the heartbeat took their seqs: a gap
        EXPECT_EQ(after.dropped, 401);
        EXPECT_TRUE(after.last_error.empty());
    }
    const auto stored = ReadQueue(data_dir);
    EXPECT_EQ(stored.size(), 101u);
}

// The writer thread sends the periodic heartbeat itself. With block_when_full (the --simulate driver) and a
// full memory queue, a heartbeat that waited for room would wait for the writer, which is waiting in it: the
// recorder and every Record() behind it would hang.
TEST(Telemetry, PeriodicHeartbeatNeverWaitsForRoomOnlyTheWriterCanMake) {
    bk::test::TempDir dir;
    TelemetryConfig config = TestConfig(dir.Path());
    config.max_memory_events = 10;
    config.block_when_full = true;
    config.heartbeat_interval_ms = 1;  // due at nearly every turn of the writer
    config.writer_interval_ms = 0;
    auto telemetry = std::make_unique<Telemetry>(config);
    auto recording = std::async(std::launch::async, [&] {
        for (int i = 0; i < 1'000; ++i)
            telemetry->Record(ScreenEvent(i));
        return telemetry->WaitUntilDurable(30s);
    });
    if (recording.wait_for(60s) != std::future_status::ready) {
        std::fprintf(stderr, "the recorder deadlocked: the writer waits for room in its own heartbeat\n");
        std::abort();  // the threads can never be joined; failing beats hanging
    }
    EXPECT_TRUE(recording.get());
    telemetry.reset();
    // The driver's events all arrived; heartbeats that found memory full were dropped and counted, not waited for.
    std::size_t screens = 0;
    for (const auto& event : ReadQueue(dir.Path()))
        screens += event["type"] == "screen_viewed";
    EXPECT_EQ(screens, 1'000u);
    const QueueCounters counters = DurableQueue(dir.Path() / "telemetry.sqlite", 1 << 30).Counters();
    EXPECT_EQ(counters.last_seq, counters.backlog + counters.dropped);  // every seq stored or counted
}

TEST(Telemetry, HeadlessDriversCanWaitForRoomInsteadOfDropping) {
    bk::test::TempDir dir;
    {
        TelemetryConfig config = TestConfig(dir.Path());
        config.writer_interval_ms = 60'000;
        config.max_memory_events = 10;
        config.block_when_full = true;
        Telemetry telemetry(config);
        for (int i = 0; i < 1'000; ++i)
            telemetry.Record(ScreenEvent(i));
        EXPECT_EQ(telemetry.Status().dropped, 0);
    }
    EXPECT_EQ(ReadQueue(dir.Path()).size(), 1'000u);
}

TEST(Telemetry, HeartbeatCarriesBacklogLastUploadAndDropped) {
    bk::test::TempDir dir;
    {
        Telemetry telemetry(TestConfig(dir.Path()));
        telemetry.Record(ScreenEvent(0));
        ASSERT_TRUE(telemetry.WaitUntilDurable(10s));
        telemetry.RecordHeartbeat();
    }
    const auto events = ReadQueue(dir.Path());
    ASSERT_EQ(events.size(), 2u);
    const auto& heartbeat = events[1];
    EXPECT_EQ(heartbeat["type"], "heartbeat");
    EXPECT_EQ(heartbeat["session"], "");
    EXPECT_EQ(heartbeat["data"]["backlog"], 1);
    EXPECT_TRUE(heartbeat["data"]["last_upload_ts"].is_null());
    EXPECT_EQ(heartbeat["data"]["dropped"], 0);
}

TEST(Telemetry, ClosingAndOpeningAreReportedAtOnceByAHeartbeat) {
    bk::test::TempDir dir;
    {
        Telemetry telemetry(TestConfig(dir.Path()));
        telemetry.SetClosed(true);
        telemetry.SetClosed(true);  // no change, no heartbeat
        telemetry.RecordHeartbeat();
        telemetry.SetClosed(false);
    }
    const auto events = ReadQueue(dir.Path());
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0]["type"], "heartbeat");
    EXPECT_EQ(events[0]["data"]["closed"], true);
    EXPECT_EQ(events[1]["data"]["closed"], true) << "every heartbeat while closed says so";
    EXPECT_FALSE(events[2]["data"].contains("closed")) << "open again: the field is left out";
}

TEST(Telemetry, StatusDoesNotWaitForACommitInProgress) {
    bk::test::TempDir dir;
    test::ChangeSignal signal;
    std::atomic<bool> in_commit{false}, release{false};
    TelemetryConfig config = TestConfig(dir.Path());
    config.queue_before_commit = [&] {  // the writer, inside its transaction, with the queue locked
        in_commit = true;
        signal.Notify();
        signal.WaitFor([&] { return release.load(); }, 60s);
    };
    Telemetry telemetry(config);
    telemetry.Record(ScreenEvent(0));
    ASSERT_TRUE(signal.WaitFor([&] { return in_commit.load(); }));

    std::atomic<bool> answered{false};
    TelemetryStatus status;
    std::thread staff_screen([&] {
        status = telemetry.Status();
        answered = true;
        signal.Notify();
    });
    const bool answered_during_commit = signal.WaitFor([&] { return answered.load(); });
    release = true;
    signal.Notify();
    staff_screen.join();
    ASSERT_TRUE(answered_during_commit) << "Status() waited for the writer's commit";
    EXPECT_EQ(status.backlog, 1);   // recorded...
    EXPECT_EQ(status.last_seq, 0);  // ...not yet durable
    ASSERT_TRUE(telemetry.WaitUntilDurable(10s));
    EXPECT_EQ(telemetry.Status().last_seq, 1);
}

TEST(Telemetry, ReadTokenFileTrimsAndExplainsFailures) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "token";
    std::ofstream(file) << "  abc123\n";
    EXPECT_EQ(ReadTokenFile(file), "abc123");
    std::ofstream(file, std::ios::trunc) << "\n";
    try {
        ReadTokenFile(file);
        FAIL() << "empty token accepted";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("is empty"), std::string::npos) << error.what();
    }
    try {
        ReadTokenFile(dir.Path() / "missing");
        FAIL() << "missing file accepted";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("missing"), std::string::npos) << error.what();
    }
}

// [SECTION] Upload against the scripted fake registry

TEST(Upload, EveryEventArrivesOnceInGzippedAuthorisedBatchesOfAtMost500) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    Telemetry telemetry(TestConfig(dir.Path(), registry.Url()));
    for (int i = 0; i < 1'234; ++i)
        telemetry.Record(ScreenEvent(i));
    ASSERT_TRUE(telemetry.WaitUntilDrained(20s));
    const auto ids = registry.ReceivedIds();
    EXPECT_EQ(ids.size(), 1'234u);
    for (const auto& [id, times] : ids)
        EXPECT_EQ(times, 1) << id;
    const auto seqs = registry.StoredSeqs();
    EXPECT_EQ(*seqs.begin(), 1);
    EXPECT_EQ(*seqs.rbegin(), 1'234);
    for (const auto& request : registry.Requests()) {
        EXPECT_LE(request.events, 500u);
        EXPECT_EQ(request.authorization, "Bearer secret-token");
        EXPECT_EQ(request.content_encoding, "gzip");
    }
    const TelemetryStatus status = telemetry.Status();
    EXPECT_EQ(status.backlog, 0);
    EXPECT_TRUE(status.connected);
    EXPECT_GT(status.last_upload_ts, 0);
}

TEST(Upload, BatchesStayUnder256KiB) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    std::size_t largest = 0;
    Telemetry telemetry(TestConfig(dir.Path(), registry.Url()));
    for (int i = 0; i < 600; ++i) {
        Event event = ScreenEvent(i);
        event.data = {{"screen", std::string(1'000, 's')}};  // ~1.1 KB each: the byte limit binds first
        telemetry.Record(event);
    }
    ASSERT_TRUE(telemetry.WaitUntilDrained(20s));
    const auto stored = registry.Stored();
    ASSERT_EQ(stored.size(), 600u);
    const std::size_t one = stored.front().dump().size() + 1;
    for (const auto& request : registry.Requests())
        largest = std::max(largest, request.events);
    EXPECT_LT(largest, 500u);
    EXPECT_GT(largest, 100u);
    EXPECT_LE(largest * one, 256u * 1024u);
}

TEST(Upload, RetryAfterIsHonoured) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    registry.SetScript([](std::size_t index, std::size_t) {
        return index == 0 ? test::FakeRegistry::Reply{503, "1"} : test::FakeRegistry::Reply{};
    });
    Telemetry telemetry(TestConfig(dir.Path(), registry.Url()));  // backoff would retry after 20 ms
    telemetry.Record(ScreenEvent(0));
    ASSERT_TRUE(telemetry.WaitUntilDrained(10s));
    const auto requests = registry.Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_GE(requests[1].at - requests[0].at, 950ms);
}

TEST(Upload, TooLargeBatchesAreSplit) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    registry.SetScript([](std::size_t, std::size_t events) {
        return events > 100 ? test::FakeRegistry::Reply{413, ""} : test::FakeRegistry::Reply{};
    });
    Telemetry telemetry(TestConfig(dir.Path(), registry.Url()));
    for (int i = 0; i < 450; ++i)
        telemetry.Record(ScreenEvent(i));
    ASSERT_TRUE(telemetry.WaitUntilDrained(20s));
    EXPECT_EQ(registry.ReceivedIds().size(), 450u);
    EXPECT_EQ(telemetry.Status().rejected, 0);
}

TEST(Upload, AuthFailureIsExposedAndNothingIsLost) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    registry.SetScript([](std::size_t, std::size_t) { return test::FakeRegistry::Reply{401, ""}; });
    Telemetry telemetry(TestConfig(dir.Path(), registry.Url()));
    for (int i = 0; i < 5; ++i)
        telemetry.Record(ScreenEvent(i));
    ASSERT_TRUE(telemetry.WaitForStatus([](const TelemetryStatus& status) { return status.auth_failed; }, 10s));
    const TelemetryStatus status = telemetry.Status();
    EXPECT_TRUE(status.auth_failed);
    EXPECT_FALSE(status.connected);
    EXPECT_NE(status.last_error.find("401"), std::string::npos) << status.last_error;
    EXPECT_EQ(status.backlog, 5);
    // The token is fixed at the registry: the backlog drains.
    registry.SetScript({});
    ASSERT_TRUE(telemetry.WaitUntilDrained(10s));
    EXPECT_FALSE(telemetry.Status().auth_failed);
}

TEST(Upload, RejectedEventsAreDroppedAndCounted) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    registry.RejectFirstOfEachBatch(true);
    TelemetryConfig config = TestConfig(dir.Path(), registry.Url());
    config.batch_max_events = 10;
    Telemetry telemetry(config);
    for (int i = 0; i < 30; ++i)
        telemetry.Record(ScreenEvent(i));
    ASSERT_TRUE(telemetry.WaitUntilDrained(10s));
    const TelemetryStatus status = telemetry.Status();
    EXPECT_EQ(status.rejected, static_cast<std::int64_t>(registry.Requests().size()));
    EXPECT_EQ(registry.ReceivedIds().size() + static_cast<std::size_t>(status.rejected), 30u);
}

// [SECTION] The uploader sleeps until there is work

UploaderConfig DirectUploaderConfig(const std::string& url) {
    UploaderConfig config;
    config.registry_url = url;
    config.kiosk_id = "kiosk-test";
    config.token = "secret-token";
    return config;
}

void AppendEvents(DurableQueue& queue, std::size_t count) {
    queue.Append(count, [](std::size_t, std::int64_t seq) {
        return nlohmann::json({{"id", "event-" + std::to_string(seq)}, {"seq", seq}}).dump();
    });
}

TEST(Upload, IdleUploaderSleepsWithoutDeadlineUntilEventsAreQueued) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    DurableQueue queue(dir.Path() / "q.sqlite", 1 << 20);
    CsprngRandom random;
    SystemClock clock;
    test::ChangeSignal signal;
    Uploader uploader(DirectUploaderConfig(registry.Url()), queue, random, clock, signal.Callback());
    uploader.Start();
    ASSERT_TRUE(uploader.WaitUntilAsleep(10s));
    EXPECT_EQ(uploader.State().requests, 0);  // an empty queue sends nothing
    Worker::State idle = uploader.WorkerState();
    EXPECT_FALSE(idle.timer.has_value()) << "an idle uploader must not wake on a timer";
    const std::int64_t wakes_before = idle.wakes;

    AppendEvents(queue, 3);
    uploader.Notify();
    ASSERT_TRUE(signal.WaitFor([&] { return queue.Counters().backlog == 0; }));
    ASSERT_TRUE(uploader.WaitUntilAsleep(10s));
    idle = uploader.WorkerState();
    EXPECT_EQ(uploader.State().requests, 1);
    EXPECT_EQ(registry.ReceivedIds().size(), 3u);
    EXPECT_FALSE(idle.timer.has_value());
    EXPECT_EQ(idle.wakes - wakes_before, 1) << "woken once, by Notify()";
}

TEST(Upload, FailedUploadSleepsUntilItsBackoffIsDueAndNewEventsDoNotCutItShort) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    registry.SetScript([](std::size_t, std::size_t) { return test::FakeRegistry::Reply{500, ""}; });
    DurableQueue queue(dir.Path() / "q.sqlite", 1 << 20);
    CsprngRandom random;
    SystemClock clock;
    test::ChangeSignal signal;
    UploaderConfig config = DirectUploaderConfig(registry.Url());
    config.backoff_base_ms = 60'000;
    config.backoff_max_ms = 60'000;
    Uploader uploader(config, queue, random, clock, signal.Callback());
    AppendEvents(queue, 1);
    uploader.Start();
    ASSERT_TRUE(signal.WaitFor([&] { return uploader.State().consecutive_failures == 1; }));
    ASSERT_TRUE(uploader.WaitUntilAsleep(10s));
    const Worker::State backing_off = uploader.WorkerState();
    ASSERT_TRUE(backing_off.timer.has_value()) << "a failed upload must retry on its own";
    const auto retry_in = *backing_off.timer - Worker::Clock::now();
    EXPECT_GT(retry_in, 50s);
    EXPECT_LE(retry_in, 60s);

    AppendEvents(queue, 1);
    uploader.Notify();  // new events wait for the retry
    ASSERT_TRUE(uploader.WaitUntilAsleep(10s));
    EXPECT_EQ(registry.Requests().size(), 1u);
    EXPECT_EQ(uploader.WorkerState().timer, backing_off.timer);
    uploader.Stop();  // does not wait for the timer
    EXPECT_EQ(queue.Counters().backlog, 2);
}

TEST(Upload, BacklogRecordedWhileTheRegistryIsDownDrainsLater) {
    bk::test::TempDir dir;
    std::string url;
    {
        test::FakeRegistry down;  // start and stop one to get a port that refuses connections
        url = down.Url();
    }
    {
        Telemetry telemetry(TestConfig(dir.Path(), url));
        for (int i = 0; i < 50; ++i)
            telemetry.Record(ScreenEvent(i));
        ASSERT_TRUE(telemetry.WaitUntilDurable(10s));
        ASSERT_TRUE(telemetry.WaitForStatus([](const TelemetryStatus& status) { return !status.last_error.empty(); }, 10s));
        EXPECT_FALSE(telemetry.Status().connected);
        EXPECT_FALSE(telemetry.Status().last_error.empty());
        EXPECT_EQ(telemetry.Status().backlog, 50);
    }
    test::FakeRegistry registry;
    Telemetry telemetry(TestConfig(dir.Path(), registry.Url()));
    telemetry.Record(ScreenEvent(50));
    ASSERT_TRUE(telemetry.WaitUntilDrained(10s));
    EXPECT_EQ(registry.ReceivedIds().size(), 51u);
    EXPECT_EQ(*registry.StoredSeqs().rbegin(), 51);
}

}  // namespace
}  // namespace bk::telemetry
