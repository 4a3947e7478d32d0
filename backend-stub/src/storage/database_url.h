// What `--db` names: a SQLite file or a postgresql:// URL.
#pragma once
#include <string>

namespace bk::registry {

bool IsPostgresUrl(const std::string& db);

// The URL without its password, for messages and logs; anything else unchanged.
std::string RedactedUrl(const std::string& url);

}  // namespace bk::registry
