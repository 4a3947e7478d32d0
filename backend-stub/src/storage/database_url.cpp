#include "src/storage/database_url.h"

namespace bk::registry {

bool IsPostgresUrl(const std::string& db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string RedactedUrl(const std::string& url) {
    const auto scheme_end = url.find("://");
    const auto at = url.find('@');
    if (scheme_end == std::string::npos || at == std::string::npos || at < scheme_end) return url;
    const auto colon = url.find(':', scheme_end + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon) + ":***" + url.substr(at);
}

}  // namespace bk::registry
