#include "src/content/catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace bk::registry {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<fs::path> JsonFiles(const std::string& dir, std::vector<std::string>& warnings) {
    std::vector<fs::path> files;
    std::error_code error;
    if (dir.empty()) return files;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    }
    if (error) warnings.push_back("cannot read " + dir + ": " + error.message());
    std::sort(files.begin(), files.end());
    return files;
}

std::optional<json> ReadJson(const fs::path& path, std::vector<std::string>& warnings) {
    std::ifstream file(path);
    try {
        return json::parse(file);
    } catch (const json::exception& e) {
        warnings.push_back(path.string() + ": " + e.what());
        return std::nullopt;
    }
}

}  // namespace

void Catalog::LoadStrategies(const std::string& dir, std::vector<std::string>& warnings) {
    for (const auto& path : JsonFiles(dir, warnings)) {
        if (auto document = ReadJson(path, warnings)) AddStrategy(std::move(*document), path.string(), warnings);
    }
}

void Catalog::LoadServices(const std::string& dir, std::vector<std::string>& warnings) {
    for (const auto& path : JsonFiles(dir, warnings)) {
        if (auto document = ReadJson(path, warnings)) AddService(std::move(*document), path.string(), warnings);
    }
}

void Catalog::LoadPackFiles(const std::map<std::string, std::string>& files, std::vector<std::string>& warnings) {
    for (const auto& [path, bytes] : files) {
        const bool strategy = path.rfind("strategies/", 0) == 0, service = path.rfind("services/", 0) == 0;
        if ((!strategy && !service) || fs::path(path).extension() != ".json") continue;
        json document = json::parse(bytes, nullptr, false);
        if (document.is_discarded()) {
            warnings.push_back(path + ": not JSON");
            continue;
        }
        if (strategy) AddStrategy(std::move(document), path, warnings);
        else AddService(std::move(document), path, warnings);
    }
}

void Catalog::AddStrategy(json document, const std::string& source, std::vector<std::string>& warnings) {
    try {
        StrategyInfo strategy;
        strategy.id = document.at("id").get<std::string>();
        strategy.municipality = document.value("municipality", strategy.id);
        for (const auto& theme : document.value("themes", json::array())) {
            strategy.themes.push_back({theme.at("id").get<std::string>(), theme.value("name", json::object())});
        }
        strategy.document = std::move(document);
        m_strategies[strategy.municipality] = std::move(strategy);
    } catch (const json::exception& e) {
        warnings.push_back(source + ": " + e.what());
    }
}

void Catalog::AddService(const json& document, const std::string& source, std::vector<std::string>& warnings) {
    try {
        ServiceInfo service;
        service.id = document.at("id").get<std::string>();
        service.version = document.value("version", 1);
        service.themes = document.value("themes", std::vector<std::string>{});
        service.staff_minutes_saved = document.value("staff_minutes_saved", 0.0);
        service.title = document.value("title", json::object());
        for (const json& step : document.value("steps", json::array())) {
            service.step_titles.push_back(step.is_object() ? step.value("title", json()) : json());
        }
        // A second live version (content/README.md) is kept beside the first, whichever file comes first.
        if (const auto side_by_side = document.find("side_by_side"); side_by_side != document.end() && side_by_side->is_object()) {
            service.side_by_side_share = side_by_side->value("share", 0);
            m_side_by_side[service.id] = std::move(service);
            return;
        }
        m_services[service.id] = std::move(service);
    } catch (const json::exception& e) {
        warnings.push_back(source + ": " + e.what());
    }
}

const StrategyInfo* Catalog::StrategyFor(const std::string& municipality) const {
    auto it = m_strategies.find(municipality);
    return it == m_strategies.end() ? nullptr : &it->second;
}

const ServiceInfo* Catalog::Service(const std::string& id) const {
    auto it = m_services.find(id);
    return it == m_services.end() ? nullptr : &it->second;
}

const ServiceInfo* Catalog::Service(const std::string& id, int version) const {
    for (const ServiceInfo* info : {Service(id), SideBySide(id)})
        if (info && info->version == version) return info;
    return nullptr;
}

const ServiceInfo* Catalog::SideBySide(const std::string& id) const {
    auto it = m_side_by_side.find(id);
    return it == m_side_by_side.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalog::ServicesOfTheme(const std::string& strategy_id, const std::string& theme_id) const {
    const std::string link = strategy_id + "." + theme_id;
    std::vector<std::string> ids;
    for (const auto& [id, service] : m_services) {
        if (std::find(service.themes.begin(), service.themes.end(), link) != service.themes.end()) ids.push_back(id);
    }
    return ids;
}

json Catalog::StrategyJson(const std::string& municipality) const {
    const StrategyInfo* strategy = StrategyFor(municipality);
    if (!strategy) return nullptr;
    json out = strategy->document;
    if (out.contains("themes") && out["themes"].is_array()) {
        for (auto& theme : out["themes"]) {
            if (theme.contains("id") && theme["id"].is_string()) {
                theme["services"] = ServicesOfTheme(strategy->id, theme["id"].get<std::string>());
            }
        }
    }
    return out;
}

}  // namespace bk::registry
