// The only translation unit that includes Boost.Beast / Asio.
#include "http/server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include "core/metrics.h"
#include "http/log.h"
#include "http/static_files.h"

namespace linli::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

constexpr std::string_view kSecurityHeaders =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: same-origin\r\n"
    "X-Frame-Options: DENY\r\n";
// Only over HTTPS: browsers then refuse plain HTTP to this host for a year.
constexpr std::string_view kHsts = "Strict-Transport-Security: max-age=31536000\r\n";

// A TLS failure under the HTTP parser (the peer closed without close_notify, a bad record):
// nothing can be answered on that stream.
bool TransportFailed(const beast::error_code& ec) {
  return ec == ssl::error::stream_truncated || ec.category() == asio::error::get_ssl_category();
}

// Plain TCP or TLS over TCP, chosen per connection at run time, so that Beast's HTTP read
// algorithms and the writes are compiled once, for this one stream type. The TLS side sees one
// buffer type and one type-erased handler, so Asio's SSL operations are compiled once too (an
// SSL stream reads and writes only the first buffer of a sequence anyway).
// A read/write completion handler behind one type. It completes on the connection's executor
// (its strand), which is the one the wrapped Beast/Asio operation runs on as well.
class ErasedHandler {
 public:
  using executor_type = asio::any_io_executor;

  template <class Handler>
  ErasedHandler(Handler&& handler, executor_type ex)
      : impl_(std::make_unique<Impl<std::decay_t<Handler>>>(std::forward<Handler>(handler))), ex_(std::move(ex)) {}

  executor_type get_executor() const noexcept { return ex_; }
  void operator()(beast::error_code ec, std::size_t n) {
    std::unique_ptr<Base> impl = std::move(impl_);
    impl->Call(ec, n);
  }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual void Call(beast::error_code ec, std::size_t n) = 0;
  };
  template <class Handler>
  struct Impl final : Base {
    explicit Impl(Handler&& h) : handler(std::move(h)) {}
    explicit Impl(const Handler& h) : handler(h) {}
    void Call(beast::error_code ec, std::size_t n) override { std::move(handler)(ec, n); }
    Handler handler;
  };
  std::unique_ptr<Base> impl_;
  executor_type ex_;
};

template <class Buffer, class Buffers>
Buffer FirstBuffer(const Buffers& buffers) {
  for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers); ++it) {
    Buffer b(*it);
    if (b.size() != 0) return b;
  }
  return Buffer();
}

class AnyStream {
 public:
  using executor_type = beast::tcp_stream::executor_type;

  explicit AnyStream(tcp::socket socket) : plain_(std::in_place, std::move(socket)) {}
  AnyStream(tcp::socket socket, ssl::context& ctx) : tls_(std::in_place, std::move(socket), ctx) {}

  executor_type get_executor() { return Tcp().get_executor(); }
  beast::tcp_stream& Tcp() { return tls_ ? tls_->next_layer() : *plain_; }
  bool is_tls() const { return tls_.has_value(); }
  TlsStream& Tls() { return *tls_; }

  template <class MutableBuffers, class Handler>
  void async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    if (tls_)
      TlsRead(FirstBuffer<asio::mutable_buffer>(buffers), ErasedHandler(std::forward<Handler>(handler), get_executor()));
    else
      plain_->async_read_some(buffers, std::forward<Handler>(handler));
  }
  template <class ConstBuffers, class Handler>
  void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    if (tls_)
      TlsWrite(FirstBuffer<asio::const_buffer>(buffers), ErasedHandler(std::forward<Handler>(handler), get_executor()));
    else
      plain_->async_write_some(buffers, std::forward<Handler>(handler));
  }

 private:
  void TlsRead(asio::mutable_buffer buffer, ErasedHandler handler) {
    tls_->async_read_some(buffer, std::move(handler));
  }
  void TlsWrite(asio::const_buffer buffer, ErasedHandler handler) {
    tls_->async_write_some(buffer, std::move(handler));
  }

  std::optional<PlainStream> plain_;
  std::optional<TlsStream> tls_;
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Paths the SPA never owns: unknown routes there are JSON 404s.
bool IsApiPath(std::string_view path) {
  return path == "/api" || StartsWith(path, "/api/") || path == "/open311" || StartsWith(path, "/open311/") ||
         path == "/healthz" || path == "/metrics";
}

void AppendDecimal(std::string& out, std::size_t v) {
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "%zu", v);
  out.append(buf, static_cast<std::size_t>(n));
}

// Header values must not carry CR/LF (response splitting); such headers are dropped.
bool SafeHeaderText(std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; }

}  // namespace

// What sessions need from the server.
struct Shared {
  const Router& router_;
  ServerOptions options_;
  std::atomic<std::uint64_t> next_request_id_{1};
  std::optional<ssl::context> tls_ = std::nullopt;  // set when serving HTTPS
};

class Server::Impl : public Shared {
 public:
  Impl(const Router& router, ServerOptions options) : Shared{router, std::move(options)} {}

  asio::io_context ioc_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::optional<tcp::acceptor> acceptor_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::mutex mu_;
  std::condition_variable stopped_cv_;
  bool running_ = false;

  void DoAccept();
};

namespace {

// One connection. Over TLS it shakes hands first and ends with a TLS close_notify.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& srv)
      : stream_(srv.tls_ ? AnyStream(std::move(socket), *srv.tls_) : AnyStream(std::move(socket))), srv_(srv) {}

  void Start() {
    beast::error_code ec;
    auto ep = stream_.Tcp().socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
    stream_.Tcp().socket().set_option(tcp::no_delay(true), ec);
    buffer_.reserve(4096);
    if (stream_.is_tls()) {
      stream_.Tcp().expires_after(std::chrono::seconds(srv_.options_.read_timeout_seconds));
      stream_.Tls().async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
        if (ec) return self->CloseTcp();  // plain HTTP, a scanner, a timeout: nothing to answer
        self->ReadHeader();
      });
    } else {
      ReadHeader();
    }
  }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.options_.max_header_bytes));
    parser_->body_limit(srv_.options_.max_upload_body);
    stream_.Tcp().expires_after(std::chrono::seconds(srv_.options_.read_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    start_ = std::chrono::steady_clock::now();
    req_ = Request{};  // nothing of the previous request on this connection survives
    match_ = RouteMatch{};
    if (ec) {
      if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
          ec == asio::error::connection_reset || ec == asio::error::operation_aborted || TransportFailed(ec)) {
        return Close();
      }
      if (ec == bhttp::error::header_limit) {
        Response r = ErrorResponse(ErrorCode::kTooLarge, "请求头过大");
        r.status = 431;
        return Reply(std::move(r), "", true);
      }
      return Reply(ErrorResponse(Error::Invalid("", "http_syntax", "请求格式不正确")), "", true);
    }
    auto& msg = parser_->get();
    req_.method = std::string(msg.method_string());
    req_.target = std::string(msg.target());
    req_.remote_addr = remote_;
    auto url = boost::urls::parse_origin_form(req_.target);
    if (!url) return Reply(ErrorResponse(Error::Invalid("", "http_target", "请求地址不正确")), "", true);
    req_.path = url->path();
    if (req_.path.empty()) req_.path = "/";
    if (url->has_query()) {
      for (auto p : url->params()) req_.query.emplace(std::move(p.key), std::move(p.value));
    }
    match_ = srv_.router_.Match(req_.method, req_.path);
    std::size_t limit = srv_.options_.max_json_body;
    if (match_.route != nullptr && match_.route->max_body != 0) limit = match_.route->max_body;
    limit = std::min(limit, srv_.options_.max_upload_body);
    auto length = parser_->content_length();
    if (length && *length > limit) return TooLarge(limit);
    parser_->body_limit(limit);
    limit_ = limit;
    if (parser_->is_done()) return OnBody({});
    auto expect = msg[bhttp::field::expect];
    if (!expect.empty() && beast::iequals(expect, "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.Tcp().expires_after(std::chrono::seconds(srv_.options_.read_timeout_seconds));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
  }

  void TooLarge(std::size_t limit) {
    Reply(ErrorResponse(Error{ErrorCode::kTooLarge, "请求内容超过上限（" + std::to_string(limit) + " 字节）", {}, {}}),
          match_.route != nullptr ? std::string_view(match_.route->pattern) : std::string_view(), true);
  }

  void OnBody(beast::error_code ec) {
    if (ec) {
      if (ec == bhttp::error::body_limit) return TooLarge(limit_);
      if (ec == beast::error::timeout || ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
          ec == asio::error::connection_reset || TransportFailed(ec)) {
        return Close();
      }
      return Reply(ErrorResponse(Error::Invalid("", "http_syntax", "请求格式不正确")), "", true);
    }
    auto& msg = parser_->get();
    bool close = !msg.keep_alive();
    req_.headers.reserve(8);
    for (const auto& f : msg) req_.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    req_.body = std::move(msg.body());
    if (auto rid = msg["X-Request-Id"]; !rid.empty() && rid.size() <= 64 && SafeHeaderText(rid)) {
      req_.ctx.request_id = std::string(rid);
    }
    std::string_view route_name = "unmatched";
    Response res;
    if (match_.route != nullptr) {
      route_name = match_.route->pattern;
      res = srv_.router_.Run(std::move(match_), req_);
    } else if ((req_.method == "GET" || req_.method == "HEAD") && !srv_.options_.web_root.empty() &&
               !IsApiPath(req_.path) && match_.error && match_.error->code == ErrorCode::kNotFound) {
      route_name = "static";
      res = ServeStatic(srv_.options_.web_root, req_.path);
    } else {
      res = srv_.router_.Run(std::move(match_), req_);
    }
    Reply(std::move(res), route_name, close);
  }

  // Serialises the response by hand (status line, headers, body as a second buffer) and writes it.
  void Reply(Response res, std::string_view route, bool close) {
    close_ = close;
    if (req_.ctx.request_id.empty()) {
      char buf[24];
      int n = std::snprintf(buf, sizeof buf, "%llx",
                            static_cast<unsigned long long>(srv_.next_request_id_.fetch_add(1, std::memory_order_relaxed)));
      req_.ctx.request_id.assign(buf, static_cast<std::size_t>(n));
    }
    const bool head = req_.method == "HEAD";
    head_.clear();
    head_ += "HTTP/1.1 ";
    AppendDecimal(head_, static_cast<std::size_t>(res.status));
    head_ += ' ';
    head_ += StatusReason(res.status);
    head_ += "\r\n";
    if (!res.content_type.empty()) {
      head_ += "Content-Type: ";
      head_ += res.content_type;
      head_ += "\r\n";
    }
    if (res.status != 204 && res.status != 304) {
      head_ += "Content-Length: ";
      AppendDecimal(head_, res.body.size());
      head_ += "\r\n";
    }
    for (const auto& [k, v] : res.headers) {
      if (!SafeHeaderText(k) || !SafeHeaderText(v)) continue;
      head_ += k;
      head_ += ": ";
      head_ += v;
      head_ += "\r\n";
    }
    if (!req_.ctx.request_id.empty()) {
      head_ += "X-Request-Id: ";
      head_ += req_.ctx.request_id;
      head_ += "\r\n";
    }
    head_ += kSecurityHeaders;
    if (stream_.is_tls()) head_ += kHsts;
    if (close_) head_ += "Connection: close\r\n";
    head_ += "\r\n";
    body_ = std::move(res.body);
    if (head || res.status == 204 || res.status == 304) body_.clear();

    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::string_view method = req_.method.empty() ? std::string_view("-") : std::string_view(req_.method);
    std::string_view metric_route = route.empty() ? std::string_view("unmatched") : route;
    metrics::ObserveHttp(method, metric_route, res.status, seconds);
    LogRequest({.request_id = req_.ctx.request_id,
                .method = method,
                .target = req_.target,
                .route = metric_route,
                .remote = remote_,
                .status = res.status,
                .seconds = seconds,
                .bytes_in = req_.body.size(),
                .bytes_out = body_.size(),
                .quiet = req_.path == "/healthz" || req_.path == "/metrics"});

    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
    stream_.Tcp().expires_after(std::chrono::seconds(srv_.options_.read_timeout_seconds));
    asio::async_write(stream_, buffers, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || self->close_) return self->Close();
      self->ReadHeader();
    });
  }

  void Close() {
    if (stream_.is_tls()) {
      stream_.Tcp().expires_after(std::chrono::seconds(5));
      stream_.Tls().async_shutdown([self = shared_from_this()](beast::error_code) { self->CloseTcp(); });
    } else {
      CloseTcp();
    }
  }

  void CloseTcp() {
    beast::error_code ec;
    stream_.Tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.Tcp().close();
  }

  AnyStream stream_;
  Shared& srv_;
  beast::flat_buffer buffer_;  // unlimited: the parser's header/body limits apply
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Request req_;
  RouteMatch match_;
  std::string remote_;
  std::string head_, body_;
  bool close_ = false;
  std::size_t limit_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

void Server::Impl::DoAccept() {
  // Each connection on its own strand: its reads, writes and timer never run at the same time.
  acceptor_->async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
    if (!ec) {
      try {
        std::make_shared<Session>(std::move(socket), *this)->Start();
      } catch (const std::exception& e) {
        spdlog::error("session start failed: {}", e.what());
      }
    } else {
      spdlog::warn("accept failed: {}", ec.message());
    }
    DoAccept();
  });
}

Server::Server(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

Server::~Server() { Stop(); }

namespace {

// The HTTPS context: TLS 1.2 or later, the certificate chain and its key. Errors name the file.
Result<ssl::context> MakeTlsContext(const std::string& cert, const std::string& key) {
  if (cert.empty() != key.empty()) {
    return cert.empty() ? Error::Invalid("tls_cert", "required", "配置了 TLS 私钥，还需要证书 (tls_cert)")
                        : Error::Invalid("tls_key", "required", "配置了 TLS 证书，还需要私钥 (tls_key)");
  }
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  beast::error_code ec;
  ctx.use_certificate_chain_file(cert, ec);
  if (ec) {
    return Error::Invalid("tls_cert", "tls_cert_invalid",
                          "无法使用证书文件 " + cert + "（须为可读的 PEM 证书）: " + ec.message());
  }
  ctx.use_private_key_file(key, ssl::context::pem, ec);
  if (ec && ec.category() == asio::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
    return Error::Invalid("tls_key", "tls_key_mismatch", "私钥 " + key + " 与证书 " + cert + " 不配对");
  }
  if (ec) {
    return Error::Invalid("tls_key", "tls_key_invalid",
                          "无法使用私钥文件 " + key + "（须为可读的 PEM 私钥，且与证书配对）: " + ec.message());
  }
  if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
    return Error::Invalid("tls_key", "tls_key_mismatch", "私钥 " + key + " 与证书 " + cert + " 不配对");
  }
  return ctx;
}

}  // namespace

Status Server::Start() {
  auto& s = *impl_;
  if (s.running_) return Ok();
  if (!s.options_.tls_cert_file.empty() || !s.options_.tls_key_file.empty()) {
    auto ctx = MakeTlsContext(s.options_.tls_cert_file, s.options_.tls_key_file);
    if (!ctx.ok()) return ctx.error();
    s.tls_.emplace(std::move(ctx).value());
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(s.options_.host, ec);
  if (ec) return Error::Invalid("listen", "address", "监听地址不正确: " + s.options_.host);
  tcp::endpoint endpoint(address, s.options_.port);
  s.acceptor_.emplace(s.ioc_);
  s.acceptor_->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor_->bind(endpoint, ec);
  if (!ec) s.acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    s.acceptor_.reset();
    return Error{ErrorCode::kUnavailable,
                 "无法监听 " + s.options_.host + ":" + std::to_string(s.options_.port) + ": " + ec.message(), "listen", {}};
  }
  s.port_ = s.acceptor_->local_endpoint().port();
  s.work_.emplace(s.ioc_.get_executor());
  s.DoAccept();
  int n = std::max(1, s.options_.threads);
  for (int i = 0; i < n; ++i) {
    s.threads_.emplace_back([&s] {
      for (;;) {
        try {
          s.ioc_.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("worker thread: {}", e.what());
        }
      }
    });
  }
  std::lock_guard lock(s.mu_);
  s.running_ = true;
  return Ok();
}

std::uint16_t Server::port() const { return impl_->port_; }

void Server::Stop() {
  auto& s = *impl_;
  if (s.acceptor_) {
    asio::post(s.ioc_, [&s] {
      beast::error_code ec;
      s.acceptor_->close(ec);
    });
  }
  s.work_.reset();
  s.ioc_.stop();
  for (auto& t : s.threads_) {
    if (t.joinable()) t.join();
  }
  s.threads_.clear();
  {
    std::lock_guard lock(s.mu_);
    s.running_ = false;
  }
  s.stopped_cv_.notify_all();
}

void Server::Wait() {
  auto& s = *impl_;
  std::unique_lock lock(s.mu_);
  s.stopped_cv_.wait(lock, [&s] { return !s.running_; });
}

}  // namespace linli::http
