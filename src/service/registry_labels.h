// Display labels of the registry's codes, shared by the API (/api/v1/meta, JSON) and the exports.
// Pure; thread-safe (immutable tables).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/registry.h"

namespace linli::service {

struct TagInfo {
  std::string code, label_zh, label_en;
  bool vulnerable = false;
};
// The built-in resident tags in display order (see ResidentTag in domain/registry.h).
const std::vector<TagInfo>& ResidentTags();
// The Chinese label of a tag code ("low_income" -> "低保"); the code itself when unknown.
std::string TagLabel(std::string_view code);
// "低保、残疾(视力)、自定义标签" — for spreadsheets.
std::string TagsText(const std::vector<ResidentTag>& tags);

// The usual 与户主关系 values, in display order: 户主, 配偶, 子女, 父母, ...
const std::vector<std::string>& Relations();

// Sex in JSON: "male" / "female" / "unknown"; and in Chinese: 男 / 女 / "".
std::string_view SexCode(Sex sex);
// Parses "male"/"female"/"unknown"; false for anything else.
bool ParseSexCode(std::string_view code, Sex* sex);
std::string_view SexLabel(Sex sex);

}  // namespace linli::service
