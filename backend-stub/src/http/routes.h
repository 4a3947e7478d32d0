// The registry's HTTP API as one table of routes (openapi.yaml describes each).
#pragma once
#include <httplib.h>

#include "src/http/server_context.h"

namespace bk::registry {

void RegisterRoutes(httplib::Server& server, ServerContext& ctx);

}  // namespace bk::registry
