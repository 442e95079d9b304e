// The 12345 hotline import: a ticket sheet (.xlsx / .csv, through src/io) mapped onto demands.
// Header mapping for the usual 12345 columns (exact header text, spaces ignored):
//   工单编号 / 工单号 -> external_number     来电时间 / 受理时间 -> created_at (local Beijing time)
//   诉求人 / 来电人 / 姓名 -> reporter_name  联系电话 / 来电号码 / 电话 -> reporter_phone
//   诉求地址 / 地址 / 事发地址 -> address_text  诉求内容 / 内容 / 问题描述 -> description
//   诉求类型 / 诉求性质 / 性质 -> nature (咨询 求助 投诉 举报 建议)
//   问题分类 / 分类 / 类别 -> category_code (by zh name or code of the tree; unknown -> "other")
//   紧急程度 / 紧急 -> urgency (一般 紧急 特急)
// Pure (no store, no clock): the API resolves addresses and commits through DemandStore::ImportDemands.
// Thread rule: stateless.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/demand.h"
#include "io/table.h"

namespace linli::service {

struct DemandImportIssue {
  int row = 0;          // data row number, the header is row 1
  std::string field;    // demand field name
  std::string reason;   // required | phone_format | invalid_time | unknown
  std::string message;  // Chinese
};

struct DemandImportParse {
  std::vector<std::string> headers;
  std::map<std::string, int> mapping;  // demand field -> column index
  std::vector<Demand> rows;            // valid rows (channel hotline_12345, community_id unset)
  std::vector<int> row_numbers;        // sheet row of each valid row
  std::vector<DemandImportIssue> issues;
};

// Maps and checks every row. Errors: kInvalidArgument field "file" reason "no_data" (no data
// row) or "columns" (no 工单编号 or no 诉求内容 column).
Result<DemandImportParse> ParseDemandImport(const io::Table& table, const std::vector<DemandCategory>& tree);

// "2026-11-22 08:30", "2026/11/22 8:30:05", "2026-11-22T08:30:00", "2026-11-22" (Beijing local) and
// Excel serial numbers ("46348.35") -> UTC ISO "2026-11-22T00:30:00Z". nullopt when unreadable.
std::optional<std::string> LocalTimeToUtc(std::string_view text);

}  // namespace linli::service
