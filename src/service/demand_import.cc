#include "service/demand_import.h"
#include "domain/civil_date.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <thread>
#include <cstdio>
#include <cstdlib>

#include "domain/address.h"
#include "domain/validation.h"

namespace linli::service {

namespace {

struct Column {
  const char* field;
  std::vector<std::string> headers;
};

const std::vector<Column>& Columns() {
  static const std::vector<Column> cols = {
      {"external_number", {"工单编号", "工单号", "编号", "工单编码"}},
      {"created_at", {"来电时间", "受理时间", "登记时间", "派单时间"}},
      {"reporter_name", {"诉求人", "来电人", "姓名", "联系人"}},
      {"reporter_phone", {"联系电话", "来电号码", "电话", "手机号"}},
      {"address_text", {"诉求地址", "地址", "事发地址", "事发地点"}},
      {"description", {"诉求内容", "内容", "问题描述", "来电内容"}},
      {"nature", {"诉求类型", "诉求性质", "性质", "类型", "诉求类型/性质"}},
      {"category_code", {"问题分类", "分类", "类别", "问题类别"}},
      {"urgency", {"紧急程度", "紧急", "缓急程度"}},
  };
  return cols;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  // U+3000 ideographic space around the value
  std::string out(s);
  const std::string ideo = "\xE3\x80\x80";
  while (out.starts_with(ideo)) out.erase(0, 3);
  while (out.ends_with(ideo)) out.erase(out.size() - 3);
  return out;
}

std::string NatureCode(std::string_view v) {
  if (v.find("咨询") != std::string_view::npos) return "consult";
  if (v.find("求助") != std::string_view::npos) return "help";
  if (v.find("投诉") != std::string_view::npos) return "complaint";
  if (v.find("举报") != std::string_view::npos) return "report";
  if (v.find("建议") != std::string_view::npos) return "suggestion";
  if (IsDemandNature(v)) return std::string(v);
  return {};
}

std::string UrgencyCode(std::string_view v) {
  if (v.empty() || v.find("一般") != std::string_view::npos || v.find("普通") != std::string_view::npos) return "normal";
  if (v.find("特急") != std::string_view::npos || v.find("特别紧急") != std::string_view::npos) return "critical";
  if (v.find("紧急") != std::string_view::npos || v.find("加急") != std::string_view::npos) return "urgent";
  if (IsDemandUrgency(v)) return std::string(v);
  return {};
}

using civil::DaysFromCivil;

}  // namespace

std::optional<std::string> LocalTimeToUtc(std::string_view text) {
  std::string t = Trimmed(text);
  if (t.empty()) return std::nullopt;
  std::int64_t local = 0;
  // Excel serial date (days since 1899-12-30, fraction = time of day).
  char* end = nullptr;
  double serial = std::strtod(t.c_str(), &end);
  if (end && *end == '\0' && serial > 20000 && serial < 80000) {
    local = static_cast<std::int64_t>(std::llround((serial - 25569.0) * 86400.0));
  } else {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (char& c : t)
      if (c == '/' || c == '.') c = '-';
    // 2026年11月22日 -> 2026-11-22
    std::string norm;
    for (std::size_t i = 0; i < t.size();) {
      if (t.compare(i, 3, "年") == 0 || t.compare(i, 3, "月") == 0) {
        norm += '-';
        i += 3;
      } else if (t.compare(i, 3, "日") == 0) {
        norm += ' ';
        i += 3;
      } else if (t[i] == 'T') {
        norm += ' ';
        ++i;
      } else {
        norm += t[i++];
      }
    }
    int n = std::sscanf(norm.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s);
    if (n < 3 || y < 1990 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || s < 0 || s > 59)
      return std::nullopt;
    local = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s;
  }
  return FormatIsoUtc(local - 8 * 3600);
}

Result<DemandImportParse> ParseDemandImport(const io::Table& table, const std::vector<DemandCategory>& tree) {
  if (table.rows.size() < 2) return Error::Invalid("file", "no_data", "文件里没有数据行");
  DemandImportParse out;
  out.headers = table.rows[0];
  for (const Column& col : Columns()) {
    for (std::size_t i = 0; i < out.headers.size(); ++i) {
      std::string h = NormalizeSearchText(out.headers[i]);
      bool hit = false;
      for (const auto& name : col.headers) hit = hit || h == NormalizeSearchText(name);
      if (hit && !out.mapping.count(col.field)) out.mapping[col.field] = static_cast<int>(i);
    }
  }
  if (!out.mapping.count("external_number") || !out.mapping.count("description"))
    return Error::Invalid("file", "columns", "找不到“工单编号”或“诉求内容”列，请用12345导出的原始表格");
  std::map<std::string, std::string> by_name;  // normalised zh name -> code
  for (const auto& c : tree) by_name[NormalizeSearchText(c.name_zh)] = c.code;
  auto known_code = [&](const std::string& code) {
    for (const auto& c : tree)
      if (c.code == code) return true;
    return false;
  };
  // Rows [begin, end) of the table into `part` (read-only use of everything above: the ranges of a
  // big sheet are checked on several threads).
  auto check_rows = [&](std::size_t begin, std::size_t end, DemandImportParse& part) {
    part.rows.reserve(end - begin);
    part.row_numbers.reserve(end - begin);
    for (std::size_t r = begin; r < end; ++r) {
      const auto& cells = table.rows[r];
      auto cell = [&](const char* field) -> std::string {
        auto it = out.mapping.find(field);
        if (it == out.mapping.end() || it->second >= static_cast<int>(cells.size())) return {};
        return Trimmed(cells[it->second]);
      };
      bool blank = true;
      for (const auto& c : cells) blank = blank && Trimmed(c).empty();
      if (blank) continue;
      int row_no = static_cast<int>(r) + 1;
      std::size_t issues_before = part.issues.size();
      auto issue = [&](const char* field, const char* reason, std::string message) {
        part.issues.push_back({row_no, field, reason, std::move(message)});
      };
      Demand d;
      d.channel = "hotline_12345";
      d.external_number = cell("external_number");
      if (d.external_number.empty()) issue("external_number", "required", "缺少工单编号");
      d.description = cell("description");
      if (d.description.empty()) issue("description", "required", "缺少诉求内容");
      d.reporter_name = cell("reporter_name");
      std::string phone = cell("reporter_phone");
      if (!phone.empty()) {
        auto p = NormalizePhone(phone, "reporter_phone");
        if (p.ok()) d.reporter_phone = *p;
        else issue("reporter_phone", "phone_format", "联系电话格式不对：" + phone);
      } else {
        issue("reporter_phone", "required", "缺少联系电话");
      }
      d.address_text = cell("address_text");
      std::string when = cell("created_at");
      if (!when.empty()) {
        auto utc = LocalTimeToUtc(when);
        if (utc) d.created_at = *utc;
        else issue("created_at", "invalid_time", "来电时间看不懂：" + when);
      }
      std::string nature = cell("nature");
      d.nature = nature.empty() ? "help" : NatureCode(nature);
      if (d.nature.empty()) issue("nature", "unknown", "诉求类型应为 咨询、求助、投诉、举报、建议 之一：" + nature);
      d.urgency = UrgencyCode(cell("urgency"));
      if (d.urgency.empty()) issue("urgency", "unknown", "紧急程度应为 一般、紧急、特急 之一");
      std::string category = cell("category_code");
      if (known_code(category)) {
        d.category_code = category;
      } else {
        // "物业管理-电梯故障" / "电梯故障": the most specific part that names a category.
        std::string found;
        std::string rest = category;
        for (const char* sep : {"-", "/", "—", ">", "－"}) {
          std::size_t p;
          while ((p = rest.find(sep)) != std::string::npos) rest.replace(p, std::string(sep).size(), "|");
        }
        std::size_t start = 0;
        while (start <= rest.size()) {
          std::size_t bar = rest.find('|', start);
          std::string part = NormalizeSearchText(rest.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
          if (auto it = by_name.find(part); it != by_name.end()) found = it->second;
          if (bar == std::string::npos) break;
          start = bar + 1;
        }
        d.category_code = !found.empty() ? found : (known_code("other") ? "other" : (tree.empty() ? "" : tree.front().code));
      }
      if (part.issues.size() == issues_before) {
        part.rows.push_back(std::move(d));
        part.row_numbers.push_back(row_no);
      }
    }
  };
  // Big sheets: in ranges on up to 4 threads, joined in sheet order.
  const std::size_t n = table.rows.size() - 1;
  const std::size_t threads =
      n < 20000 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  if (threads == 1) {
    check_rows(1, table.rows.size(), out);
  } else {
    std::vector<DemandImportParse> parts(threads);
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < threads; ++t)
      workers.emplace_back([&, t] { check_rows(1 + n * t / threads, 1 + n * (t + 1) / threads, parts[t]); });
    for (auto& w : workers) w.join();
    out.rows.reserve(n);
    out.row_numbers.reserve(n);
    for (auto& part : parts) {
      std::move(part.rows.begin(), part.rows.end(), std::back_inserter(out.rows));
      out.row_numbers.insert(out.row_numbers.end(), part.row_numbers.begin(), part.row_numbers.end());
      std::move(part.issues.begin(), part.issues.end(), std::back_inserter(out.issues));
      std::vector<Demand>().swap(part.rows);
    }
  }
  if (out.rows.empty() && out.issues.empty()) return Error::Invalid("file", "no_data", "文件里没有数据行");
  return out;
}

}  // namespace linli::service
