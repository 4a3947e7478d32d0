// A content pack as one signed release, shared by the registry (`registry-stub content publish`) and the kiosk
// (fleet_update.h). The release bytes are canonical: the same files always give the same bytes, so their
// SHA-256 names the release and an Ed25519 signature over them proves who published it.
//
//   {"files":{"pack.json":"<base64>","services/pas.json":"<base64>",...},"format":"borgerkiosk-pack/1"}
//
// (object keys sorted, no spaces; the files are exactly the JSON files the validator read.)
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/reader.h"

namespace bk {

inline constexpr const char* kReleaseFormat = "borgerkiosk-pack/1";

// The canonical bytes of a pack's files (sorted by path; a path given twice keeps the last).
std::string PackRelease(const std::vector<PackFile>& files);
// The files back, sorted by path; nullopt with `why` for bytes that are not a release or hold an unsafe path
// (absolute, "..", empty).
std::optional<std::vector<PackFile>> UnpackRelease(std::string_view bytes, std::string* why);

std::string ReleaseSha256(std::string_view bytes);  // lowercase hex

// Ed25519 key pair in PEM: <dir>/private.pem (mode 0600, PKCS#8) and <dir>/public.pem (SubjectPublicKeyInfo).
// Refuses to overwrite an existing private key. False with `why` on failure.
bool GenerateReleaseKeys(const std::filesystem::path& dir, std::string* why);

// The Ed25519 signature (hex) of `bytes` with the PEM private key in the file; nullopt with `why`.
std::optional<std::string> SignRelease(std::string_view bytes, const std::filesystem::path& private_key_file,
                                       std::string* why);

// True when `signature_hex` is the Ed25519 signature of `bytes` by the PEM public key `public_key_pem`.
// False with `why` ("signature does not match the content key", "unreadable public key", ...).
bool VerifyRelease(std::string_view bytes, std::string_view signature_hex, std::string_view public_key_pem,
                   std::string* why);

// Writes the files under `dir` (created; must not exist yet). False with `why`.
bool WritePackFiles(const std::vector<PackFile>& files, const std::filesystem::path& dir, std::string* why);

}  // namespace bk
