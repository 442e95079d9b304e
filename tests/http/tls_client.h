// HTTPS for server tests: a self-signed certificate made with OpenSSL's API at test time, and a
// small Asio TLS client that verifies it (chain and host name) and sends one raw request.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace linli::http::testing {

// Writes a fresh P-256 key and a self-signed certificate for localhost / 127.0.0.1 (valid one
// day) as PEM files. False when OpenSSL fails.
inline bool WriteSelfSigned(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  bool ok = key != nullptr && x != nullptr;
  if (ok) {
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"),
                               -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    ok = san != nullptr && X509_add_ext(x, san, -1) == 1 && X509_sign(x, key, EVP_sha256()) > 0;
    X509_EXTENSION_free(san);
  }
  if (ok) {
    FILE* k = std::fopen(key_path.c_str(), "w");
    FILE* c = std::fopen(cert_path.c_str(), "w");
    ok = k != nullptr && c != nullptr &&
         PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
         PEM_write_X509(c, x) == 1;
    if (k != nullptr) std::fclose(k);
    if (c != nullptr) std::fclose(c);
  }
  X509_free(x);
  EVP_PKEY_free(key);
  return ok;
}

struct TlsReply {
  bool handshake_ok = false;
  std::string error;  // the first failure ("" when none)
  std::string raw;    // everything received after the handshake
};

// Connects to 127.0.0.1:port over TLS, verifying the server against `ca_cert` as host
// "localhost", sends `raw` and reads until the server closes (10 s at most). `max_version` limits
// the client's protocol (e.g. TLS1_1_VERSION to see that the server refuses it; 0 = no limit).
// `drop_after_write` closes the TCP connection right after sending, without a TLS close_notify.
inline TlsReply TlsExchange(std::uint16_t port, const std::string& ca_cert, const std::string& raw,
                            int max_version = 0, bool drop_after_write = false) {
  namespace asio = boost::asio;
  namespace ssl = boost::asio::ssl;
  using tcp = asio::ip::tcp;
  TlsReply out;
  asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  boost::system::error_code ec;
  ctx.load_verify_file(ca_cert, ec);
  if (ec) {
    out.error = "load_verify_file: " + ec.message();
    return out;
  }
  ctx.set_verify_mode(ssl::verify_peer);
  if (max_version != 0) {
    SSL_CTX_set_min_proto_version(ctx.native_handle(), 0);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
    SSL_CTX_set_cipher_list(ctx.native_handle(), "DEFAULT:@SECLEVEL=0");  // let the client offer it
  }
  ssl::stream<tcp::socket> stream(ioc, ctx);
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  stream.set_verify_callback(ssl::host_name_verification("localhost"));
  std::string buffer;
  auto fail = [&](const char* what, const boost::system::error_code& e) {
    if (out.error.empty()) out.error = std::string(what) + ": " + e.message();
  };
  stream.next_layer().async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](const boost::system::error_code& e) {
        if (e) return fail("connect", e);
        stream.async_handshake(ssl::stream_base::client, [&](const boost::system::error_code& e) {
          if (e) return fail("handshake", e);
          out.handshake_ok = true;
          asio::async_write(stream, asio::buffer(raw), [&](const boost::system::error_code& e, std::size_t) {
            if (e) return fail("write", e);
            if (drop_after_write) {  // TCP close without TLS close_notify, mid-request
              boost::system::error_code ignored;
              stream.next_layer().close(ignored);
              return;
            }
            asio::async_read(stream, asio::dynamic_buffer(out.raw),
                             [&](const boost::system::error_code& e, std::size_t) {
                               // The server ends with close_notify: eof; anything else is noted.
                               if (e && e != asio::error::eof) fail("read", e);
                             });
          });
        });
      });
  ioc.run_for(std::chrono::seconds(10));
  return out;
}

}  // namespace linli::http::testing
