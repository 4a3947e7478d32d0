#include "telemetry/seq_ledger.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace bk::telemetry {
namespace {

constexpr std::uint64_t kMagic = 0x314755444c514553ULL;  // "SEQLDGU1" little-endian
constexpr std::size_t kSlotBytes = 64;
constexpr std::size_t kFieldBytes = 40;  // magic, generation, reserved, assigned, acked
using Slot = std::array<unsigned char, kSlotBytes>;

std::uint64_t Checksum(const unsigned char* data, std::size_t size) {  // FNV-1a 64
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (std::size_t i = 0; i < size; ++i)
        hash = (hash ^ data[i]) * 0x100000001b3ULL;
    return hash;
}

Slot Encode(std::uint64_t generation, const SeqLedgerState& state) {
    Slot slot{};
    const std::uint64_t fields[5] = {kMagic, generation, static_cast<std::uint64_t>(state.reserved),
                                     static_cast<std::uint64_t>(state.assigned), static_cast<std::uint64_t>(state.acked)};
    std::memcpy(slot.data(), fields, kFieldBytes);
    const std::uint64_t sum = Checksum(slot.data(), kFieldBytes);
    std::memcpy(slot.data() + kFieldBytes, &sum, sizeof sum);
    return slot;
}

// False for a torn, zeroed or foreign slot.
bool Decode(const Slot& slot, std::uint64_t& generation, SeqLedgerState& state) {
    std::uint64_t fields[5];
    std::uint64_t sum = 0;
    std::memcpy(fields, slot.data(), kFieldBytes);
    std::memcpy(&sum, slot.data() + kFieldBytes, sizeof sum);
    if (fields[0] != kMagic || sum != Checksum(slot.data(), kFieldBytes))
        return false;
    generation = fields[1];
    state = {static_cast<std::int64_t>(fields[2]), static_cast<std::int64_t>(fields[3]),
             static_cast<std::int64_t>(fields[4])};
    return state.reserved >= 0 && state.assigned >= 0 && state.acked >= 0;
}

[[noreturn]] void Fail(const std::filesystem::path& file, const char* what) {
    throw std::runtime_error("seq ledger " + file.string() + ": " + what + ": " + std::strerror(errno));
}

bool WriteAll(int fd, const unsigned char* data, std::size_t size, off_t offset) {
    while (size > 0) {
        const ssize_t written = ::pwrite(fd, data, size, offset);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        data += written;
        size -= static_cast<std::size_t>(written);
        offset += written;
    }
    return true;
}

}  // namespace

SeqLedger::SeqLedger(std::filesystem::path file) : m_file(std::move(file)) {
    m_fd = ::open(m_file.c_str(), O_RDWR | O_CLOEXEC);
    if (m_fd < 0)
        return;
    for (int index = 0; index < 2; ++index) {
        Slot slot{};
        std::uint64_t generation = 0;
        SeqLedgerState state;
        if (::pread(m_fd, slot.data(), kSlotBytes, index * static_cast<off_t>(kSlotBytes)) ==
                static_cast<ssize_t>(kSlotBytes) &&
            Decode(slot, generation, state) && (!m_found || generation > m_generation)) {
            m_found = true;
            m_generation = generation;
            m_state = state;
        }
    }
    if (!m_found) {  // unreadable: start over with a fresh file on the first Write()
        ::close(m_fd);
        m_fd = -1;
    }
}

SeqLedger::~SeqLedger() {
    if (m_fd >= 0)
        ::close(m_fd);
}

void SeqLedger::Create() {
    // Both slots exist from the start, so later writes never grow the file.
    const std::filesystem::path temp = m_file.string() + ".tmp";
    const int fd = ::open(temp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        Fail(temp, "create");
    const Slot first = Encode(1, m_state);
    const Slot empty{};
    // Generation g lives in slot g % 2, so the next write (generation 2, slot 0) leaves this one intact.
    if (!WriteAll(fd, empty.data(), kSlotBytes, 0) || !WriteAll(fd, first.data(), kSlotBytes, kSlotBytes) ||
        ::fsync(fd) != 0) {
        const int saved = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        errno = saved;
        Fail(temp, "write");
    }
    if (::rename(temp.c_str(), m_file.c_str()) != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        Fail(m_file, "rename");
    }
    const int dir = ::open(m_file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);  // the rename itself survives power loss
        ::close(dir);
    }
    m_fd = fd;
    m_generation = 1;
}

void SeqLedger::Write(const SeqLedgerState& state) {
    const SeqLedgerState previous = m_state;
    m_state = state;
    if (m_fd < 0) {
        try {
            Create();
        } catch (...) {
            m_state = previous;
            throw;
        }
        return;
    }
    const std::uint64_t generation = m_generation + 1;
    const Slot slot = Encode(generation, state);
    if (!WriteAll(m_fd, slot.data(), kSlotBytes, static_cast<off_t>((generation % 2) * kSlotBytes)) ||
        ::fdatasync(m_fd) != 0) {
        m_state = previous;
        Fail(m_file, "write");
    }
    m_generation = generation;
}

}  // namespace bk::telemetry
