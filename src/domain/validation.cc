#include "domain/validation.h"

#include <array>
#include <cmath>
#include <string>

#include "domain/text_util.h"

namespace linli {

namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool RealDate(int y, int m, int d) {
  return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// YYYY-MM-DD without printf (this runs once or twice per imported row). Years are 1900..2199.
std::string FormatDate(int y, int m, int d) {
  std::string s = "0000-00-00";
  s[0] = static_cast<char>('0' + y / 1000), s[1] = static_cast<char>('0' + y / 100 % 10);
  s[2] = static_cast<char>('0' + y / 10 % 10), s[3] = static_cast<char>('0' + y % 10);
  s[5] = static_cast<char>('0' + m / 10), s[6] = static_cast<char>('0' + m % 10);
  s[8] = static_cast<char>('0' + d / 10), s[9] = static_cast<char>('0' + d % 10);
  return s;
}

Error Invalid(std::string_view field, std::string_view reason, std::string message) {
  return Error::Invalid(std::string(field), std::string(reason), std::move(message));
}

// Collects field problems; ToError() builds the one Error carrying all of them.
class Problems {
 public:
  void Add(std::string_view field, std::string_view reason, std::string message) {
    list_.push_back({std::string(field), std::string(reason), std::move(message)});
  }
  void Add(const Error& e) {
    for (const auto& d : e.details) list_.push_back(d);
  }
  bool empty() const { return list_.empty(); }
  Error ToError() && {
    Error e{ErrorCode::kInvalidArgument, {}, list_.front().field, std::move(list_)};
    e.message = e.details.size() == 1
                    ? e.details.front().message
                    : "有" + std::to_string(e.details.size()) + "处需要修改，第一处：" + e.details.front().message;
    return e;
  }

 private:
  std::vector<FieldError> list_;
};

// An optional phone field: empty (after trimming) stays empty, otherwise it is normalised or reported.
void NormalizeOptionalPhone(std::string* phone, Problems* problems);

}  // namespace

std::string NormalizeIdNumber(std::string_view id) {
  std::string s = text::HalfWidth(text::Trim(id));
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != ' ') out.push_back(c);
  if (!out.empty() && out.back() == 'x') out.back() = 'X';
  return out;
}

char IdNumberCheckChar(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view kChars = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChars[sum % 11];
}

Result<IdNumberInfo> ParseIdNumber(std::string_view raw, std::string_view today, std::string_view field) {
  std::string id = NormalizeIdNumber(raw);
  std::size_t len = text::CodePointCount(id);
  if (len != 18)
    return Invalid(field, "id_number_length", "身份证号应为18位，现在是" + std::to_string(len) + "位");
  std::string_view first17 = std::string_view(id).substr(0, 17);
  if (!text::AllDigits(first17) || !(text::AllDigits(id.substr(17)) || id[17] == 'X'))
    return Invalid(field, "id_number_chars", "身份证号只能是数字，最后一位可以是X");
  int y = ToInt(first17.substr(6, 4)), m = ToInt(first17.substr(10, 2)), d = ToInt(first17.substr(12, 2));
  if (!RealDate(y, m, d))
    return Invalid(field, "id_number_birth_date",
                   "身份证号里的出生日期" + std::string(first17.substr(6, 8)) + "不存在，请核对第7到14位");
  std::string birth = FormatDate(y, m, d);
  if (!today.empty() && birth > today)
    return Invalid(field, "id_number_birth_date", "身份证号里的出生日期" + birth + "晚于今天，请核对第7到14位");
  if (IdNumberCheckChar(first17) != id[17])
    return Invalid(field, "id_number_checksum", "身份证号校验位不对，请核对最后一位");
  IdNumberInfo info;
  info.area_code = id.substr(0, 6);
  info.birth_date = std::move(birth);
  info.sex = (first17[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return info;
}

Result<std::string> NormalizePhone(std::string_view raw, std::string_view field) {
  std::string s = text::HalfWidth(text::Trim(raw));
  // Split off an extension: "转123", "ext123", "x123".
  std::string ext;
  for (std::string_view marker : {"转", "ext", "EXT", "x", "X"}) {
    auto pos = s.find(marker);
    if (pos != std::string::npos && pos > 0) {
      ext = s.substr(pos + marker.size());
      s.resize(pos);
      break;
    }
  }
  std::vector<std::string> groups;  // digit groups separated by space, '-', '(' or ')'
  std::string cur;
  bool bad_char = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      cur.push_back(c);
    } else if (c == ' ' || c == '-' || c == '(' || c == ')') {
      if (!cur.empty()) groups.push_back(std::move(cur)), cur.clear();
    } else if (c == '+' && i == 0) {
      // +86 prefix: handled below
    } else {
      bad_char = true;
    }
  }
  if (!cur.empty()) groups.push_back(std::move(cur));
  std::string ext_digits;
  for (char c : ext) {
    if (c >= '0' && c <= '9') ext_digits.push_back(c);
    else if (c != ' ' && c != '-') bad_char = true;
  }
  auto fail = [&] {
    return Invalid(field, "phone_format", "电话号码格式不对：手机号是1开头的11位数字，座机请带区号，如010-89551234");
  };
  if (bad_char || groups.empty()) return fail();
  if (!s.empty() && s[0] == '+') {
    if (groups.front() == "86") groups.erase(groups.begin());
    else if (groups.front().starts_with("86")) groups.front().erase(0, 2);
    else return fail();
  }
  // A landline's local number may itself be followed by a '-' extension: 010-8955-1234 is one number,
  // 010-89551234-123 has an extension. Try the mobile form first.
  std::string all;
  for (const auto& g : groups) all += g;
  if (all.size() == 13 && all.starts_with("86") && all[2] == '1') all.erase(0, 2);
  if (ext_digits.empty() && all.size() == 11 && all[0] == '1' && all[1] >= '3' && all[1] <= '9') return all;
  if (all.empty() || all[0] != '0') return fail();
  // Landline: area code 0 + 2..3 digits (010, 021, 0571), local number 7..8 digits.
  auto landline_ok = [](std::string_view digits) {
    // Beijing/Shanghai/... two-digit area codes: 010, 020-029.
    std::size_t area = (digits.size() >= 2 && (digits[1] == '1' || digits[1] == '2')) ? 3 : 4;
    std::size_t local = digits.size() >= area ? digits.size() - area : 0;
    return digits.size() > area && local >= 7 && local <= 8 && digits[area] != '0' && digits[area] != '1';
  };
  if (landline_ok(all) && ext_digits.size() <= 6) {
    return ext_digits.empty() ? all : all + "-" + ext_digits;
  }
  // Last dash group as extension.
  if (ext_digits.empty() && groups.size() >= 2 && groups.back().size() <= 6) {
    std::string main = all.substr(0, all.size() - groups.back().size());
    if (landline_ok(main)) return main + "-" + groups.back();
  }
  return fail();
}

namespace {
void NormalizeOptionalPhone(std::string* phone, Problems* problems) {
  if (text::Trim(*phone).empty()) {
    phone->clear();
    return;
  }
  auto p = NormalizePhone(*phone, "phone");
  if (!p.ok()) problems->Add(p.error());
  else *phone = std::move(p).value();
}
}  // namespace

Status ValidateDate(std::string_view date, std::string_view field) {
  auto fail = [&] { return Invalid(field, "date_format", "日期格式不对，应为年-月-日，如1956-03-08"); };
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return fail();
  auto ys = date.substr(0, 4), ms = date.substr(5, 2), ds = date.substr(8, 2);
  if (!text::AllDigits(ys) || !text::AllDigits(ms) || !text::AllDigits(ds)) return fail();
  if (!RealDate(ToInt(ys), ToInt(ms), ToInt(ds)))
    return Invalid(field, "date_format", "日期" + std::string(date) + "不存在");
  return Ok();
}

Result<std::string> NormalizeDate(std::string_view raw, std::string_view field) {
  std::string s = text::HalfWidth(text::Trim(raw));
  std::vector<std::string> parts;
  std::string cur;
  bool bad = false;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      cur.push_back(c);
      ++i;
      continue;
    }
    std::size_t skip = 0;
    if (c == '-' || c == '/' || c == '.' || c == ' ') skip = 1;
    else if (s.compare(i, 3, "年") == 0 || s.compare(i, 3, "月") == 0 || s.compare(i, 3, "日") == 0 ||
             s.compare(i, 3, "号") == 0)
      skip = 3;
    if (skip == 0) {
      bad = true;
      break;
    }
    if (!cur.empty()) parts.push_back(std::move(cur)), cur.clear();
    i += skip;
  }
  if (!cur.empty()) parts.push_back(std::move(cur));
  if (!bad && parts.size() == 1 && parts[0].size() == 8)
    parts = {parts[0].substr(0, 4), parts[0].substr(4, 2), parts[0].substr(6, 2)};
  if (bad || parts.size() != 3 || parts[0].size() != 4 || parts[1].size() > 2 || parts[2].size() > 2)
    return Invalid(field, "date_format", "日期格式不对，应为年-月-日，如1956-03-08");
  int y = ToInt(parts[0]), m = ToInt(parts[1]), d = ToInt(parts[2]);
  if (!RealDate(y, m, d)) return Invalid(field, "date_format", "日期" + std::string(text::Trim(raw)) + "不存在");
  return FormatDate(y, m, d);
}

Result<Resident> ValidateResident(const Resident& in, std::string_view today) {
  Resident r = in;
  Problems problems;
  r.name = std::string(text::Trim(r.name));
  if (r.name.empty()) problems.Add("name", "required", "姓名不能为空");
  else if (text::CodePointCount(r.name) > 50) problems.Add("name", "too_long", "姓名太长，最多50个字");

  bool birth_ok = true;
  if (!r.birth_date.empty()) {
    auto d = NormalizeDate(r.birth_date, "birth_date");
    if (!d.ok()) {
      problems.Add(d.error());
      birth_ok = false;
    } else {
      r.birth_date = std::move(d).value();
      if (!today.empty() && r.birth_date > today) {
        problems.Add("birth_date", "date_in_future", "出生日期" + r.birth_date + "晚于今天");
        birth_ok = false;
      }
    }
  }

  r.id_number = NormalizeIdNumber(r.id_number);
  if (!r.id_number.empty()) {
    auto info = ParseIdNumber(r.id_number, today, "id_number");
    if (!info.ok()) {
      problems.Add(info.error());
    } else {
      if (r.birth_date.empty()) r.birth_date = info->birth_date;
      else if (birth_ok && r.birth_date != info->birth_date)
        problems.Add("birth_date", "birth_date_mismatch",
                     "出生日期" + r.birth_date + "和身份证号里的" + info->birth_date + "不一致");
      if (r.sex == Sex::kUnknown) r.sex = info->sex;
      else if (r.sex != info->sex)
        problems.Add("sex", "sex_mismatch",
                     std::string("性别和身份证号不一致：按身份证号应为") + (info->sex == Sex::kMale ? "男" : "女"));
    }
  }

  NormalizeOptionalPhone(&r.phone, &problems);

  std::vector<ResidentTag> tags;
  for (auto t : r.tags) {
    t.detail = std::string(text::Trim(t.detail));
    if (!IsKnownTagCode(t.code)) {
      problems.Add("tags", "tag_unknown", "不认识的标签：" + t.code);
      continue;
    }
    if (t.code == "custom" && t.detail.empty()) {
      problems.Add("tags", "tag_label_required", "自定义标签要写上名称");
      continue;
    }
    bool dup = false;
    for (const auto& seen : tags) dup = dup || seen == t;
    if (!dup) tags.push_back(std::move(t));
  }
  r.tags = std::move(tags);

  if (!problems.empty()) return std::move(problems).ToError();
  return r;
}

Result<Household> ValidateHousehold(const Household& in) {
  Household h = in;
  Problems problems;
  h.door = std::string(text::Trim(h.door));
  if (h.door.empty()) problems.Add("door", "required", "门牌号不能为空");
  if (!(h.area_m2 > 0) || !std::isfinite(h.area_m2))
    problems.Add("area_m2", "area_positive", "面积必须大于0，单位是平方米");
  NormalizeOptionalPhone(&h.phone, &problems);
  if (!problems.empty()) return std::move(problems).ToError();
  return h;
}

Status ValidateCommunity(const Community& c) {
  Problems problems;
  if (c.code.size() != 12 || !text::AllDigits(c.code))
    problems.Add("code", "code_format", "社区代码应为12位数字（统计用区划代码）");
  if (text::Trim(c.name).empty()) problems.Add("name", "required", "社区名称不能为空");
  if (!problems.empty()) return std::move(problems).ToError();
  return Ok();
}

Status ValidateName(std::string_view name, std::string_view field) {
  auto t = text::Trim(name);
  if (t.empty()) return Invalid(field, "required", "名称不能为空");
  if (text::CodePointCount(t) > 100) return Invalid(field, "too_long", "名称太长，最多100个字");
  return Ok();
}

}  // namespace linli
