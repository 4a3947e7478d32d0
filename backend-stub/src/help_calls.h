// Help calls: a kiosk asks for staff, staff (at the kiosk or with a reader token) see the open calls,
// acknowledge and resolve them; the kiosk polls its call's state.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "src/api_result.h"
#include "src/auth.h"
#include "src/storage.h"

namespace bk::registry {

nlohmann::json HelpCallJson(const HelpCall& call);

ApiResult CreateHelpRequest(Storage& storage, const Principal& who, const std::string& body, int64_t now);
ApiResult GetHelpRequest(Storage& storage, const Principal& who, const std::string& id);
ApiResult ListHelpRequests(Storage& storage, const Principal& who, const std::string& status);
// action: "ack" or "resolve"
ApiResult ChangeHelpRequest(Storage& storage, const Principal& who, const std::string& id, const std::string& action,
                            int64_t now);

}  // namespace bk::registry
