// A raw TCP client for tests that must send what a well-behaved HTTP client never would: bodies after an
// error answer, two Content-Length headers, bytes one at a time. Loopback only; every wait has a deadline.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace bk::test {

class RawConnection {
public:
    explicit RawConnection(int port) {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0) throw std::runtime_error("socket() failed");
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(m_fd);
            throw std::runtime_error("connect() to 127.0.0.1:" + std::to_string(port) + " failed");
        }
    }
    ~RawConnection() {
        if (m_fd >= 0) ::close(m_fd);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool Send(const std::string& bytes) {
        return ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }

    // Reads until the peer closes or `timeout` passes; returns what arrived. Closed() says which.
    std::string ReadUntilClosed(std::chrono::milliseconds timeout) {
        std::string received;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                                    std::chrono::steady_clock::now());
            if (left.count() <= 0) return received;
            pollfd entry{m_fd, POLLIN, 0};
            if (::poll(&entry, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                m_closed = true;
                return received;
            }
            received.append(buffer, static_cast<std::size_t>(n));
        }
    }

    // Reads until `marker` has arrived `count` times, the peer closes, or `timeout` passes.
    std::string ReadUntil(const std::string& marker, int count, std::chrono::milliseconds timeout) {
        std::string received;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (Count(received, marker) < count) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                                    std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd entry{m_fd, POLLIN, 0};
            if (::poll(&entry, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                m_closed = true;
                break;
            }
            received.append(buffer, static_cast<std::size_t>(n));
        }
        return received;
    }

    // What has arrived by now, without waiting.
    std::string ReadAvailable() {
        std::string received;
        pollfd entry{m_fd, POLLIN, 0};
        while (::poll(&entry, 1, 0) > 0) {
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                m_closed = true;
                break;
            }
            received.append(buffer, static_cast<std::size_t>(n));
        }
        return received;
    }

    bool Closed() const { return m_closed; }
    int Fd() const { return m_fd; }

    static int Count(const std::string& text, const std::string& marker) {
        int count = 0;
        for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + marker.size())) ++count;
        return count;
    }

private:
    int m_fd = -1;
    bool m_closed = false;
};

}  // namespace bk::test
