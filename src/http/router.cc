#include "http/router.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

#include <spdlog/spdlog.h>

namespace linli::http {

struct Router::Compiled {
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  std::vector<Segment> segments;
  bool has_params = false;
};

namespace {

[[noreturn]] void Die(const std::string& what, const Route& r) {
  std::fprintf(stderr, "linli: bad route %s %s: %s\n", r.method.c_str(), r.pattern.c_str(), what.c_str());
  std::abort();
}

// Splits "/a/b/c" into {"a","b","c"}; "/" into {}. Returns false for an empty segment ("//", trailing '/').
bool Split(std::string_view path, std::vector<std::string_view>& out) {
  out.clear();
  if (path.empty() || path[0] != '/') return false;
  if (path.size() == 1) return true;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = path.find('/', start);
    std::string_view seg = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (seg.empty()) return false;
    out.push_back(seg);
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

bool ValidPermission(const std::string& p) {
  auto colon = p.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == p.size()) return false;
  for (char c : p) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '-')) return false;
  }
  return p.find(':', colon + 1) == std::string::npos;
}

}  // namespace

Router::Router() = default;
Router::~Router() = default;

void Router::Add(Route route) {
  static const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  bool method_ok = false;
  for (const char* m : kMethods) method_ok = method_ok || route.method == m;
  if (!method_ok) Die("unsupported method", route);
  if (!ValidPermission(route.permission)) Die("permission must be resource:action", route);
  if (!route.handler) Die("no handler", route);
  std::vector<std::string_view> segs;
  if (!Split(route.pattern, segs)) Die("pattern must start with '/' and have no empty segment", route);
  Compiled c;
  for (auto s : segs) {
    Compiled::Segment seg;
    if (s.front() == '{') {
      if (s.size() < 3 || s.back() != '}') Die("bad parameter segment", route);
      seg.text = std::string(s.substr(1, s.size() - 2));
      seg.param = true;
      c.has_params = true;
    } else {
      if (s.find_first_of("{}") != std::string_view::npos) Die("braces inside a literal segment", route);
      seg.text = std::string(s);
    }
    c.segments.push_back(std::move(seg));
  }
  for (const auto& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) Die("duplicate route", route);
  }
  std::size_t index = routes_.size();
  if (!c.has_params) literal_[route.pattern].push_back(index);
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

void Router::AddSchema(std::string name, boost::json::value schema) { schemas_[std::move(name)] = std::move(schema); }

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  std::string_view want = method == "HEAD" ? std::string_view("GET") : method;
  // Fast path: a literal pattern matching the whole path wins over any parameterised pattern.
  std::vector<std::size_t> candidates;
  if (auto it = literal_.find(std::string(path)); it != literal_.end()) {
    for (std::size_t i : it->second) {
      if (routes_[i].method == want) {
        m.route = &routes_[i];
        return m;
      }
    }
    candidates = it->second;
  }
  std::vector<std::string_view> segs;
  if (Split(path, segs)) {
    for (std::size_t i = 0; i < routes_.size(); ++i) {
      const Compiled& c = compiled_[i];
      if (!c.has_params || c.segments.size() != segs.size()) continue;
      bool ok = true;
      for (std::size_t k = 0; k < segs.size() && ok; ++k) {
        ok = c.segments[k].param || c.segments[k].text == segs[k];
      }
      if (ok) candidates.push_back(i);
    }
  }
  // Best shape among candidates with the method: literal beats parameter, from the left.
  auto better = [&](std::size_t a, std::size_t b) {
    const auto& sa = compiled_[a].segments;
    const auto& sb = compiled_[b].segments;
    for (std::size_t k = 0; k < sa.size() && k < sb.size(); ++k) {
      if (sa[k].param != sb[k].param) return !sa[k].param;
    }
    return false;
  };
  std::optional<std::size_t> best;
  for (std::size_t i : candidates) {
    if (routes_[i].method != want) continue;
    if (!best || better(i, *best)) best = i;
  }
  if (!best) {
    if (candidates.empty()) {
      m.error = Error::NotFound("没有这个接口");
      return m;
    }
    std::vector<std::string> methods;
    for (std::size_t i : candidates) {
      bool seen = false;
      for (const auto& x : methods) seen = seen || x == routes_[i].method;
      if (!seen) methods.push_back(routes_[i].method);
    }
    for (const auto& x : methods) {
      if (!m.allow.empty()) m.allow += ", ";
      m.allow += x;
    }
    m.error = Error{ErrorCode::kMethodNotAllowed, "接口不支持 " + std::string(method) + " 方法", {}, {}};
    return m;
  }
  m.route = &routes_[*best];
  const Compiled& c = compiled_[*best];
  for (std::size_t k = 0; k < segs.size(); ++k) {
    if (c.segments[k].param) m.params.emplace(c.segments[k].text, std::string(segs[k]));
  }
  return m;
}

Response Router::Dispatch(Request& req, const Route** matched) const {
  RouteMatch m = Match(req.method, req.path);
  if (matched != nullptr) *matched = m.route;
  return Run(std::move(m), req);
}

Response Router::Run(RouteMatch m, Request& req) const {
  if (m.route == nullptr) {
    Response r = ErrorResponse(*m.error);
    if (!m.allow.empty()) r.headers.emplace_back("Allow", m.allow);
    return r;
  }
  req.path_params = std::move(m.params);
  try {
    if (authorize_) {
      Status s = authorize_(*m.route, req);
      if (!s.ok()) return ErrorResponse(s.error());
    }
    return m.route->handler(req);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", req.method, m.route->pattern, e.what());
  } catch (...) {
    spdlog::error("handler {} {} threw a non-exception", req.method, m.route->pattern);
  }
  return ErrorResponse(ErrorCode::kInternal, "服务器内部错误");
}

}  // namespace linli::http
