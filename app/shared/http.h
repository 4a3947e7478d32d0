// A small blocking HTTP client over libcurl, for worker threads only (never the UI thread). One instance
// per thread: it keeps its connection alive between requests.
#pragma once
#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/clock.h"

namespace bk {

struct HttpResponse {
    long status = 0;                        // 0 = no HTTP answer (see error)
    std::string body;
    std::optional<Millis> retry_after_ms;   // parsed Retry-After (seconds or HTTP date)
    std::string error;                      // transport error, empty when an HTTP answer arrived
};

struct HttpOptions {
    std::string ca_file;            // extra CA bundle; empty = system store. Verification is always on.
    Millis connect_timeout_ms = 10'000;
    Millis total_timeout_ms = 60'000;
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // `cancel` (optional) aborts a running transfer when it becomes true.
    HttpResponse Send(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                      std::string_view body, const std::atomic<bool>* cancel = nullptr);

private:
    HttpOptions m_options;
    void* m_curl = nullptr;  // CURL*
};

// gzip (RFC 1952) of `data`; throws std::runtime_error if zlib fails.
std::string GzipCompress(std::string_view data, int level = 5);
std::string GzipDecompress(std::string_view data);  // for tests

// Retry-After value -> milliseconds from now (delta-seconds or an HTTP date); nullopt if unparsable.
std::optional<Millis> ParseRetryAfter(std::string_view value, Millis now_wall_ms);

}  // namespace bk
