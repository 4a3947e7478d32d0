// A throwaway self-signed certificate for 127.0.0.1 (OpenSSL 3 API), for the TLS integration test.
#pragma once
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>

namespace bk::telemetry::test {

// Writes cert.pem and key.pem into `dir`; false on any OpenSSL failure.
inline bool WriteSelfSignedCert(const std::filesystem::path& dir) {
    EVP_PKEY* key = EVP_RSA_gen(2048);
    X509* cert = X509_new();
    bool ok = key && cert;
    if (ok) {
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), -60);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1,
                                   -1, 0);
        X509_set_issuer_name(cert, name);
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
        for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                                         std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
            X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
            ok = ok && extension && X509_add_ext(cert, extension, -1) == 1;
            X509_EXTENSION_free(extension);
        }
        ok = ok && X509_sign(cert, key, EVP_sha256()) > 0;
    }
    if (ok) {
        FILE* cert_file = std::fopen((dir / "cert.pem").c_str(), "w");
        FILE* key_file = std::fopen((dir / "key.pem").c_str(), "w");
        ok = cert_file && key_file && PEM_write_X509(cert_file, cert) == 1 &&
             PEM_write_PrivateKey(key_file, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
        if (cert_file)
            std::fclose(cert_file);
        if (key_file)
            std::fclose(key_file);
    }
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
}

}  // namespace bk::telemetry::test
