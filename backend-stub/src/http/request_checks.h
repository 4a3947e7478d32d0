// What a route checks before its handler does the work: the bearer token (401), the reader's municipality
// (403), the kiosk's rate (429), the body (413, 415, 400), the framing and text of the request, a report's range.
// Each answers the request itself when the check fails, so a handler returns at once.
#pragma once
#include <httplib.h>

#include <optional>
#include <string>

#include "src/http/server_context.h"

namespace bk::registry {

// 401 for no or unknown token; the caller checks scopes (403).
std::optional<Principal> RequireToken(ServerContext& ctx, const httplib::Request& req, httplib::Response& res);

// A reader token of `municipality`, else 403.
bool RequireReader(const Principal& who, const std::string& municipality, httplib::Response& res);

// True (answered 429 with Retry-After) when the kiosk sent too much too fast.
bool RateLimited(ServerContext& ctx, const Principal& who, httplib::Response& res);

// Reads the (already decompressed) body with a cap; false = answered with 413, 415 or 400.
bool ReadBody(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
              const httplib::ContentReader& reader, std::string& body);

// Query parameters and the headers an answer may repeat must be UTF-8 (the JSON answers cannot carry anything else).
bool RequestTextIsUtf8(const httplib::Request& req);

// A body framed by one Content-Length of digits only; anything else is ambiguous between us and a proxy.
bool ContentLengthIsClear(const httplib::Request& req);

// The from/to parameters of a report (reports.h, ParseTimeParam); nullopt = answered 400.
std::optional<TimeRange> ReadRange(const httplib::Request& req, httplib::Response& res);

}  // namespace bk::registry
