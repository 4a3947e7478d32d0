// Index:
// [SECTION] ConnectionPool
// [SECTION] DeadlineStream (a socket stream whose reads end at the request's deadline)
// [SECTION] GuardedServer (the connection loop)
#include "src/http/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string>

#include "shared/clock.h"

namespace bk::registry {

namespace {

// Waits are cut into slices so a stopping server or a full pool is noticed within one slice.
constexpr int64_t kSliceMs = 100;

}  // namespace

// [SECTION] ConnectionPool

ConnectionPool::ConnectionPool(std::size_t start_threads, std::size_t max_threads)
    : m_max_threads(std::max<std::size_t>(1, max_threads)) {
    std::lock_guard lock(m_mutex);
    while (m_threads.size() < std::min(start_threads, m_max_threads)) SpawnLocked();
}

ConnectionPool::~ConnectionPool() { shutdown(); }

void ConnectionPool::SpawnLocked() {
    ++m_starting;
    m_threads.emplace_back([this] { WorkerLoop(); });
}

void ConnectionPool::enqueue(std::function<void()> job) {
    std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(job));
    // Every waiting job gets a thread of its own while there is room; idle threads are reused first.
    if (m_jobs.size() > m_idle + m_starting && m_threads.size() < m_max_threads) SpawnLocked();
    m_wake.notify_one();
}

void ConnectionPool::shutdown() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        m_shutdown = true;
        threads.swap(m_threads);
    }
    m_wake.notify_all();
    for (auto& thread : threads) thread.join();
}

bool ConnectionPool::Saturated() const {
    std::lock_guard lock(m_mutex);
    // Only when no thread can be added: a burst of connects below the maximum must not close idle ones.
    return m_threads.size() >= m_max_threads && m_jobs.size() > m_idle + m_starting;
}

std::size_t ConnectionPool::Threads() const {
    std::lock_guard lock(m_mutex);
    return m_threads.size();
}

void ConnectionPool::WorkerLoop() {
    {
        std::lock_guard lock(m_mutex);
        --m_starting;
    }
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            ++m_idle;
            m_wake.wait(lock, [&] { return !m_jobs.empty() || m_shutdown; });
            --m_idle;
            if (m_jobs.empty()) return;  // shutting down and nothing left
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();
    }
}

// [SECTION] DeadlineStream

namespace {

class DeadlineStream : public httplib::Stream {
public:
    DeadlineStream(int sock, const ConnectionLimits& limits, const std::atomic<socket_t>& listening)
        : m_sock(sock), m_limits(limits), m_listening(listening) {}

    // Waits for the next request's first byte; false = close the connection (idle too long, peer gone,
    // server stopping, or connections waiting for a thread).
    bool WaitForRequest(const ConnectionPool* pool) {
        if (m_begin < m_end) return true;  // a pipelined request is already buffered
        const int64_t give_up = bk::SteadyNowMs() + m_limits.keep_alive_timeout_ms;
        for (;;) {
            const int64_t left = give_up - bk::SteadyNowMs();
            if (left <= 0) return false;
            const int ready = Poll(POLLIN, std::min(left, kSliceMs));
            if (ready != 0) return ready > 0;
            if (m_listening == INVALID_SOCKET) return false;
            if (pool && pool->Saturated()) return false;  // idle for a whole slice while others wait
        }
    }

    void StartRequest() {
        m_deadline = bk::SteadyNowMs() + m_limits.request_timeout_ms;
        m_delivered = 0;
    }
    uint64_t Delivered() const { return m_delivered; }

    bool is_readable() const override { return m_begin < m_end || WaitReady(POLLIN, m_limits.read_timeout_ms); }
    bool is_writable() const override { return WaitReady(POLLOUT, m_limits.write_timeout_ms); }

    ssize_t read(char* ptr, size_t size) override {
        if (m_begin == m_end) {
            if (!WaitReady(POLLIN, m_limits.read_timeout_ms)) return -1;
            const ssize_t n = ::recv(m_sock, m_buffer.data(), m_buffer.size(), 0);
            if (n <= 0) return n;
            m_begin = 0;
            m_end = static_cast<std::size_t>(n);
        }
        const std::size_t n = std::min(size, m_end - m_begin);
        std::memcpy(ptr, m_buffer.data() + m_begin, n);
        m_begin += n;
        m_delivered += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable()) return -1;
        return ::send(m_sock, ptr, size, MSG_NOSIGNAL);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { Address(::getpeername, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { Address(::getsockname, ip, port); }
    socket_t socket() const override { return m_sock; }

private:
    // Reads wait no longer than the read timeout and never past the request's deadline; writes only the write
    // timeout (a client that does not read its answer is cut off by that).
    bool WaitReady(short events, int64_t timeout_ms) const {
        int64_t give_up = bk::SteadyNowMs() + timeout_ms;
        if (events == POLLIN) give_up = std::min(give_up, m_deadline);
        for (;;) {
            if (m_listening == INVALID_SOCKET) return false;
            const int64_t left = give_up - bk::SteadyNowMs();
            if (left <= 0) return false;
            const int ready = Poll(events, std::min(left, kSliceMs));
            if (ready != 0) return ready > 0;
        }
    }

    // 1 ready (or hung up: the read or write reports it), 0 not yet, -1 error.
    int Poll(short events, int64_t timeout_ms) const {
        pollfd entry{m_sock, events, 0};
        const int result = ::poll(&entry, 1, static_cast<int>(timeout_ms));
        if (result < 0) return errno == EINTR ? 0 : -1;
        return result > 0 ? 1 : 0;
    }

    template <class GetName>
    void Address(GetName get_name, std::string& ip, int& port) const {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        ip.clear();
        port = -1;
        if (get_name(m_sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
        char text[INET6_ADDRSTRLEN] = {};
        if (address.ss_family == AF_INET) {
            const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
            inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
            port = ntohs(v4->sin_port);
        } else if (address.ss_family == AF_INET6) {
            const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
            inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
            port = ntohs(v6->sin6_port);
        }
        ip = text;
    }

    int m_sock;
    const ConnectionLimits& m_limits;
    const std::atomic<socket_t>& m_listening;
    int64_t m_deadline = 0;
    uint64_t m_delivered = 0;  // bytes handed to httplib since StartRequest()
    std::array<char, 4096> m_buffer{};
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
};

// The body framing httplib will use, or nothing when it is doubtful (then the connection closes after the answer).
std::optional<uint64_t> PlainContentLength(const httplib::Request& req) {
    if (req.has_header("Transfer-Encoding")) return std::nullopt;
    const std::size_t count = req.get_header_value_count("Content-Length");
    if (count == 0) return 0;
    if (count > 1) return std::nullopt;
    const std::string text = req.get_header_value("Content-Length");
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoull(text);
}

}  // namespace

// [SECTION] GuardedServer

GuardedServer::GuardedServer(ConnectionLimits limits, std::size_t start_threads, std::size_t max_connections)
    : m_limits(limits) {
    keep_alive_max_count_ = std::max<std::size_t>(1, limits.keep_alive_max_count);
    keep_alive_timeout_sec_ = std::max<time_t>(1, static_cast<time_t>(limits.keep_alive_timeout_ms / 1000));
    new_task_queue = [this, start_threads, max_connections] {
        auto* pool = new ConnectionPool(start_threads, max_connections);
        std::lock_guard lock(m_pool_mutex);
        m_pool = pool;
        return pool;
    };
}

void GuardedServer::RaiseBacklog(int backlog) {
    const socket_t sock = svr_sock_;
    if (sock != INVALID_SOCKET) ::listen(sock, backlog);
}

namespace {

void DrainBeforeClose(socket_t sock) {
    // Closing a socket with unread bytes in it sends a reset, which can destroy the answer (a 413, a 401) before
    // the client has read it. So: no more writes, then read and drop what the client is still sending, until it
    // stops, for at most 2 s and 4 MiB, as nginx's lingering close does. Bounded, so a slow client gains nothing.
    ::shutdown(sock, SHUT_WR);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    std::size_t dropped = 0;
    char buffer[16 * 1024];
    while (dropped < 4u * 1024 * 1024) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) break;
        pollfd fd{sock, POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(std::min<long long>(left, 500))) <= 0) break;  // quiet for 0.5 s: done
        const ssize_t n = ::recv(sock, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        dropped += static_cast<std::size_t>(n);
    }
}

}  // namespace

bool GuardedServer::process_and_close_socket(socket_t sock) {
    const ConnectionPool* pool = nullptr;
    {
        std::lock_guard lock(m_pool_mutex);
        pool = m_pool;  // set before the first connection is accepted; lives until every connection has ended
    }
    DeadlineStream stream(sock, m_limits, svr_sock_);
    bool ok = false;
    bool unread_body = false;
    for (std::size_t served = 0; served < keep_alive_max_count_; ++served) {
        if (!stream.WaitForRequest(pool)) break;
        stream.StartRequest();
        bool connection_closed = false;
        bool headers_read = false;
        std::optional<uint64_t> content_length;
        uint64_t body_start = 0;
        const bool last = served + 1 == keep_alive_max_count_;
        ok = process_request(stream, last, connection_closed, [&](httplib::Request& req) {
            headers_read = true;
            content_length = PlainContentLength(req);
            body_start = stream.Delivered();
        });
        // An answer given before the body was read (401, 403, 413, 429, ...) leaves bytes that must never be
        // read as the next request.
        unread_body = headers_read && (!content_length || stream.Delivered() - body_start != *content_length);
        if (!ok || connection_closed || !headers_read || unread_body) break;
    }
    if (unread_body) DrainBeforeClose(sock);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
}


uint64_t RaiseOpenFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

}  // namespace bk::registry
