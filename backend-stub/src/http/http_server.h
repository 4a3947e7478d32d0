// The connection layer under the route table: cpp-httplib's Server with its own connection loop, so a slow
// or idle client cannot take the server from everyone else (see README "A registry that keeps serving").
//
// - ConnectionPool: one thread per open connection, created on demand up to `max_connections`. httplib runs a
//   connection on one worker for its whole keep-alive life, so a fixed pool of 8 was held by 8 idle sockets.
// - GuardedServer (plain HTTP): every request, headers and body, must arrive within `request_timeout_ms` of its
//   first byte (a client that trickles header bytes is cut off); an idle keep-alive connection is closed after
//   `keep_alive_timeout_s`, or at once when connections wait for a thread; a request whose body was not read to
//   its end (an early 401/403/413/429 answer), or whose framing is doubtful (two Content-Length headers,
//   chunked), closes the connection, so no body can be parsed as a next request.
#pragma once
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace bk::registry {

class ConnectionPool : public httplib::TaskQueue {
public:
    ConnectionPool(std::size_t start_threads, std::size_t max_threads);
    ~ConnectionPool() override;

    void enqueue(std::function<void()> job) override;
    void shutdown() override;  // runs the queued jobs, then joins every thread

    // True while accepted connections wait for a thread: idle keep-alive connections should make room.
    bool Saturated() const;
    std::size_t Threads() const;

private:
    void SpawnLocked();
    void WorkerLoop();

    const std::size_t m_max_threads;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    std::size_t m_idle = 0;      // threads waiting for a job
    std::size_t m_starting = 0;  // threads spawned that have not reached their loop yet
    bool m_shutdown = false;
};

struct ConnectionLimits {
    int64_t request_timeout_ms = 15'000;  // a whole request (headers + body) from its first byte
    int64_t read_timeout_ms = 10'000;     // silence between two reads
    int64_t write_timeout_ms = 10'000;    // a response the client does not read
    int64_t keep_alive_timeout_ms = 5'000;
    std::size_t keep_alive_max_count = 100;
};

class GuardedServer : public httplib::Server {
public:
    GuardedServer(ConnectionLimits limits, std::size_t start_threads, std::size_t max_connections);

    // The Debian library listens with a backlog of 5; a burst of connects beyond it waits for SYN retries (1 s,
    // 3 s). Call after bind: Linux accepts a second listen() that only changes the backlog.
    void RaiseBacklog(int backlog);

private:
    bool process_and_close_socket(socket_t sock) override;

    ConnectionLimits m_limits;
    ConnectionPool* m_pool = nullptr;  // owned by listen_after_bind() while it runs
    std::mutex m_pool_mutex;
};

// Raises the soft limit of open files to the hard limit (each connection holds one); returns the soft limit now.
uint64_t RaiseOpenFileLimit();

}  // namespace bk::registry
