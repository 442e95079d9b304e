#include "domain/demo.h"
#include "domain/civil_date.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/validation.h"

namespace linli {

namespace {

// splitmix64: tiny, fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  std::uint64_t Below(std::uint64_t n) { return static_cast<std::uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64); }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<std::uint64_t>(hi - lo + 1))); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Index drawn with the given (non-negative) weights.
  template <class Weights>
  std::size_t Weighted(const Weights& weights, double total) {
    double r = Unit() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.size() - 1;
  }

 private:
  std::uint64_t s_;
};

// Day number <-> civil date (H. Hinnant's algorithms), so birth dates are always real.
using civil::DaysFromCivil;
void CivilFromDays(std::int64_t z, int* y, unsigned* m, unsigned* d) {
  const civil::Date c = civil::CivilFromDays(z);
  *y = static_cast<int>(c.year), *m = c.month, *d = c.day;
}

// The demo's reference day: ages are counted back from it (the domain has no clock).
const std::int64_t kReferenceDay = DaysFromCivil(2024, 6, 30);

constexpr std::array<std::string_view, 13> kCompoundNames = {
    "四员厅小区", "中仓小区",   "玉带河东里", "新华东街小区", "西营前街小区", "运河园",     "紫运南里",
    "北苑南路小区", "悟仙观小区", "莲花寺小区", "滨河小区",     "中山大街小区", "新城南街小区"};
constexpr std::array<std::string_view, 10> kRoads = {"新华东街", "玉带河东街", "中仓路",   "西营前街", "北苑南路",
                                                      "滨河路",   "中山大街",   "新城南街", "车站路",   "紫运西路"};
constexpr std::array<std::string_view, 6> kPropertyCompanies = {
    "北京通州物业管理有限公司", "北京运河物业服务有限公司", "北京中仓物业管理有限公司",
    "北京新华物业服务有限公司", "北京玉带河物业管理有限公司", ""};  // "" = old estate without property management

// Surnames with weights roughly following their frequency in China.
struct Weighted {
  std::string_view text;
  double weight;
};
constexpr std::array<Weighted, 60> kSurnames = {{
    {"王", 7.1}, {"李", 7.0}, {"张", 6.8}, {"刘", 5.4}, {"陈", 4.5}, {"杨", 3.1}, {"赵", 2.3}, {"黄", 2.2},
    {"周", 1.7}, {"吴", 1.6}, {"徐", 1.3}, {"孙", 1.3}, {"胡", 1.2}, {"朱", 1.1}, {"高", 1.1}, {"林", 1.0},
    {"何", 1.0}, {"郭", 1.0}, {"马", 0.9}, {"罗", 0.8}, {"梁", 0.7}, {"宋", 0.7}, {"郑", 0.7}, {"谢", 0.6},
    {"韩", 0.6}, {"唐", 0.5}, {"冯", 0.5}, {"于", 0.5}, {"董", 0.5}, {"萧", 0.4}, {"程", 0.4}, {"曹", 0.4},
    {"袁", 0.4}, {"邓", 0.4}, {"许", 0.4}, {"傅", 0.4}, {"沈", 0.4}, {"曾", 0.4}, {"彭", 0.4}, {"吕", 0.4},
    {"苏", 0.3}, {"卢", 0.3}, {"蒋", 0.3}, {"蔡", 0.3}, {"贾", 0.3}, {"丁", 0.3}, {"魏", 0.3}, {"薛", 0.3},
    {"叶", 0.3}, {"阎", 0.3}, {"余", 0.3}, {"潘", 0.3}, {"杜", 0.3}, {"戴", 0.3}, {"夏", 0.2}, {"钟", 0.2},
    {"田", 0.2}, {"任", 0.2}, {"姜", 0.2}, {"范", 0.2},
}};
constexpr std::array<std::string_view, 40> kMaleChars = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇", "浩",
    "凯", "健", "俊", "帆", "建", "国", "志", "文", "海", "东", "德", "庆", "春", "永", "成", "振", "立", "新", "宏", "亮"};
constexpr std::array<std::string_view, 40> kFemaleChars = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "英", "华", "红", "梅", "琳", "燕", "萍", "雪", "婷", "慧",
    "兰", "凤", "洁", "颖", "莉", "桂", "淑", "珍", "玉", "欣", "晶", "瑶", "佳", "倩", "月", "彩", "春", "琴", "素", "云"};

constexpr std::array<Weighted, 22> kAreaCodes = {{
    {"110112", 55}, {"110101", 3}, {"110102", 3}, {"110105", 4}, {"110106", 3}, {"110108", 3}, {"110111", 2},
    {"110114", 2},  {"110115", 2}, {"130423", 3}, {"131082", 3}, {"131022", 2}, {"370102", 2}, {"410102", 2},
    {"230102", 1},  {"210102", 1}, {"340102", 1}, {"120101", 2}, {"140102", 1}, {"510104", 1}, {"420102", 1},
    {"130102", 2},
}};
constexpr std::array<std::string_view, 30> kMobilePrefixes = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "176", "177", "178", "180", "182", "185", "186", "188", "189", "199"};
constexpr std::array<Weighted, 7> kDisabilityTypes = {
    {{"肢体", 45}, {"视力", 12}, {"听力", 15}, {"言语", 3}, {"智力", 8}, {"精神", 10}, {"多重", 7}}};

template <std::size_t N>
double TotalWeight(const std::array<Weighted, N>& a) {
  double t = 0;
  for (const auto& w : a) t += w.weight;
  return t;
}
template <std::size_t N>
std::string_view Pick(Rng& rng, const std::array<Weighted, N>& a) {
  double r = rng.Unit() * TotalWeight(a);
  for (const auto& w : a) {
    r -= w.weight;
    if (r < 0) return w.text;
  }
  return a.back().text;
}

std::string PersonName(Rng& rng, bool male) {
  std::string name(Pick(rng, kSurnames));
  const auto& chars = male ? kMaleChars : kFemaleChars;
  name += chars[rng.Below(chars.size())];
  if (rng.Chance(0.7)) name += chars[rng.Below(chars.size())];
  return name;
}

std::string Mobile(Rng& rng) {
  std::string p(kMobilePrefixes[rng.Below(kMobilePrefixes.size())]);
  p.resize(11);
  std::uint64_t rest = rng.Below(100000000);
  for (int i = 10; i >= 3; --i, rest /= 10) p[i] = static_cast<char>('0' + rest % 10);
  return p;
}

// Open-addressing set of 17-digit ID prefixes, so synthetic ID numbers never repeat.
class IdSet {
 public:
  explicit IdSet(std::size_t expected) {
    std::size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    slots_.assign(cap, 0);
  }
  bool Insert(std::uint64_t key) {  // key != 0; false when already present
    std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    while (slots_[i] != 0) {
      if (slots_[i] == key) return false;
      i = (i + 1) & mask;
    }
    slots_[i] = key;
    if (++size_ * 2 > slots_.size()) Grow();
    return true;
  }

 private:
  void Grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.size() * 2, 0);
    size_ = 0;
    for (auto k : old)
      if (k) Insert(k);
  }
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

struct Person {
  int age = 0;
  bool male = false;
  std::string relation;
};

// A valid synthetic ID number and the matching birth date for someone of `age` on the reference day.
void MakeIdentity(Rng& rng, IdSet& ids, int age, bool male, std::string* id, std::string* birth) {
  std::int64_t day = kReferenceDay - static_cast<std::int64_t>(age) * 365 - age / 4 - static_cast<std::int64_t>(rng.Below(365));
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  // Digits of the birth date YYYYMMDD, then the ID number = area + date + sequence + check char.
  std::uint64_t ymd = static_cast<std::uint64_t>(y) * 10000 + m * 100 + d;
  std::string date8 = std::to_string(ymd);
  *birth = date8.substr(0, 4) + "-" + date8.substr(4, 2) + "-" + date8.substr(6, 2);
  std::string_view area = Pick(rng, kAreaCodes);
  std::uint64_t area_num = 0;
  for (char c : area) area_num = area_num * 10 + static_cast<std::uint64_t>(c - '0');
  std::uint64_t key = 0;
  for (;;) {
    std::uint64_t seq = rng.Below(500) * 2 + (male ? 1 : 0);
    key = (area_num * 100000000 + ymd) * 1000 + seq;  // the first 17 digits as a number
    if (ids.Insert(key)) break;
  }
  id->assign(17, '0');
  for (int i = 16; i >= 0; --i, key /= 10) (*id)[i] = static_cast<char>('0' + key % 10);
  id->push_back(IdNumberCheckChar(*id));
}

// Who lives in a household of `size` people.
std::vector<Person> Members(Rng& rng, int size) {
  std::vector<Person> people;
  Person head;
  head.male = rng.Chance(0.55);
  head.relation = "户主";
  if (size == 1) {
    head.age = rng.Chance(0.25) ? rng.Between(65, 93) : rng.Between(22, 64);
    people.push_back(head);
    return people;
  }
  head.age = rng.Between(28, 86);
  people.push_back(head);
  if (rng.Chance(0.85)) people.push_back({std::clamp(head.age + rng.Between(-5, 4), 22, 95), !head.male, "配偶"});
  bool parent_added = false;
  while (static_cast<int>(people.size()) < size) {
    Person p;
    p.male = rng.Chance(0.5);
    if (head.age < 50 && !parent_added && rng.Chance(0.3) && head.age + 26 <= 95) {
      p.age = std::min(95, head.age + rng.Between(24, 32));
      p.relation = "父母";
      parent_added = true;
    } else if (head.age >= 58 && people.size() >= 3 && rng.Chance(0.6)) {
      p.age = std::max(0, head.age - rng.Between(48, 60));
      p.relation = "孙子女";
    } else {
      p.age = std::max(0, head.age - rng.Between(22, 35));
      p.relation = "子女";
    }
    people.push_back(std::move(p));
  }
  return people;
}

}  // namespace

DemoCommunity GenerateDemo(const DemoOptions& options) {
  Rng rng(options.seed);
  const std::int64_t total = std::max<std::int64_t>(1, options.households);
  DemoCommunity demo;
  demo.community.code = "110112002014";
  demo.community.name = "四员厅社区";
  demo.community.street_name = "中仓街道";
  demo.community.district = "通州区";

  // Compounds and their share of the households (0.6x .. 1.4x the average, summing exactly to total).
  const std::int64_t compound_count =
      std::clamp<std::int64_t>(std::llround(static_cast<double>(total) * 13.0 / 2400.0), 1, total);
  std::vector<double> weights(compound_count);
  double weight_sum = 0;
  for (auto& w : weights) weight_sum += (w = 0.6 + 0.8 * rng.Unit());
  std::vector<std::int64_t> shares(compound_count);
  std::int64_t assigned = 0;
  for (std::int64_t c = 0; c < compound_count; ++c)
    assigned += shares[c] = std::max<std::int64_t>(1, static_cast<std::int64_t>(static_cast<double>(total) * weights[c] / weight_sum));
  for (std::int64_t c = 0; assigned != total; c = (c + 1) % compound_count) {
    if (assigned < total) ++shares[c], ++assigned;
    else if (shares[c] > 1) --shares[c], --assigned;
  }

  // Compounds sit on a coarse map grid: row 0 is the northernmost, columns run west to east.
  const std::int64_t map_cols = std::max<std::int64_t>(1, std::llround(std::ceil(std::sqrt(compound_count * 1.5))));
  IdSet ids(static_cast<std::size_t>(total * 5 / 2));
  demo.rows.reserve(static_cast<std::size_t>(total * 24 / 10 + 16));
  demo.compounds.reserve(compound_count);
  static constexpr std::array<double, 5> kSizeWeights = {0.27, 0.36, 0.24, 0.09, 0.04};
  int row_number = 1;

  for (std::int64_t c = 0; c < compound_count; ++c) {
    Compound compound;
    compound.name = std::string(kCompoundNames[c % kCompoundNames.size()]);
    if (c >= static_cast<std::int64_t>(kCompoundNames.size()))
      compound.name += std::to_string(c / kCompoundNames.size() + 1) + "区";
    compound.address = "通州区" + std::string(kRoads[rng.Below(kRoads.size())]) + std::to_string(rng.Between(1, 120)) + "号";
    compound.property_company = std::string(kPropertyCompanies[rng.Below(kPropertyCompanies.size())]);
    const double cx = static_cast<double>(c % map_cols) * 500.0 + rng.Between(-60, 60);
    const double cy = -static_cast<double>(c / map_cols) * 400.0 + rng.Between(-40, 40);

    std::int64_t left = shares[c];
    std::vector<std::size_t> building_rows;  // index into demo.buildings of this compound's buildings
    for (int b = 1; left > 0; ++b) {
      bool tower = rng.Chance(0.3);
      int floors = tower ? rng.Between(11, 18) : rng.Between(5, 6);
      int units = tower ? rng.Between(2, 3) : rng.Between(2, 6);
      int doors = tower ? 2 : rng.Between(2, 3);  // at most 108 households a building
      std::vector<double> door_area(doors);
      for (auto& a : door_area) a = std::round((tower ? 60 + rng.Unit() * 80 : 48 + rng.Unit() * 47) * 100) / 100;
      DemoBuilding building{compound.name, std::to_string(b) + "号楼", 0, 0};
      building_rows.push_back(demo.buildings.size());
      demo.buildings.push_back(building);
      for (int u = 1; u <= units && left > 0; ++u) {
        std::string unit = std::to_string(u) + "单元";
        for (int f = 1; f <= floors && left > 0; ++f) {
          for (int d = 1; d <= doors && left > 0; ++d, --left) {
            std::string door = std::to_string(f * 100 + d);
            int size = static_cast<int>(rng.Weighted(kSizeWeights, 1.0)) + 1;
            std::vector<Person> people = Members(rng, size);
            bool low_income = rng.Chance(0.015);
            std::string household_phone;
            std::size_t first_row = demo.rows.size();
            for (const Person& p : people) {
              RegistryRow row;
              row.row_number = ++row_number;
              row.compound = compound.name;
              row.building = building.name;
              row.unit = unit;
              row.door = door;
              row.area_m2 = door_area[d - 1];
              row.name = PersonName(rng, p.male);
              MakeIdentity(rng, ids, p.age, p.male, &row.id_number, &row.birth_date);
              row.sex = p.male ? Sex::kMale : Sex::kFemale;
              if (p.age >= 16 && !(p.age >= 75 && rng.Chance(0.2))) row.phone = Mobile(rng);
              if (household_phone.empty()) household_phone = row.phone;
              row.relation = p.relation;
              row.is_owner = p.relation == "户主" || (p.relation == "配偶" && rng.Chance(0.5));
              if (size == 1 && p.age >= 65) {
                row.tags.push_back({"elderly_alone", ""});
                if (rng.Chance(0.12)) row.tags.push_back({"gugua", ""});
                if (rng.Chance(0.05)) row.tags.push_back({"tekun", ""});
              }
              if (low_income) row.tags.push_back({"low_income", ""});
              if (rng.Chance(0.02)) row.tags.push_back({"disabled", std::string(Pick(rng, kDisabilityTypes))});
              if (p.age < 16 && rng.Chance(0.02)) row.tags.push_back({"left_behind", ""});
              if (p.age >= 18 && rng.Chance(0.17)) row.tags.push_back({"party_member", ""});
              if (p.age >= 18 && rng.Chance(p.age >= 55 && p.age <= 75 ? 0.09 : 0.04))
                row.tags.push_back({"volunteer", ""});
              demo.rows.push_back(std::move(row));
            }
            for (std::size_t i = first_row; i < demo.rows.size(); ++i) demo.rows[i].household_phone = household_phone;
          }
        }
      }
    }
    // Buildings of the compound in a small block around its centre: west to east, then southwards.
    const std::size_t per_row = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(std::sqrt(building_rows.size()))));
    for (std::size_t i = 0; i < building_rows.size(); ++i) {
      demo.buildings[building_rows[i]].x = cx + static_cast<double>(i % per_row) * 60.0;
      demo.buildings[building_rows[i]].y = cy - static_cast<double>(i / per_row) * 50.0;
    }
    demo.compounds.push_back(std::move(compound));
  }

  demo.grid_count = static_cast<int>(std::max<std::int64_t>(1, std::llround(static_cast<double>(total) / 150.0)));
  demo.grid_workers.reserve(demo.grid_count);
  for (int g = 0; g < demo.grid_count; ++g) demo.grid_workers.emplace_back(PersonName(rng, rng.Chance(0.3)), Mobile(rng));
  return demo;
}

}  // namespace linli
