#include "src/storage/postgres/pg_pool.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <optional>
#include <vector>

#include "src/storage/database_url.h"
#include "src/storage/storage.h"

namespace bk::registry {

// [SECTION] Connection pool

std::string FirstLine(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

PgPool::PgPool(std::string url, std::size_t max_connections)
    : m_url(std::move(url)), m_max_connections(std::max<std::size_t>(1, max_connections)) {}

PgPool::~PgPool() = default;

PgPool::Lease::Lease(PgPool& pool, std::unique_ptr<pqxx::connection> connection)
    : m_pool(pool), m_connection(std::move(connection)) {}

PgPool::Lease::~Lease() { m_pool.Release(std::move(m_connection)); }

std::unique_ptr<pqxx::connection> PgPool::Connect() {
    try {
        auto connection = std::make_unique<pqxx::connection>(m_url);
        // "relation already exists, skipping" and the like are not worth a line on stderr.
        pqxx::nontransaction quiet(*connection);
        quiet.exec0("SET client_min_messages TO WARNING");
        return connection;
    } catch (const std::exception& e) {
        throw StorageUnavailable(StorageUnavailable::Reason::Unreachable,
                                 "cannot connect to PostgreSQL at " + RedactedUrl(m_url) + ": " + FirstLine(e.what()));
    }
}

PgPool::Lease PgPool::Acquire() {
    std::unique_lock lock(m_mutex);
    m_idle_changed.wait(lock, [&] { return !m_idle.empty() || m_open < m_max_connections; });
    if (!m_idle.empty()) {
        auto connection = std::move(m_idle.back());
        m_idle.pop_back();
        return Lease(*this, std::move(connection));
    }
    ++m_open;
    lock.unlock();
    try {
        return Lease(*this, Connect());
    } catch (...) {
        Release(nullptr);
        throw;
    }
}

void PgPool::Release(std::unique_ptr<pqxx::connection> connection) {
    {
        std::lock_guard lock(m_mutex);
        if (connection && connection->is_open()) {
            m_idle.push_back(std::move(connection));
        } else {
            --m_open;  // broken (the server restarted): the next Acquire opens a new one
        }
    }
    m_idle_changed.notify_one();
}

// [SECTION] Transactions, as SqlConnection

namespace {

class PgRow final : public SqlRow {
public:
    explicit PgRow(const pqxx::row& row) : m_row(row) {}
    bool IsNull(int column) const override { return m_row[column].is_null(); }
    int64_t Int(int column) const override { return IsNull(column) ? 0 : m_row[column].as<int64_t>(); }
    std::string Text(int column) const override {
        return IsNull(column) ? std::string() : m_row[column].as<std::string>();
    }

private:
    const pqxx::row& m_row;
};

std::optional<std::string> AsText(const SqlValue& value) {
    if (std::holds_alternative<std::nullptr_t>(value)) return std::nullopt;
    if (const auto* number = std::get_if<int64_t>(&value)) return std::to_string(*number);
    return std::string(std::get<std::string_view>(value));
}

class PgTransaction final : public SqlConnection {
public:
    explicit PgTransaction(pqxx::work& transaction) : SqlConnection(kPostgresDialect), m_transaction(transaction) {}

protected:
    int64_t RunWithValues(std::string_view sql, std::span<const SqlValue> values, const OnRow& on_row) override {
        std::vector<std::optional<std::string>> texts;
        texts.reserve(values.size());
        for (const SqlValue& value : values) texts.push_back(AsText(value));
        const pqxx::result result =
            m_transaction.exec_params(NumberedPlaceholders(sql), pqxx::prepare::make_dynamic_params(texts));
        if (on_row) {
            for (const auto& row : result) on_row(PgRow(row));
        }
        return static_cast<int64_t>(result.affected_rows());
    }

private:
    pqxx::work& m_transaction;
};

}  // namespace

void RunInTransaction(PgPool& pool, const std::function<void(SqlConnection& db)>& work) {
    constexpr int kAttempts = 8;
    for (int attempt = 1;; ++attempt) {
        try {
            auto lease = pool.Acquire();
            pqxx::work transaction(*lease);
            PgTransaction db(transaction);
            work(db);
            transaction.commit();
            return;
        } catch (const pqxx::transaction_rollback&) {
            if (attempt >= kAttempts) throw;
        } catch (const pqxx::broken_connection& e) {
            if (attempt >= 2) {
                throw StorageUnavailable(StorageUnavailable::Reason::Unreachable,
                                         "lost the PostgreSQL connection: " + FirstLine(e.what()));
            }
        }
    }
}

}  // namespace bk::registry
