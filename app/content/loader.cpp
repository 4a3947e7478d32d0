#include "content/loader.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "content/validator.h"

namespace bk {

namespace fs = std::filesystem;

namespace {

// Left behind only if the process died between the two renames of the fallback swap below.
constexpr const char* kOldSuffix = ".old";
constexpr const char* kTempPrefix = "content-lkg.tmp-";

std::string ErrnoText(const std::string& what) { return what + ": " + std::strerror(errno); }

// Written and flushed to disk, so a power cut after the rename cannot leave empty files in the copy.
bool WriteFileDurably(const fs::path& path, const std::string& bytes, std::string* why) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (why) *why = ErrnoText("cannot create " + path.string());
        return false;
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (why) *why = ErrnoText("cannot write " + path.string());
            ::close(fd);
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    if (!synced && why) *why = ErrnoText("cannot flush " + path.string());
    ::close(fd);
    return synced;
}

void SyncDir(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

std::string RandomSuffix() {
    std::random_device device;
    return std::to_string(::getpid()) + "-" + std::to_string(device());
}

// True when `dir` already holds exactly these files (saves rewriting the copy at every start).
bool SameFiles(const fs::path& dir, const std::vector<PackFile>& files) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return false;
    std::size_t on_disk = 0;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_regular_file(ec)) ++on_disk;
    }
    if (ec || on_disk != files.size()) return false;
    for (const auto& file : files) {
        std::ifstream in(dir / file.path, std::ios::binary);
        if (!in) return false;
        std::ostringstream buffer;
        buffer << in.rdbuf();
        if (buffer.str() != file.bytes) return false;
    }
    return true;
}

}  // namespace

const char* ToString(ContentSource source) {
    switch (source) {
        case ContentSource::Fresh: return "fresh";
        case ContentSource::LastKnownGood: return "last-known-good";
        case ContentSource::None: return "none";
    }
    return "none";
}

fs::path LastKnownGoodDir(const fs::path& data_dir) { return data_dir / "content-lkg"; }

bool SaveLastKnownGood(const std::vector<PackFile>& files, const fs::path& data_dir, std::string* why) {
    try {
        const fs::path target = LastKnownGoodDir(data_dir);
        if (SameFiles(target, files)) return true;

        std::error_code ec;
        fs::create_directories(data_dir, ec);
        if (ec) {
            if (why) *why = "cannot create " + data_dir.string() + ": " + ec.message();
            return false;
        }
        // Temporary folders left by a process that died while saving.
        std::vector<fs::path> stale;
        for (auto it = fs::directory_iterator(data_dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
            if (it->path().filename().string().rfind(kTempPrefix, 0) == 0) stale.push_back(it->path());
        }
        for (const auto& path : stale) fs::remove_all(path, ec);
        const fs::path temp = data_dir / (kTempPrefix + RandomSuffix());
        auto give_up = [&](const std::string& reason) {
            std::error_code ignored;
            fs::remove_all(temp, ignored);
            if (why) *why = reason;
            return false;
        };
        for (const auto& file : files) {
            const fs::path relative(file.path);
            if (relative.is_absolute() || file.path.find("..") != std::string::npos)
                return give_up("refusing to copy " + file.path);
            fs::create_directories((temp / relative).parent_path(), ec);
            if (ec) return give_up("cannot create " + (temp / relative).parent_path().string() + ": " + ec.message());
            std::string write_why;
            if (!WriteFileDurably(temp / relative, file.bytes, &write_why)) return give_up(write_why);
        }
        for (auto it = fs::recursive_directory_iterator(temp, ec); !ec && it != fs::recursive_directory_iterator();
             it.increment(ec)) {
            if (it->is_directory()) SyncDir(it->path());
        }
        SyncDir(temp);

        if (!fs::exists(target, ec)) {
            if (::rename(temp.c_str(), target.c_str()) != 0) return give_up(ErrnoText("cannot rename into place"));
        } else if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
            // Swapped in one step; `temp` now holds the previous copy.
            fs::remove_all(temp, ec);
        } else {
            // The file system cannot swap: move the old copy aside, then the new one in. LoadContent looks at
            // the ".old" copy if it ever finds no current one.
            const fs::path old = data_dir / (std::string("content-lkg") + kOldSuffix);
            fs::remove_all(old, ec);
            if (::rename(target.c_str(), old.c_str()) != 0) return give_up(ErrnoText("cannot move the old copy aside"));
            if (::rename(temp.c_str(), target.c_str()) != 0) {
                ::rename(old.c_str(), target.c_str());
                return give_up(ErrnoText("cannot rename into place"));
            }
            fs::remove_all(old, ec);
        }
        SyncDir(data_dir);
        return true;
    } catch (const std::exception& e) {
        if (why) *why = e.what();
        return false;
    }
}

LoadedContent LoadContent(const fs::path& content_dir, const fs::path& assets_dir, const fs::path& data_dir) {
    LoadedContent loaded;
    try {
        ContentReport fresh = ValidateContent(content_dir, assets_dir);
        loaded.problems = std::move(fresh.problems);
        if (fresh.readable && !HasErrors(loaded.problems)) {
            loaded.pack = std::move(fresh.pack);
            loaded.source = ContentSource::Fresh;
            std::string why;
            if (!data_dir.empty() && !SaveLastKnownGood(fresh.files, data_dir, &why))
                loaded.problems.push_back({Severity::Warning, "", "",
                                           "could not save the last known good copy of the pack: " + why});
            return loaded;
        }
        if (data_dir.empty()) return loaded;

        fs::path copy = LastKnownGoodDir(data_dir);
        std::error_code ec;
        if (!fs::is_directory(copy, ec)) copy = data_dir / (std::string("content-lkg") + kOldSuffix);
        if (!fs::is_directory(copy, ec)) {
            loaded.problems.push_back({Severity::Error, "", "",
                                       "the pack has errors and there is no last known good copy in " +
                                           LastKnownGoodDir(data_dir).string()});
            return loaded;
        }
        ContentReport previous = ValidateContent(copy, assets_dir);
        if (previous.readable && !HasErrors(previous.problems)) {
            loaded.pack = std::move(previous.pack);
            loaded.source = ContentSource::LastKnownGood;
            return loaded;
        }
        // Assets may have changed since the copy was saved; say why it is refused without listing it all.
        auto first_error = std::find_if(previous.problems.begin(), previous.problems.end(),
                                        [](const Problem& p) { return p.severity == Severity::Error; });
        loaded.problems.push_back({Severity::Error, "", "",
                                   "the pack has errors and the last known good copy in " + copy.string() +
                                       " no longer validates either (" +
                                       std::to_string(CountProblems(previous.problems, Severity::Error)) +
                                       " errors, the first: " +
                                       (first_error == previous.problems.end() ? std::string("unreadable")
                                                                               : FormatProblem(*first_error)) + ")"});
    } catch (const std::exception& e) {
        loaded.pack.reset();
        loaded.source = ContentSource::None;
        loaded.problems.push_back({Severity::Error, "", "", std::string("unexpected failure loading content: ") + e.what()});
    } catch (...) {
        loaded.pack.reset();
        loaded.source = ContentSource::None;
        loaded.problems.push_back({Severity::Error, "", "", "unexpected failure loading content"});
    }
    return loaded;
}

}  // namespace bk
