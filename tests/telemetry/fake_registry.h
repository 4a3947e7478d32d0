// A scriptable stand-in for the registry's POST /v1/events, for deterministic uploader tests
// (status codes, Retry-After, 413) that the real registry cannot be made to produce on demand.
// Integration tests use the real registry-stub instead.
#pragma once
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "local_server.h"

namespace bk::telemetry::test {

class FakeRegistry {
public:
    struct Request {
        std::string authorization;
        std::string content_encoding;
        std::size_t events = 0;
        std::chrono::steady_clock::time_point at;
    };
    struct Reply {
        int status = 200;        // non-200: answered as is, nothing stored
        std::string retry_after; // header value, empty = none
    };
    // Decides the reply to each request before it is processed; default: 200.
    using Script = std::function<Reply(std::size_t request_index, std::size_t events_in_batch)>;

    FakeRegistry() {
        m_server.set_tcp_nodelay(true);  // as the real registry: no Nagle stalls on small answers
        m_server.Post("/v1/events", [this](const httplib::Request& request, httplib::Response& response) {
            Handle(request, response);
        });
        m_running = std::make_unique<LocalServer>(m_server);
    }
    ~FakeRegistry() { m_running.reset(); }  // no handler runs once the members it uses go
    std::string Url() const { return m_running->Url(); }
    void SetScript(Script script) {
        std::lock_guard lock(m_mutex);
        m_script = std::move(script);
    }
    // Indices in a batch to reject with "invalid".
    void RejectFirstOfEachBatch(bool reject) {
        std::lock_guard lock(m_mutex);
        m_reject_first = reject;
    }
    std::vector<Request> Requests() const {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    std::map<std::string, int> ReceivedIds() const {  // id -> times received
        std::lock_guard lock(m_mutex);
        return m_ids;
    }
    std::set<std::int64_t> StoredSeqs() const {
        std::lock_guard lock(m_mutex);
        return m_seqs;
    }
    std::vector<nlohmann::json> Stored() const {
        std::lock_guard lock(m_mutex);
        return m_stored;
    }

private:
    void Handle(const httplib::Request& request, httplib::Response& response) {
        const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
        std::lock_guard lock(m_mutex);
        Request seen;
        seen.authorization = request.get_header_value("Authorization");
        seen.content_encoding = request.get_header_value("Content-Encoding");
        seen.events = body.is_object() && body.contains("events") ? body["events"].size() : 0;
        seen.at = std::chrono::steady_clock::now();
        m_requests.push_back(seen);
        const Reply reply = m_script ? m_script(m_requests.size() - 1, seen.events) : Reply{};
        if (reply.status != 200) {
            response.status = reply.status;
            if (!reply.retry_after.empty())
                response.set_header("Retry-After", reply.retry_after);
            response.set_content("{\"error\":\"scripted\"}", "application/json");
            return;
        }
        if (!body.is_object() || !body.contains("events")) {
            response.status = 400;
            return;
        }
        nlohmann::json answer = {{"accepted", 0}, {"duplicates", 0}, {"rejected", nlohmann::json::array()}};
        for (std::size_t i = 0; i < body["events"].size(); ++i) {
            const auto& event = body["events"][i];
            if (m_reject_first && i == 0) {
                answer["rejected"].push_back({{"index", i}, {"error", "invalid"}});
                continue;
            }
            const std::string id = event.value("id", std::string());
            if (m_ids[id]++ > 0) {
                answer["duplicates"] = answer["duplicates"].get<int>() + 1;
                continue;
            }
            answer["accepted"] = answer["accepted"].get<int>() + 1;
            m_seqs.insert(event.value("seq", std::int64_t{0}));
            m_stored.push_back(event);
        }
        response.set_content(answer.dump(), "application/json");
    }

    httplib::Server m_server;
    std::unique_ptr<LocalServer> m_running;
    mutable std::mutex m_mutex;
    Script m_script;
    bool m_reject_first = false;
    std::vector<Request> m_requests;
    std::map<std::string, int> m_ids;
    std::set<std::int64_t> m_seqs;
    std::vector<nlohmann::json> m_stored;
};

}  // namespace bk::telemetry::test
