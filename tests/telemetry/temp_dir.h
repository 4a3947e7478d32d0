// A fresh directory per test, removed afterwards.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

namespace bk::telemetry::test {

class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::random_device device;
        m_path = std::filesystem::temp_directory_path() /
                 ("bk-telemetry-" + std::string(info ? info->name() : "x") + "-" + std::to_string(device()));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    const std::filesystem::path& Path() const { return m_path; }
private:
    std::filesystem::path m_path;
};

}  // namespace bk::telemetry::test
