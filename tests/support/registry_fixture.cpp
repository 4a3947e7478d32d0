#include "registry_fixture.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bk::test {

RegistryFixture::RegistryFixture(RegistryOptions options) : m_options(std::move(options)) {
    for (const auto& kiosk : m_options.kiosks) m_kiosk_tokens[kiosk] = AddKiosk(m_options.municipality, kiosk);
    if (m_options.add_reader) m_reader_token = AddReader(m_options.municipality, "service-designers");
    if (m_options.start) Start();
}

RegistryFixture::~RegistryFixture() = default;  // Process kills what still runs; TempDir removes the files

std::pair<int, std::string> RegistryFixture::RunCli(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {BinaryPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCapture(argv);
}

std::string RegistryFixture::AddKiosk(const std::string& municipality, const std::string& kiosk_id) {
    auto [status, out] = RunCli({"kiosk", "add", "--db", DbPath(), "--municipality", municipality, "--id", kiosk_id});
    if (status != 0 || out.size() < 64) throw std::runtime_error("kiosk add failed for " + kiosk_id);
    return out.substr(0, 64);
}

std::string RegistryFixture::AddReader(const std::string& municipality, const std::string& name) {
    auto [status, out] = RunCli({"reader", "add", "--db", DbPath(), "--municipality", municipality, "--name", name});
    if (status != 0 || out.size() < 64) throw std::runtime_error("reader add failed for " + name);
    return out.substr(0, 64);
}

std::string RegistryFixture::AddStaff(const std::string& municipality, const std::string& name, std::string* link) {
    auto [status, out] = RunCli({"staff", "add", "--db", DbPath(), "--municipality", municipality, "--name", name,
                                 "--base-url", BaseUrl()});
    const auto newline = out.find('\n');
    if (status != 0 || newline != 64) throw std::runtime_error("staff add failed for " + name);
    if (link) *link = out.substr(65, out.find('\n', 65) - 65);
    return out.substr(0, 64);
}

std::string RegistryFixture::KioskToken(const std::string& kiosk_id) const {
    auto it = m_kiosk_tokens.find(kiosk_id);
    if (it == m_kiosk_tokens.end()) throw std::runtime_error("no token for kiosk " + kiosk_id);
    return it->second;
}

void RegistryFixture::Start() {
    if (m_process) return;
    std::vector<std::string> args = {BinaryPath(), "serve", "--db", DbPath(), "--listen", "127.0.0.1:0"};
    if (!m_options.strategies_dir.empty()) args.insert(args.end(), {"--strategies", m_options.strategies_dir});
    if (!m_options.services_dir.empty()) args.insert(args.end(), {"--services", m_options.services_dir});
    args.insert(args.end(), m_options.extra_args.begin(), m_options.extra_args.end());

    ProcessOptions options;
    options.capture_stdout = true;
    options.stderr_file = LogPath();
    m_process = std::make_unique<Process>(args, options);
    // The first line on stdout is "listening on 127.0.0.1:PORT" once the server accepts connections.
    const std::string line = m_process->ReadLine(10'000).value_or("");
    const std::string prefix = "listening on 127.0.0.1:";
    const auto at = line.find(prefix);
    if (at == std::string::npos) {
        Stop();
        throw std::runtime_error("registry-stub did not start; output: '" + line + "' log: " + ReadLog());
    }
    m_port = std::atoi(line.c_str() + at + prefix.size());
}

void RegistryFixture::Stop() {
    if (!m_process) return;
    m_last_exit_status = m_process->Terminate(10'000);
    m_process.reset();
    m_port = 0;
}

void RegistryFixture::Restart() {
    Stop();
    Start();
}

std::string RegistryFixture::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(m_port); }

std::string RegistryFixture::ReadLog() const {
    std::ifstream file(LogPath());
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace bk::test
