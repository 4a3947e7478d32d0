// libFuzzer target: the POST /v1/events body parser and the event validator must never crash, hang or
// leak on any input. Build with -DBK_FUZZ=ON and clang; run with backend-stub/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "schema/event_schema.h"
#include "src/ingest/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto result = bk::registry::ParseEventBatch(body, bk::registry::EmbeddedEventSchema());
    if (auto* batch = std::get_if<bk::registry::ParsedBatch>(&result)) {
        // Every event is either a row or a rejection, never both, never lost.
        if (batch->rows.size() + batch->rejected.size() != batch->event_count) __builtin_trap();
    }
    return 0;
}
