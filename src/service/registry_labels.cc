#include "service/registry_labels.h"

namespace linli::service {

const std::vector<TagInfo>& ResidentTags() {
  static const std::vector<TagInfo> kTags = {
      {"elderly_alone", "独居老人", "Elderly living alone", true},
      {"gugua", "孤寡老人", "Elderly without family", true},
      {"low_income", "低保", "Low-income (dibao)", true},
      {"tekun", "特困", "Extreme hardship", true},
      {"disabled", "残疾", "Disabled", true},
      {"left_behind", "留守", "Left-behind", true},
      {"party_member", "党员", "Party member", false},
      {"volunteer", "志愿者", "Volunteer", false},
      {"custom", "自定义", "Custom", false},
  };
  return kTags;
}

std::string TagLabel(std::string_view code) {
  for (const auto& t : ResidentTags())
    if (t.code == code) return t.label_zh;
  return std::string(code);
}

std::string TagsText(const std::vector<ResidentTag>& tags) {
  std::string out;
  for (const auto& t : tags) {
    if (!out.empty()) out += "、";
    if (t.code == "custom") {
      out += t.detail.empty() ? TagLabel(t.code) : t.detail;
    } else {
      out += TagLabel(t.code);
      if (!t.detail.empty()) out += "(" + t.detail + ")";
    }
  }
  return out;
}

const std::vector<std::string>& Relations() {
  static const std::vector<std::string> kRelations = {"户主", "配偶", "子女", "父母", "孙子女", "兄弟姐妹",
                                                      "祖父母", "儿媳", "女婿", "租户", "保姆", "其他"};
  return kRelations;
}

std::string_view SexCode(Sex sex) {
  switch (sex) {
    case Sex::kMale: return "male";
    case Sex::kFemale: return "female";
    case Sex::kUnknown: return "unknown";
  }
  return "unknown";
}

bool ParseSexCode(std::string_view code, Sex* sex) {
  if (code == "male") *sex = Sex::kMale;
  else if (code == "female") *sex = Sex::kFemale;
  else if (code == "unknown") *sex = Sex::kUnknown;
  else return false;
  return true;
}

std::string_view SexLabel(Sex sex) {
  switch (sex) {
    case Sex::kMale: return "男";
    case Sex::kFemale: return "女";
    case Sex::kUnknown: return "";
  }
  return "";
}

}  // namespace linli::service
