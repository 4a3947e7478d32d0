// The registry's HTTP API, served in this process (InProcessRegistry: a ManualClock, a real SQLite file or a
// real PostgreSQL database, a real client over loopback): auth and scopes, dedupe, partial rejects, every error code, gzip, help-call
// lifecycle, restart, rate limit, revocation, TLS. The command line and SIGTERM run the real registry-stub.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <cstdlib>
#include <filesystem>

#include "in_process_registry.h"
#include "registry_fixture.h"
#include "registry_test_util.h"
#include "src/storage/schema_migrations.h"

namespace bk::test {
namespace {

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z

// Every test of this suite runs on SQLite and on PostgreSQL (Sqlite/..., Postgres/... in the test names).
class RegistryApiTest : public ::testing::TestWithParam<Engine> {
protected:
    RegistryApiTest() : m_client(m_registry.BaseUrl()) { m_client.set_read_timeout(10, 0); }

    httplib::Result PostEvents(const json& body, const std::string& token) {
        return m_client.Post("/v1/events", Bearer(token), body.dump(), "application/json");
    }

    InProcessRegistry m_registry{WithEngine(GetParam())};
    httplib::Client m_client;
    EventFactory m_events;
};

INSTANTIATE_TEST_SUITE_P(Engines, RegistryApiTest, kBothEngines, EngineName);

std::string Gzip(const std::string& text) {
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // +16: gzip wrapper
    std::string out(deflateBound(&stream, text.size()) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

// [SECTION] Basics

TEST_P(RegistryApiTest, HealthReportsSchemaVersion) {
    auto res = m_client.Get("/health");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    const json body = json::parse(res->body);
    EXPECT_EQ(body["status"], "ok");
    // The newest migration, with the same number on both engines.
    EXPECT_EQ(body["schema_version"], bk::registry::AllMigrations().back().version);
}

TEST_P(RegistryApiTest, StrategyListsThemesWithTheirServices) {
    auto res = m_client.Get("/v1/strategy/odder");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    const json body = json::parse(res->body);
    EXPECT_EQ(body["id"], "odder");
    ASSERT_EQ(body["themes"].size(), 2u);
    EXPECT_EQ(body["themes"][0]["id"], "medvirken");
    EXPECT_EQ(body["themes"][0]["services"], json({"digital-post", "mitid-app"}));
    auto missing = m_client.Get("/v1/strategy/nowhere");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
}

TEST_P(RegistryApiTest, UnknownPathIs404WithJson) {
    auto res = m_client.Get("/v2/nothing");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_TRUE(json::parse(res->body).contains("error"));
}

// [SECTION] Ingest

TEST_P(RegistryApiTest, AcceptsValidBatch) {
    json events = json::array();
    for (int i = 0; i < 3; ++i) events.push_back(m_events.Make("screen_viewed", kT0 + i, "a1b2c3d4", {{"screen", "home"}}));
    auto res = PostEvents(Batch("kiosk-1", events), m_registry.KioskToken());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(json::parse(res->body), json({{"accepted", 3}, {"duplicates", 0}, {"rejected", json::array()}}));
}

TEST_P(RegistryApiTest, DuplicateIdsChangeNothing) {
    const json event = m_events.Make("screen_viewed", kT0, "a1b2c3d4", {{"screen", "home"}});
    auto first = PostEvents(Batch("kiosk-1", json::array({event})), m_registry.KioskToken());
    ASSERT_TRUE(first);
    EXPECT_EQ(json::parse(first->body)["accepted"], 1);
    // The same id again, also twice inside one batch: duplicates, not errors.
    auto again = PostEvents(Batch("kiosk-1", json::array({event, event})), m_registry.KioskToken());
    ASSERT_TRUE(again);
    ASSERT_EQ(again->status, 200);
    const json body = json::parse(again->body);
    EXPECT_EQ(body["accepted"], 0);
    EXPECT_EQ(body["duplicates"], 2);

    auto summary = m_client.Get("/v1/reports/summary?municipality=odder", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(summary);
    EXPECT_EQ(json::parse(summary->body)["totals"]["events"], 1);
}

TEST_P(RegistryApiTest, PartialRejectsKeepValidEvents) {
    json bad_type = m_events.Make("teleported", kT0, "a1b2c3d4");
    json bad_rating = m_events.Make("feedback_submitted", kT0, "a1b2c3d4",
                                    {{"rating", 9}, {"task_done", "yes"}, {"reasons", json::array()}});
    json not_object = 42;
    json good = m_events.Make("session_started", kT0, "a1b2c3d4");
    auto res = PostEvents(Batch("kiosk-1", json::array({bad_type, good, bad_rating, not_object})), m_registry.KioskToken());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    const json body = json::parse(res->body);
    EXPECT_EQ(body["accepted"], 1);
    EXPECT_EQ(body["duplicates"], 0);
    ASSERT_EQ(body["rejected"].size(), 3u);
    EXPECT_EQ(body["rejected"][0]["index"], 0);
    EXPECT_NE(body["rejected"][0]["error"].get<std::string>().find("/type"), std::string::npos);
    EXPECT_EQ(body["rejected"][1]["index"], 2);
    EXPECT_EQ(body["rejected"][1]["error"], "/data/rating: must be <= 5");
    EXPECT_EQ(body["rejected"][2]["index"], 3);
}

TEST_P(RegistryApiTest, MalformedJsonIs400WithMessage) {
    for (const std::string& body : std::vector<std::string>{"{\"kiosk_id\": \"kiosk-1\", \"events\": [", "[]", "{\"kiosk_id\": 1, \"events\": []}",
                                   "{\"kiosk_id\": \"kiosk-1\"}", "{\"kiosk_id\": \"kiosk-1\", \"events\": [{\"ts\": 1e99999}]}", std::string(100, '[') + std::string(100, ']')}) {
        auto res = m_client.Post("/v1/events", Bearer(m_registry.KioskToken()), body, "application/json");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 400) << body;
        EXPECT_FALSE(json::parse(res->body)["error"].get<std::string>().empty());
    }
}

TEST_P(RegistryApiTest, TokensAndScopes) {
    const json batch = Batch("kiosk-1", json::array({m_events.Make("session_started", kT0, "a1b2c3d4")}));
    auto none = m_client.Post("/v1/events", batch.dump(), "application/json");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 401);
    auto wrong = PostEvents(batch, std::string(64, 'a'));
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    auto reader = PostEvents(batch, m_registry.ReaderToken());
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->status, 403);

    // A kiosk token writes only its own kiosk's events.
    const std::string other = m_registry.AddKiosk("odder", "kiosk-2");
    auto foreign = PostEvents(batch, other);
    ASSERT_TRUE(foreign);
    EXPECT_EQ(foreign->status, 403);

    // A reader token reads only its municipality; kiosk tokens read no reports.
    auto own = m_client.Get("/v1/reports/summary?municipality=odder", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(own);
    EXPECT_EQ(own->status, 200);
    auto elsewhere = m_client.Get("/v1/reports/summary?municipality=esbjerg", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(elsewhere);
    EXPECT_EQ(elsewhere->status, 403);
    auto kiosk = m_client.Get("/v1/reports/summary?municipality=odder", Bearer(m_registry.KioskToken()));
    ASSERT_TRUE(kiosk);
    EXPECT_EQ(kiosk->status, 403);
    auto no_token = m_client.Get("/v1/reports/kiosks?municipality=odder");
    ASSERT_TRUE(no_token);
    EXPECT_EQ(no_token->status, 401);
}

TEST_P(RegistryApiTest, BodyOverOneMebibyteIs413) {
    std::string body = "{\"kiosk_id\": \"kiosk-1\", \"events\": [], \"pad\": \"" + std::string(1024 * 1024, 'x') + "\"}";
    auto res = m_client.Post("/v1/events", Bearer(m_registry.KioskToken()), body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    // The server is still fine afterwards.
    httplib::Client fresh(m_registry.BaseUrl());
    auto health = fresh.Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
}

TEST_P(RegistryApiTest, GzipBodiesAreAccepted) {
    json events = json::array();
    for (int i = 0; i < 50; ++i) events.push_back(m_events.Make("screen_viewed", kT0 + i, "a1b2c3d4", {{"screen", "home"}}));
    httplib::Headers headers = Bearer(m_registry.KioskToken());
    headers.emplace("Content-Encoding", "gzip");
    auto res = m_client.Post("/v1/events", headers, Gzip(Batch("kiosk-1", events).dump()), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(json::parse(res->body)["accepted"], 50);

    // httplib's own client compression takes the same path.
    httplib::Client compressing(m_registry.BaseUrl());
    compressing.set_compress(true);
    auto again = compressing.Post("/v1/events", Bearer(m_registry.KioskToken()),
                                  Batch("kiosk-1", json::array({m_events.Make("session_started", kT0, "a1b2c3d4")})).dump(),
                                  "application/json");
    ASSERT_TRUE(again);
    EXPECT_EQ(json::parse(again->body)["accepted"], 1);
}

TEST_P(RegistryApiTest, GzipBombIs413) {
    const std::string bomb = Gzip(std::string(32 * 1024 * 1024, ' '));
    ASSERT_LT(bomb.size(), 1024u * 1024u);  // small on the wire
    httplib::Headers headers = Bearer(m_registry.KioskToken());
    headers.emplace("Content-Encoding", "gzip");
    auto res = m_client.Post("/v1/events", headers, bomb, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
}

TEST_P(RegistryApiTest, GarbageGzipIsRejected) {
    httplib::Headers headers = Bearer(m_registry.KioskToken());
    headers.emplace("Content-Encoding", "gzip");
    auto res = m_client.Post("/v1/events", headers, "this is not gzip at all", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
}

TEST_P(RegistryApiTest, EventsSurviveRestart) {
    auto res = PostEvents(Batch("kiosk-1", json::array({m_events.Make("session_started", kT0, "a1b2c3d4")})), m_registry.KioskToken());
    ASSERT_TRUE(res);
    m_registry.Restart();
    httplib::Client client(m_registry.BaseUrl());
    auto summary = client.Get("/v1/reports/summary?municipality=odder", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(summary);
    EXPECT_EQ(json::parse(summary->body)["totals"]["events"], 1);
}

// The real binary: SIGTERM ends `serve` with exit status 0 after closing the database.
TEST(RegistryProcessTest, SigtermStopsCleanly) {
    RegistryFixture registry;
    httplib::Client client(registry.BaseUrl());
    auto health = client.Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    registry.Stop();
    EXPECT_EQ(registry.LastExitStatus(), 0);
    EXPECT_NE(registry.ReadLog().find("stopped"), std::string::npos);
}

// [SECTION] Help calls

TEST_P(RegistryApiTest, HelpCallLifecycle) {
    const json request = {{"kiosk_id", "kiosk-1"}, {"session", "a1b2c3d4"}, {"screen", "guide"}, {"service", "mitid-app"}};
    auto created = m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken()), request.dump(), "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    const json call = json::parse(created->body);
    EXPECT_EQ(call["status"], "open");
    EXPECT_TRUE(call["created_ts"].is_number_integer());
    const std::string id = call["id"];

    // Staff (reader token) see it among the open calls.
    auto open = m_client.Get("/v1/help-requests?status=open", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(open);
    ASSERT_EQ(open->status, 200);
    ASSERT_EQ(json::parse(open->body)["help_requests"].size(), 1u);

    // Staff at the kiosk (kiosk token) acknowledge, the kiosk polls.
    auto ack = m_client.Post("/v1/help-requests/" + id + "/ack", Bearer(m_registry.KioskToken()), "", "application/json");
    ASSERT_TRUE(ack);
    ASSERT_EQ(ack->status, 200);
    EXPECT_EQ(json::parse(ack->body)["status"], "acknowledged");
    auto poll = m_client.Get("/v1/help-requests/" + id, Bearer(m_registry.KioskToken()));
    ASSERT_TRUE(poll);
    const json polled = json::parse(poll->body);
    EXPECT_EQ(polled["status"], "acknowledged");
    EXPECT_TRUE(polled["ack_ts"].is_number_integer());
    EXPECT_TRUE(polled["resolved_ts"].is_null());

    auto resolve = m_client.Post("/v1/help-requests/" + id + "/resolve", Bearer(m_registry.ReaderToken()), "",
                                 "application/json");
    ASSERT_TRUE(resolve);
    EXPECT_EQ(json::parse(resolve->body)["status"], "resolved");
    auto late_ack = m_client.Post("/v1/help-requests/" + id + "/ack", Bearer(m_registry.ReaderToken()), "", "application/json");
    ASSERT_TRUE(late_ack);
    EXPECT_EQ(late_ack->status, 409);
    auto none_open = m_client.Get("/v1/help-requests?status=open", Bearer(m_registry.KioskToken()));
    ASSERT_TRUE(none_open);
    EXPECT_TRUE(json::parse(none_open->body)["help_requests"].empty());
}

TEST_P(RegistryApiTest, HelpCallScopes) {
    const json request = {{"kiosk_id", "kiosk-1"}, {"screen", "home"}};
    auto by_reader = m_client.Post("/v1/help-requests", Bearer(m_registry.ReaderToken()), request.dump(), "application/json");
    ASSERT_TRUE(by_reader);
    EXPECT_EQ(by_reader->status, 403);
    auto bad = m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken()), "{\"kiosk_id\": \"kiosk-1\"}",
                             "application/json");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    auto created = m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken()), request.dump(), "application/json");
    ASSERT_TRUE(created);
    const std::string id = json::parse(created->body)["id"];

    // Another municipality's tokens cannot see or touch it.
    const std::string esbjerg_reader = m_registry.AddReader("esbjerg", "staff");
    const std::string esbjerg_kiosk = m_registry.AddKiosk("esbjerg", "esbjerg-1");
    auto peek = m_client.Get("/v1/help-requests/" + id, Bearer(esbjerg_reader));
    ASSERT_TRUE(peek);
    EXPECT_EQ(peek->status, 404);
    auto ack = m_client.Post("/v1/help-requests/" + id + "/ack", Bearer(esbjerg_kiosk), "", "application/json");
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->status, 404);
    auto list = m_client.Get("/v1/help-requests?status=open", Bearer(esbjerg_reader));
    ASSERT_TRUE(list);
    EXPECT_TRUE(json::parse(list->body)["help_requests"].empty());
    auto bad_status = m_client.Get("/v1/help-requests?status=lost", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(bad_status);
    EXPECT_EQ(bad_status->status, 400);
}

// [SECTION] Rate limit (own server: a low limit)

TEST(RegistryRateLimitTest, TooManyRequestsIs429WithRetryAfter) {
    InProcessOptions options;
    options.config.rate_per_s = 1;  // burst 2
    options.config.rate_burst = 2;
    InProcessRegistry registry(options);
    httplib::Client client(registry.BaseUrl());
    EventFactory events;
    auto post = [&](const std::string& kiosk_id, const std::string& token) {
        const json batch = Batch(kiosk_id, json::array({events.Make("session_started", kT0, "a1b2c3d4")}));
        return client.Post("/v1/events", Bearer(token), batch.dump(), "application/json");
    };
    // The clock stands still: the burst of two passes, then every request waits for a token.
    EXPECT_EQ(post("kiosk-1", registry.KioskToken())->status, 200);
    EXPECT_EQ(post("kiosk-1", registry.KioskToken())->status, 200);
    for (int i = 0; i < 3; ++i) {
        auto res = post("kiosk-1", registry.KioskToken());
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 429);
        EXPECT_EQ(res->get_header_value("Retry-After"), "1");
    }
    // Other kiosks are not affected.
    const std::string other = registry.AddKiosk("odder", "kiosk-2");
    EXPECT_EQ(post("kiosk-2", other)->status, 200);
    // One second refills one token, not more.
    registry.Clock().Advance(999);
    EXPECT_EQ(post("kiosk-1", registry.KioskToken())->status, 429);
    registry.Clock().Advance(1);
    EXPECT_EQ(post("kiosk-1", registry.KioskToken())->status, 200);
    EXPECT_EQ(post("kiosk-1", registry.KioskToken())->status, 429);
}

// [SECTION] Schema override

TEST(RegistrySchemaOverrideTest, ServeUsesSchemaFile) {
    TempDir dir;
    const std::string path = dir / "strict.schema.json";
    {
        std::ofstream file(path);
        file << R"({"type": "object", "required": ["never-present"]})";
    }
    InProcessOptions strict;
    strict.config.schema_path = path;
    InProcessRegistry registry(strict);
    httplib::Client client(registry.BaseUrl());
    EventFactory events;
    auto res = client.Post("/v1/events", Bearer(registry.KioskToken()),
                           Batch("kiosk-1", json::array({events.Make("session_started", kT0, "a1b2c3d4")})).dump(),
                           "application/json");
    ASSERT_TRUE(res);
    const json body = json::parse(res->body);
    EXPECT_EQ(body["accepted"], 0);
    ASSERT_EQ(body["rejected"].size(), 1u);
    EXPECT_EQ(body["rejected"][0]["error"], "(root): missing required property 'never-present'");

    InProcessOptions broken;
    broken.config.schema_path = dir / "missing.json";
    EXPECT_THROW(InProcessRegistry{broken}, std::runtime_error);
}

TEST_P(RegistryApiTest, UnknownContentEncodingIs415) {
    httplib::Headers headers = Bearer(m_registry.KioskToken());
    headers.emplace("Content-Encoding", "compress");
    auto res = m_client.Post("/v1/events", headers, "xxxx", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 415);
}

// httplib's client always sends a Content-Length, so speak HTTP by hand for a chunked body.
TEST_P(RegistryApiTest, ChunkedBodyIs411) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(m_registry.Port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const std::string request = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                m_registry.KioskToken() +
                                "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
    std::string response;
    char buffer[1024];
    ssize_t n = 0;
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    EXPECT_EQ(response.rfind("HTTP/1.1 411", 0), 0u) << response;
}

// [SECTION] CLI

TEST(RegistryCliTest, HelpIsGeneratedForEveryCommand) {
    auto [status, out] = RegistryFixture::RunCli({"--help"});
    EXPECT_EQ(status, 0);
    for (const char* command : {"serve", "kiosk", "reader"}) EXPECT_NE(out.find(command), std::string::npos) << out;
    auto [serve_status, serve_help] = RegistryFixture::RunCli({"serve", "--help"});
    EXPECT_EQ(serve_status, 0);
    for (const char* option : {"--db", "--listen", "--rate-limit", "--token-cache-s", "--heartbeat-interval-s"}) {
        EXPECT_NE(serve_help.find(option), std::string::npos) << serve_help;
    }
    auto [kiosk_status, kiosk_help] = RegistryFixture::RunCli({"kiosk", "--help"});
    EXPECT_EQ(kiosk_status, 0);
    for (const char* command : {"add", "rotate", "revoke"}) EXPECT_NE(kiosk_help.find(command), std::string::npos);
}

// A bad command line exits 2 and prints nothing on stdout (a script reading a token gets no garbage).
TEST(RegistryCliTest, BadCommandLinesExitTwo) {
    const std::string db = (std::filesystem::temp_directory_path() / "bk-cli-never-created.db").string();
    const std::vector<std::vector<std::string>> bad = {
        {},
        {"serve"},                                                 // --db missing
        {"serve", "--db", db, "--rate-limit", "abc"},              // not a number
        {"serve", "--db", db, "--rate-limit", "-1"},
        {"serve", "--db", db, "--threads", "8x"},
        {"serve", "--db", db, "--listen", "127.0.0.1:notaport"},
        {"serve", "--db", db, "--listen", "127.0.0.1:65536"},
        {"serve", "--db", db, "--tls-cert", "cert.pem"},           // --tls-key goes with it
        {"serve", "--db", db, "--unknown", "1"},
        {"kiosk", "add", "--db"},                                  // dangling option
        {"kiosk", "add", "--db", db, "--municipality", "odder"},   // --id missing
        {"kiosk", "add", "--db", db, "--municipality", "odder", "--id", "kiosk 1"},  // not an id
        {"kiosk", "add", "--db", db, "--municipality", "odder/..", "--id", "k1"},
        {"kiosk", "fly", "--db", db},
        {"reader", "add", "--db", db, "--municipality", "odder", "--name", ""},
    };
    for (const auto& args : bad) {
        auto [status, out] = RegistryFixture::RunCli(args);
        std::string line;
        for (const auto& arg : args) line += arg + " ";
        EXPECT_EQ(status, 2) << line;
        EXPECT_TRUE(out.empty()) << line << "-> " << out;
    }
    EXPECT_FALSE(std::filesystem::exists(db)) << "a rejected command line must not touch the database";
}

TEST(RegistryCliTest, KioskIdsAreUnique) {
    RegistryOptions options;
    options.start = false;
    RegistryFixture registry(options);
    auto [status, out] = RegistryFixture::RunCli(
        {"kiosk", "add", "--db", registry.DbPath(), "--municipality", "odder", "--id", "kiosk-1"});
    EXPECT_NE(status, 0);
    EXPECT_TRUE(out.empty());  // no token printed
}

// [SECTION] Revocation

// A lost kiosk's token and a departed designer's token stop working; a replaced kiosk gets a new token and
// keeps its data. The server looks a token up again once --token-cache-s (1 s here) has passed on its clock.
// Rotation and revocation run the real CLI against the database the server is using, as an operator would.
TEST(RegistryRevocationTest, RevokedAndRotatedTokensStopWorking) {
    InProcessOptions options;
    options.config.token_cache_s = 1;
    InProcessRegistry registry(options);
    httplib::Client client(registry.BaseUrl());
    EventFactory events;
    auto post = [&](const std::string& token) {
        auto res = client.Post("/v1/events", Bearer(token),
                               Batch("kiosk-1", json::array({events.Make("session_started", kT0, "a1b2c3d4")})).dump(),
                               "application/json");
        return res ? res->status : -1;
    };
    auto report = [&](const std::string& token) {
        auto res = client.Get("/v1/reports/kiosks?municipality=odder", Bearer(token));
        return res ? res->status : -1;
    };
    const std::string old_token = registry.KioskToken();
    ASSERT_EQ(post(old_token), 200);
    ASSERT_EQ(report(registry.ReaderToken()), 200);

    // Rotate kiosk-1 (a replaced device): the new token works at once; the old one until the cache time ends.
    auto [rotated, out] = RegistryFixture::RunCli({"kiosk", "rotate", "--db", registry.DbPath(), "--id", "kiosk-1"});
    ASSERT_EQ(rotated, 0);
    const std::string new_token = out.substr(0, 64);
    EXPECT_EQ(post(new_token), 200);
    registry.Clock().Advance(999);
    EXPECT_EQ(post(old_token), 200) << "still cached: revocation takes up to --token-cache-s";
    registry.Clock().Advance(1);
    EXPECT_EQ(post(old_token), 401);

    // Revoke it (a stolen device) and the reader: nothing works any more; the kiosk's events stay.
    EXPECT_EQ(RegistryFixture::RunCli({"kiosk", "revoke", "--db", registry.DbPath(), "--id", "kiosk-1"}).first, 0);
    EXPECT_EQ(RegistryFixture::RunCli({"reader", "revoke", "--db", registry.DbPath(), "--municipality", "odder", "--name",
                                       "service-designers"}).first, 0);
    registry.Clock().Advance(1'000);
    EXPECT_EQ(post(new_token), 401);
    EXPECT_EQ(report(registry.ReaderToken()), 401);
    const std::string reader = registry.AddReader("odder", "auditor");
    auto kiosks = client.Get("/v1/reports/kiosks?municipality=odder", Bearer(reader));
    ASSERT_TRUE(kiosks);
    EXPECT_EQ(json::parse(kiosks->body)["kiosks"][0]["events_received"], 3) << kiosks->body;  // the three accepted posts

    // Unknown names are errors, not silent successes.
    EXPECT_EQ(RegistryFixture::RunCli({"kiosk", "revoke", "--db", registry.DbPath(), "--id", "kiosk-1"}).first, 1);
    EXPECT_EQ(RegistryFixture::RunCli({"kiosk", "rotate", "--db", registry.DbPath(), "--id", "no-such-kiosk"}).first, 1);
    EXPECT_EQ(RegistryFixture::RunCli({"reader", "revoke", "--db", registry.DbPath(), "--municipality", "odder"}).first, 2);
}

// [SECTION] TLS

TEST(RegistryTlsTest, ServesHttps) {
    TempDir dir;
    const std::string cert = dir / "cert.pem";
    const std::string key = dir / "key.pem";
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + key +
                                " -out " + cert + " > /dev/null 2>&1";
    if (std::system(command.c_str()) != 0) GTEST_SKIP() << "openssl command line tool not available";
    InProcessOptions tls_options;
    tls_options.config.tls_cert = cert;
    tls_options.config.tls_key = key;
    InProcessRegistry tls_registry(tls_options);
    httplib::SSLClient client("127.0.0.1", tls_registry.Port());
    client.enable_server_certificate_verification(false);
    auto res = client.Get("/health");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    // Plain HTTP to the TLS port gets nowhere.
    httplib::Client plain(tls_registry.BaseUrl());
    plain.set_read_timeout(2, 0);
    auto refused = plain.Get("/health");
    EXPECT_TRUE(!refused || refused->status != 200);
}

}  // namespace
}  // namespace bk::test
