#include "src/http/request_checks.h"

#include <cstdio>

#include "shared/utf8.h"
#include "src/reports/reports.h"

namespace bk::registry {

std::optional<Principal> RequireToken(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
    AuthFailure failure = AuthFailure::None;
    auto who = Authenticate(*ctx.tokens, req.get_header_value("Authorization"), failure);
    if (!who) {
        res.set_header("WWW-Authenticate", "Bearer");
        SendJson(res, ApiError(401, failure == AuthFailure::Missing ? "missing bearer token" : "unknown token"));
    }
    return who;
}

bool RequireReader(const Principal& who, const std::string& municipality, httplib::Response& res) {
    if (!who.IsReader()) {
        SendJson(res, ApiError(403, "reports need a reader token"));
        return false;
    }
    if (municipality != who.token.municipality) {
        SendJson(res, ApiError(403, "this token reads only municipality '" + who.token.municipality + "'"));
        return false;
    }
    return true;
}

bool RateLimited(ServerContext& ctx, const Principal& who, httplib::Response& res) {
    const int64_t wait_s = ctx.limiter->Acquire(who.token.kiosk_id, ctx.clock.MonotonicMs());
    if (wait_s == 0) return false;
    res.set_header("Retry-After", std::to_string(wait_s));
    SendJson(res, ApiError(429, "too many requests from kiosk '" + who.token.kiosk_id + "'; retry later"));
    return true;
}

bool ReadBody(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
              const httplib::ContentReader& reader, std::string& body) {
    if (req.is_multipart_form_data()) {
        SendJson(res, ApiError(415, "send application/json, not multipart"));
        return false;
    }
    bool too_large = false;
    const bool ok = reader([&](const char* data, std::size_t length) {
        if (body.size() + length > ctx.config.max_decompressed_bytes) {
            too_large = true;
            return false;
        }
        body.append(data, length);
        return true;
    });
    if (too_large) {
        SendJson(res, ApiError(413, "body too large after decompression"));
        return false;
    }
    if (!ok) {
        // httplib leaves its verdict in res.status: 413 over the 1 MiB limit, 415 unknown encoding.
        if (res.status == 413) SendJson(res, ApiError(413, "body larger than the 1 MiB limit"));
        else if (res.status == 415) SendJson(res, ApiError(415, "unsupported Content-Encoding"));
        else SendJson(res, ApiError(400, "could not read the request body (bad gzip or truncated)"));
        return false;
    }
    if (!IsValidUtf8(body)) {
        SendJson(res, ApiError(400, "the body is not valid UTF-8"));
        return false;
    }
    return true;
}

bool RequestTextIsUtf8(const httplib::Request& req) {
    if (!IsValidUtf8(req.path) || !IsValidUtf8(req.get_header_value("Content-Encoding"))) return false;
    for (const auto& [key, value] : req.params) {
        if (!IsValidUtf8(key) || !IsValidUtf8(value)) return false;
    }
    return true;
}

bool ContentLengthIsClear(const httplib::Request& req) {
    const std::size_t count = req.get_header_value_count("Content-Length");
    if (count == 0) return true;
    if (count > 1) return false;
    const std::string text = req.get_header_value("Content-Length");
    return !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
}

namespace {

// A date the calendar has ("2024-02-30" is not): the time parser checks only 1-31 for the day.
bool IsCalendarDate(const std::string& text) {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') return true;  // not a date: the parser decides
    int year = 0, month = 0, day = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3) return true;
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace

std::optional<TimeRange> ReadRange(const httplib::Request& req, httplib::Response& res) {
    TimeRange range;
    std::string error;
    for (const char* key : {"from", "to"}) {
        if (!req.has_param(key)) continue;
        const bool is_end = std::string(key) == "to";
        const std::string text = req.get_param_value(key);
        if (!IsCalendarDate(text)) {
            SendJson(res, ApiError(400, std::string(key) + ": no such date '" + text + "'"));
            return std::nullopt;
        }
        auto value = ParseTimeParam(text, is_end, error);
        if (!value) {
            SendJson(res, ApiError(400, std::string(key) + ": " + error));
            return std::nullopt;
        }
        (is_end ? range.to : range.from) = *value;
    }
    return range;
}

}  // namespace bk::registry
