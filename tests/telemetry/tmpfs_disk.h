// A small disk that can be filled: a tmpfs of a fixed size mounted on a temp dir (needs root, as in CI).
// Tests that need a full disk skip with the reason when the mount is refused, so a skip is visible.
#pragma once
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace bk::test {

class TmpfsDisk {
public:
    explicit TmpfsDisk(std::size_t bytes) {
        const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
        if (::mount("tmpfs", m_dir.Path().c_str(), "tmpfs", 0, options.c_str()) == 0)
            m_mounted = true;
        else
            m_error = std::string("mount -t tmpfs: ") + std::strerror(errno);
    }
    ~TmpfsDisk() {
        if (m_mounted)
            ::umount2(m_dir.Path().c_str(), MNT_DETACH);
    }
    TmpfsDisk(const TmpfsDisk&) = delete;
    TmpfsDisk& operator=(const TmpfsDisk&) = delete;

    bool Mounted() const { return m_mounted; }
    const std::string& Error() const { return m_error; }
    const std::filesystem::path& Path() const { return m_dir.Path(); }

    // Writes `file` until the disk refuses (ENOSPC); returns the bytes written.
    std::size_t Fill(const std::filesystem::path& file) const {
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0)
            return 0;
        const std::vector<char> chunk(4096, 'f');
        std::size_t total = 0;
        while (true) {
            const ssize_t written = ::write(fd, chunk.data(), chunk.size());
            if (written <= 0)
                break;
            total += static_cast<std::size_t>(written);
        }
        ::close(fd);
        return total;
    }

private:
    TempDir m_dir{"bk-tmpfs"};
    bool m_mounted = false;
    std::string m_error;
};

}  // namespace bk::test
