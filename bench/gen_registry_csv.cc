// Writes the demo registry of N households as a UTF-8 CSV with the usual Chinese headers, one row
// per resident — the input of the import benchmark.
//   linli_gen_registry_csv --households 1000000 --out registry.csv [--seed S]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/demo.h"

namespace {

void Field(std::string& line, std::string_view v) {
  if (v.find_first_of(",\"\n") == std::string_view::npos) {
    line.append(v);
    return;
  }
  line.push_back('"');
  for (char c : v) {
    if (c == '"') line.push_back('"');
    line.push_back(c);
  }
  line.push_back('"');
}

std::string_view SexName(linli::Sex s) {
  switch (s) {
    case linli::Sex::kMale: return "男";
    case linli::Sex::kFemale: return "女";
    default: return "";
  }
}

}  // namespace

int main(int argc, char** argv) {
  linli::DemoOptions options;
  std::string out = "registry.csv";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--households") options.households = std::atoll(argv[i + 1]);
    else if (flag == "--seed") options.seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--out") out = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  linli::DemoCommunity demo = linli::GenerateDemo(options);
  std::FILE* f = std::fopen(out.c_str(), "wb");
  if (!f) {
    std::perror(out.c_str());
    return 1;
  }
  std::string line = "小区,楼号,单元,门牌号,面积,姓名,身份证号,性别,出生日期,联系电话,与户主关系,是否产权人\n";
  std::fwrite(line.data(), 1, line.size(), f);
  for (const auto& r : demo.rows) {
    line.clear();
    Field(line, r.compound); line += ',';
    Field(line, r.building); line += ',';
    Field(line, r.unit); line += ',';
    Field(line, r.door); line += ',';
    char area[32];
    std::snprintf(area, sizeof area, "%.2f", r.area_m2);
    line += area; line += ',';
    Field(line, r.name); line += ',';
    Field(line, r.id_number); line += ',';
    line += SexName(r.sex); line += ',';
    Field(line, r.birth_date); line += ',';
    Field(line, r.phone); line += ',';
    Field(line, r.relation); line += ',';
    line += r.is_owner ? "是" : "否";
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), f);
  }
  std::fclose(f);
  std::printf("%zu rows, %lld households -> %s\n", demo.rows.size(), static_cast<long long>(options.households),
              out.c_str());
  return 0;
}
