// `registry-stub migrate --from FILE --to URL`: one municipality's SQLite registry into PostgreSQL, without loss.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace bk::registry {

struct TableCopy {
    std::string table;
    int64_t source_rows = 0;
    int64_t target_rows = 0;
};

// Migrates both to the current schema, refuses a target that already holds kiosks, tokens or events, creates the
// event partitions, then copies every table (every column the SQLite file has) in one transaction
// and counts the rows on both sides afterwards. Throws std::runtime_error with one line.
std::vector<TableCopy> CopySqliteToPostgres(const std::string& sqlite_path, const std::string& postgres_url);

}  // namespace bk::registry
