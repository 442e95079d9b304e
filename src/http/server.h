// The HTTP/1.1 server (Boost.Beast; Beast is confined to server.cc). Serves the router, and the
// static console from web_root for GET paths outside /api and /open311 (SPA fallback to
// index.html). Adds the security headers to every response, logs one line per request and
// records metrics. With a certificate and key it speaks HTTPS only (TLS 1.2 or later, OpenSSL)
// and adds Strict-Transport-Security; a plain HTTP request to that port gets no answer.
//
// Thread rule: Start/Stop from one controlling thread; handlers run on the worker threads (they
// may block). The Router must outlive the server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/router.h"

namespace linli::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 = pick a free port (see Server::port())
  int threads = 2;
  std::string web_root;       // "" = no static files
  std::size_t max_json_body = 1 << 20;     // for routes with max_body == 0
  std::size_t max_upload_body = 20 << 20;  // hard cap for any route
  std::size_t max_header_bytes = 16 << 10;
  int read_timeout_seconds = 30;  // idle keep-alive / slow request limit
  // PEM files; both set = HTTPS, both empty = plain HTTP. tls_cert may hold the chain after the
  // server's certificate.
  std::string tls_cert_file, tls_key_file;
};

class Server {
 public:
  Server(const Router& router, ServerOptions options);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the worker threads. Errors: kUnavailable when the address cannot be bound,
  // kInvalidArgument for a bad host (field "listen"), and for TLS files that cannot be used:
  // field "tls_cert" (unreadable, not a PEM certificate, only one of the two files given) or
  // "tls_key" (unreadable, not a PEM private key, or not the key of the certificate).
  Status Start();
  // The bound port (after Start).
  std::uint16_t port() const;
  // Stops accepting, closes connections, joins the threads. Idempotent.
  void Stop();
  // Blocks until Stop() is called from another thread or a signal handler.
  void Wait();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace linli::http
