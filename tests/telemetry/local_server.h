// Runs an httplib::Server on a free loopback port in a thread, as cpp-httplib's own tests do. Ready when
// constructed: Debian's 0.11 has no wait_until_ready(), so a first request is sent and answered (a 404 is
// fine); an answer proves the accept loop runs, and only then does stop() end it. No test framework here: the
// telemetry benchmark uses it too, and a test reports the exception as its failure.
#pragma once
#include <httplib.h>

#include <stdexcept>
#include <string>
#include <thread>

namespace bk::telemetry::test {

class LocalServer {
public:
    explicit LocalServer(httplib::Server& server) : m_server(server) {
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        httplib::Client client("127.0.0.1", m_port);
        client.set_connection_timeout(10);
        client.set_read_timeout(10);
        if (!client.Get("/ready")) {
            m_server.stop();
            m_thread.join();
            throw std::runtime_error("local server on port " + std::to_string(m_port) + " did not answer");
        }
    }
    ~LocalServer() {
        m_server.stop();
        m_thread.join();
    }
    LocalServer(const LocalServer&) = delete;
    LocalServer& operator=(const LocalServer&) = delete;
    int Port() const { return m_port; }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    httplib::Server& m_server;
    int m_port = 0;
    std::thread m_thread;
};

}  // namespace bk::telemetry::test
