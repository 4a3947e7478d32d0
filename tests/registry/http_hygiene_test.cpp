// HTTP hygiene of the registry, in this process on loopback: an early 401/403/413/429 answer closes the
// connection so its body is never parsed as a next request (a raw socket sends the smuggled request);
// conflicting Content-Length, invalid UTF-8 (body, query, echoed header) and impossible dates answer 400 with
// clean JSON; a full disk (a real 2 MiB tmpfs, mounted as root) answers 503 with Retry-After.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "in_process_registry.h"
#include "raw_http.h"
#include "registry_test_util.h"
#include "src/auth/auth.h"
#include "src/http/server.h"
#include "src/storage/sqlite/sqlite_storage.h"

namespace bk::test {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z
const std::string kSmuggled = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

std::string RawPost(const std::string& path, const std::string& token, const std::string& body,
                    const std::string& extra_headers = "") {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
           extra_headers + "\r\n" + body;
}

// One answer with `status`, "Connection: close", and then the connection ends: the body was not run.
void ExpectOneAnswerThenClose(RawConnection& connection, int status) {
    const std::string received = connection.ReadUntilClosed(5s);
    EXPECT_TRUE(connection.Closed()) << "the server kept the connection open after an early answer";
    EXPECT_EQ(RawConnection::Count(received, "HTTP/1.1 "), 1) << received;
    EXPECT_EQ(received.rfind("HTTP/1.1 " + std::to_string(status), 0), 0u) << received;
    EXPECT_NE(received.find("Connection: close"), std::string::npos) << received;
}

class RegistryHygieneTest : public ::testing::Test {
protected:
    static InProcessOptions Options() {
        InProcessOptions options;
        options.config.rate_per_s = 1;  // one request, then 429 until the clock moves
        options.config.rate_burst = 1;
        return options;
    }
    RegistryHygieneTest() : m_registry(Options()), m_client(m_registry.BaseUrl()) { m_client.set_read_timeout(10, 0); }

    std::string ValidBatch() {
        return Batch("kiosk-1", json::array({m_events.Make("session_started", kT0, "a1b2c3d4")})).dump();
    }

    InProcessRegistry m_registry;
    httplib::Client m_client;
    EventFactory m_events;
};

// [SECTION] No smuggling after early answers

TEST_F(RegistryHygieneTest, UnauthorisedBodyIsNotReadAsNextRequest) {
    RawConnection connection(m_registry.Port());
    ASSERT_TRUE(connection.Send(RawPost("/v1/events", "not-a-token", kSmuggled)));
    ExpectOneAnswerThenClose(connection, 401);
}

TEST_F(RegistryHygieneTest, ForbiddenBodyIsNotReadAsNextRequest) {
    RawConnection connection(m_registry.Port());
    ASSERT_TRUE(connection.Send(RawPost("/v1/events", m_registry.ReaderToken(), kSmuggled)));
    ExpectOneAnswerThenClose(connection, 403);
}

TEST_F(RegistryHygieneTest, RateLimitedBodyIsNotReadAsNextRequestAndARetryOnANewConnectionWorks) {
    auto first = m_client.Post("/v1/events", Bearer(m_registry.KioskToken()), ValidBatch(), "application/json");
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200) << first->body;
    {
        RawConnection connection(m_registry.Port());
        ASSERT_TRUE(connection.Send(RawPost("/v1/events", m_registry.KioskToken(), kSmuggled)));
        ExpectOneAnswerThenClose(connection, 429);
    }
    m_registry.Clock().Advance(2'000);
    httplib::Client retry(m_registry.BaseUrl());
    auto again = retry.Post("/v1/events", Bearer(m_registry.KioskToken()), ValidBatch(), "application/json");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 200) << again->body;
}

TEST_F(RegistryHygieneTest, TooLargeBodyIsNotReadAsNextRequest) {
    RawConnection connection(m_registry.Port());
    const std::string head = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                             m_registry.KioskToken() + "\r\nContent-Length: 5000000\r\n\r\n";
    ASSERT_TRUE(connection.Send(head + kSmuggled));
    ExpectOneAnswerThenClose(connection, 413);
}

TEST_F(RegistryHygieneTest, HelpCallRateLimitedBodyIsNotReadAsNextRequest) {
    auto first = m_client.Post("/v1/events", Bearer(m_registry.KioskToken()), ValidBatch(), "application/json");
    ASSERT_TRUE(first);
    RawConnection connection(m_registry.Port());
    ASSERT_TRUE(connection.Send(RawPost("/v1/help-requests", m_registry.KioskToken(), kSmuggled)));
    ExpectOneAnswerThenClose(connection, 429);
}

TEST_F(RegistryHygieneTest, CompleteRequestsKeepTheConnection) {
    // A body read to its end leaves the connection usable: the close above is for unread bodies only.
    RawConnection connection(m_registry.Port());
    ASSERT_TRUE(connection.Send(RawPost("/v1/events", m_registry.KioskToken(), ValidBatch()) + kSmuggled + kSmuggled));
    const std::string received = connection.ReadUntil("HTTP/1.1 ", 3, 5s);
    EXPECT_FALSE(connection.Closed());
    EXPECT_EQ(RawConnection::Count(received, "HTTP/1.1 200"), 3) << received;
}

// [SECTION] Framing

TEST_F(RegistryHygieneTest, ConflictingContentLengthIs400AndCloses) {
    RawConnection connection(m_registry.Port());
    ASSERT_TRUE(connection.Send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                m_registry.KioskToken() + "\r\nContent-Length: 0\r\nContent-Length: " +
                                std::to_string(kSmuggled.size()) + "\r\n\r\n" + kSmuggled));
    ExpectOneAnswerThenClose(connection, 400);
}

TEST_F(RegistryHygieneTest, ContentLengthThatIsNotANumberIs400AndCloses) {
    RawConnection connection(m_registry.Port());
    ASSERT_TRUE(connection.Send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4x\r\n\r\n" + kSmuggled));
    ExpectOneAnswerThenClose(connection, 400);
}

// [SECTION] Invalid UTF-8 and impossible dates

void ExpectCleanJson400(const httplib::Result& res) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    const json body = json::parse(res->body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << res->body;
    EXPECT_TRUE(body["error"].is_string()) << res->body;
}

TEST_F(RegistryHygieneTest, InvalidUtf8BodyIs400) {
    const std::string batch = R"({"kiosk_id":"kiosk-1","events":[{"id":"\xff\xfe","type":"session_started"}]})";
    ExpectCleanJson400(m_client.Post("/v1/events", Bearer(m_registry.KioskToken()), batch, "application/json"));
    m_registry.Clock().Advance(2'000);
    const std::string help = "{\"kiosk_id\":\"kiosk-1\",\"session\":\"a1\xc3\x28\",\"screen\":\"guide\"}";
    ExpectCleanJson400(m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken()), help, "application/json"));
}

TEST_F(RegistryHygieneTest, InvalidUtf8QueryIs400) {
    const auto reader = Bearer(m_registry.ReaderToken());
    ExpectCleanJson400(m_client.Get("/v1/reports/summary?municipality=odder&service=%FF", reader));
    ExpectCleanJson400(m_client.Get("/v1/reports/funnel?municipality=odder&service=mitid-app%ED%A0%80", reader));
    ExpectCleanJson400(m_client.Get("/v1/help-requests?status=%C0%AF", reader));
}

TEST_F(RegistryHygieneTest, InvalidUtf8InAnEchoedHeaderIs400) {
    RawConnection connection(m_registry.Port());
    ASSERT_TRUE(connection.Send(RawPost("/v1/events", m_registry.KioskToken(), ValidBatch(), "Content-Encoding: x\xff\r\n")));
    const std::string received = connection.ReadUntilClosed(5s);
    ASSERT_EQ(received.rfind("HTTP/1.1 400", 0), 0u) << received;
    const json body = json::parse(received.substr(received.find("\r\n\r\n") + 4), nullptr, false);
    EXPECT_FALSE(body.is_discarded()) << received;
}

TEST_F(RegistryHygieneTest, ImpossibleDatesAre400) {
    const auto reader = Bearer(m_registry.ReaderToken());
    for (const char* date : {"2024-02-30", "2024-13-01", "2023-02-29", "2024-04-31", "2024-00-10", "2024-01-00"}) {
        SCOPED_TRACE(date);
        ExpectCleanJson400(m_client.Get(std::string("/v1/reports/summary?municipality=odder&from=") + date, reader));
        ExpectCleanJson400(m_client.Get(std::string("/v1/reports/kiosks?municipality=odder&to=") + date, reader));
    }
    auto leap = m_client.Get("/v1/reports/summary?municipality=odder&from=2024-02-29&to=2024-12-31", reader);
    ASSERT_TRUE(leap);
    EXPECT_EQ(leap->status, 200) << leap->body;
}

// [SECTION] Full disk

class TmpfsMount {
public:
    explicit TmpfsMount(const std::string& path, const std::string& size) : m_path(path) {
        std::filesystem::create_directories(path);
        m_mounted = ::mount("tmpfs", path.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
        if (!m_mounted) m_error = std::strerror(errno);
    }
    ~TmpfsMount() {
        if (m_mounted) ::umount2(m_path.c_str(), MNT_DETACH);
    }
    bool Mounted() const { return m_mounted; }
    const std::string& Error() const { return m_error; }

private:
    std::string m_path;
    bool m_mounted = false;
    std::string m_error;
};

// Writes until the file system says ENOSPC, in ever smaller pieces, so not one page is left.
void FillDisk(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    std::string block(1 << 16, 'x');
    for (std::size_t size = block.size(); size >= 512; size /= 2) {
        while (::write(fd, block.data(), size) == static_cast<ssize_t>(size)) {
        }
    }
    ::close(fd);
}

TEST(RegistryFullDisk, IngestAndHelpCallsAnswer503WithRetryAfterAndRecover) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a 2 MiB tmpfs for a real full disk";
    TempDir dir("bk-full-disk");
    TmpfsMount disk(dir / "disk", "2m");
    if (!disk.Mounted()) GTEST_SKIP() << "cannot mount tmpfs: " << disk.Error();

    bk::ManualClock clock(kT0 + 86'400'000);
    bk::registry::ServeConfig config = InProcessOptions::DefaultConfig();
    config.db_path = dir / "disk/registry.db";
    config.host = "127.0.0.1";
    config.port = 0;
    config.rate_per_s = 0;
    const std::string token = bk::registry::GenerateToken();
    {
        bk::registry::SqliteStorage storage(config.db_path);
        ASSERT_TRUE(storage.AddKiosk("odder", "kiosk-1", bk::registry::Sha256Hex(token), clock.WallMs()));
    }
    bk::registry::RegistryServer server(config, clock);
    const int port = server.Bind();
    std::thread thread([&] { server.Listen(); });
    const auto started = std::chrono::steady_clock::now();
    while (!server.IsRunning() && std::chrono::steady_clock::now() - started < 10s) std::this_thread::yield();
    ASSERT_TRUE(server.IsRunning());

    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10, 0);
    EventFactory events;
    auto batch = [&](int count) {
        json list = json::array();
        for (int i = 0; i < count; ++i) list.push_back(events.Make("session_started", kT0 + i, "a1b2c3d4"));
        return Batch("kiosk-1", list).dump();
    };
    const json help = {{"kiosk_id", "kiosk-1"}, {"session", "a1b2c3d4"}, {"screen", "guide"}};

    FillDisk(dir / "disk/filler");
    auto full_help = client.Post("/v1/help-requests", Bearer(token), help.dump(), "application/json");
    auto full_ingest = client.Post("/v1/events", Bearer(token), batch(200), "application/json");
    for (const auto* res : {&full_help, &full_ingest}) {
        ASSERT_TRUE(*res);
        EXPECT_EQ((*res)->status, 503) << (*res)->body;
        EXPECT_EQ((*res)->get_header_value("Retry-After"), "60");
        const json body = json::parse((*res)->body, nullptr, false);
        EXPECT_TRUE(!body.is_discarded() && body["error"].is_string()) << (*res)->body;
    }

    std::filesystem::remove(dir / "disk/filler");
    auto ingest = client.Post("/v1/events", Bearer(token), batch(200), "application/json");
    ASSERT_TRUE(ingest);
    EXPECT_EQ(ingest->status, 200) << ingest->body;
    auto created = client.Post("/v1/help-requests", Bearer(token), help.dump(), "application/json");
    ASSERT_TRUE(created);
    EXPECT_EQ(created->status, 201) << created->body;

    server.Stop();
    thread.join();
}

}  // namespace
}  // namespace bk::test
