// The municipalities' strategies and the service catalogue, from the current content release (else from
// --strategies/--services at startup): the strategy endpoint serves them and the reports use them to group
// services under themes and to price completions in staff minutes.
#pragma once
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bk::registry {

struct ServiceInfo {
    std::string id;
    int version = 0;
    std::vector<std::string> themes;  // "<strategy id>.<theme id>"
    double staff_minutes_saved = 0;
    nlohmann::json title;  // {"da": ..., "en": ..., "nb": ...}
    std::vector<nlohmann::json> step_titles;  // of this version's steps, each {"da": ..., ...}
    int side_by_side_share = 0;  // run beside the service's other live version: percent of visits; 0 otherwise
};

struct ThemeInfo {
    std::string id;  // theme id inside the strategy
    nlohmann::json name;
};

struct StrategyInfo {
    std::string id;
    std::string municipality;
    std::vector<ThemeInfo> themes;
    nlohmann::json document;  // the file as loaded
};

class Catalog {
public:
    // Loads every *.json in the folders; an empty path loads nothing. Problems go to `warnings`.
    void LoadStrategies(const std::string& dir, std::vector<std::string>& warnings);
    void LoadServices(const std::string& dir, std::vector<std::string>& warnings);
    // The same from a content release's files (path relative to the pack -> bytes): strategies/*.json, services/*.json.
    void LoadPackFiles(const std::map<std::string, std::string>& files, std::vector<std::string>& warnings);

    const StrategyInfo* StrategyFor(const std::string& municipality) const;
    // The service's live version (with two run side by side, the one without "side_by_side").
    const ServiceInfo* Service(const std::string& id) const;
    // One live version of the service: either of two run side by side; nullptr for an older one.
    const ServiceInfo* Service(const std::string& id, int version) const;
    // The version run beside Service(id), or nullptr.
    const ServiceInfo* SideBySide(const std::string& id) const;
    // Service ids that serve "<strategy id>.<theme id>".
    std::vector<std::string> ServicesOfTheme(const std::string& strategy_id, const std::string& theme_id) const;
    std::size_t StrategyCount() const { return m_strategies.size(); }
    std::size_t ServiceCount() const { return m_services.size(); }

    // The strategy document with, per theme, the ids of the services that serve it.
    nlohmann::json StrategyJson(const std::string& municipality) const;

private:
    void AddStrategy(nlohmann::json document, const std::string& source, std::vector<std::string>& warnings);
    void AddService(const nlohmann::json& document, const std::string& source, std::vector<std::string>& warnings);

    std::map<std::string, StrategyInfo> m_strategies;  // by municipality
    std::map<std::string, ServiceInfo> m_services;     // by service id
    std::map<std::string, ServiceInfo> m_side_by_side; // by service id: the newer of two live versions
};

}  // namespace bk::registry
