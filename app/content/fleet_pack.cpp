#include "content/fleet_pack.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "shared/hex.h"

namespace bk {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct ContextFree {
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

bool Fail(std::string* why, const std::string& reason) {
    if (why) *why = reason;
    return false;
}

std::string Base64Encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out(text.size() / 4 * 3 + 1, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    std::size_t size = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts the padding as zero bytes.
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) --size;
    out.resize(size);
    return out;
}

bool SafeRelativePath(const std::string& path) {
    if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos) return false;
    for (const auto& part : fs::path(path)) {
        if (part == ".." || part == ".") return false;
    }
    return true;
}

std::optional<std::string> ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
}

bool WriteFileWithMode(const fs::path& path, const std::string& bytes, mode_t mode, std::string* why) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return Fail(why, "cannot create " + path.string());
    const bool written = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    const bool synced = written && ::fsync(fd) == 0;
    ::close(fd);
    return synced || Fail(why, "cannot write " + path.string());
}

std::string PemOf(EVP_PKEY* key, bool private_key) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    const int ok = private_key ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                               : PEM_write_bio_PUBKEY(bio.get(), key);
    if (ok != 1) return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

std::string PackRelease(const std::vector<PackFile>& files) {
    json by_path = json::object();  // std::map underneath: sorted keys
    for (const PackFile& file : files) by_path[file.path] = Base64Encode(file.bytes);
    return json{{"format", kReleaseFormat}, {"files", std::move(by_path)}}.dump();
}

std::optional<std::vector<PackFile>> UnpackRelease(std::string_view bytes, std::string* why) {
    const json document = json::parse(bytes, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        Fail(why, "the release is not JSON");
        return std::nullopt;
    }
    if (document.value("format", "") != kReleaseFormat) {
        Fail(why, std::string("the release is not in the format ") + kReleaseFormat);
        return std::nullopt;
    }
    const auto files = document.find("files");
    if (files == document.end() || !files->is_object()) {
        Fail(why, "the release has no files");
        return std::nullopt;
    }
    std::vector<PackFile> out;
    for (const auto& [path, encoded] : files->items()) {
        if (!SafeRelativePath(path)) {
            Fail(why, "the release names an unsafe path: " + path);
            return std::nullopt;
        }
        std::optional<std::string> decoded = encoded.is_string() ? Base64Decode(encoded.get<std::string>()) : std::nullopt;
        if (!decoded) {
            Fail(why, "the release holds a file that is not base64: " + path);
            return std::nullopt;
        }
        out.push_back({path, std::move(*decoded)});
    }
    return out;
}

std::string ReleaseSha256(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
    return ToHex(std::span<const std::uint8_t>(digest, size));
}

bool GenerateReleaseKeys(const fs::path& dir, std::string* why) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Fail(why, "cannot create " + dir.string() + ": " + ec.message());
    const fs::path private_path = dir / "private.pem";
    const fs::path public_path = dir / "public.pem";
    if (fs::exists(private_path, ec)) return Fail(why, private_path.string() + " exists; refusing to overwrite a key");

    std::unique_ptr<EVP_PKEY_CTX, ContextFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        return Fail(why, "OpenSSL could not make an Ed25519 key");
    KeyPtr key(raw);
    const std::string private_pem = PemOf(key.get(), true);
    const std::string public_pem = PemOf(key.get(), false);
    if (private_pem.empty() || public_pem.empty()) return Fail(why, "OpenSSL could not write the key as PEM");
    fs::remove(public_path, ec);
    return WriteFileWithMode(private_path, private_pem, 0600, why) && WriteFileWithMode(public_path, public_pem, 0644, why);
}

std::optional<std::string> SignRelease(std::string_view bytes, const fs::path& private_key_file, std::string* why) {
    const std::optional<std::string> pem = ReadFile(private_key_file);
    if (!pem) {
        Fail(why, "cannot read " + private_key_file.string());
        return std::nullopt;
    }
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
    KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
        Fail(why, private_key_file.string() + " is not an Ed25519 private key in PEM");
        return std::nullopt;
    }
    std::unique_ptr<EVP_MD_CTX, ContextFree> ctx(EVP_MD_CTX_new());
    std::size_t size = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size, data, bytes.size()) != 1) {
        Fail(why, "OpenSSL could not sign");
        return std::nullopt;
    }
    std::vector<std::uint8_t> signature(size);
    if (EVP_DigestSign(ctx.get(), signature.data(), &size, data, bytes.size()) != 1) {
        Fail(why, "OpenSSL could not sign");
        return std::nullopt;
    }
    signature.resize(size);
    return ToHex(signature);
}

bool VerifyRelease(std::string_view bytes, std::string_view signature_hex, std::string_view public_key_pem,
                   std::string* why) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size())));
    KeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) return Fail(why, "the content key is not an Ed25519 public key");
    const std::optional<std::vector<std::uint8_t>> signature = FromHex(signature_hex);
    if (!signature || signature->empty()) return Fail(why, "the release's signature is not hex");
    std::unique_ptr<EVP_MD_CTX, ContextFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return Fail(why, "OpenSSL could not verify");
    const int ok = EVP_DigestVerify(ctx.get(), signature->data(), signature->size(),
                                    reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return ok == 1 || Fail(why, "the signature does not match the content key (tampered, or signed with another key)");
}

bool WritePackFiles(const std::vector<PackFile>& files, const fs::path& dir, std::string* why) {
    std::error_code ec;
    if (fs::exists(dir, ec)) return Fail(why, dir.string() + " exists");
    for (const PackFile& file : files) {
        if (!SafeRelativePath(file.path)) return Fail(why, "unsafe path " + file.path);
        const fs::path target = dir / file.path;
        fs::create_directories(target.parent_path(), ec);
        if (ec) return Fail(why, "cannot create " + target.parent_path().string() + ": " + ec.message());
        std::ofstream out(target, std::ios::binary);
        out.write(file.bytes.data(), static_cast<std::streamsize>(file.bytes.size()));
        if (!out.flush()) return Fail(why, "cannot write " + target.string());
    }
    return true;
}

}  // namespace bk
