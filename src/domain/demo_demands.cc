#include "domain/demo_demands.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "domain/address.h"
#include "domain/grid_plan.h"

namespace linli {

namespace {

// splitmix64 (as demo.cc): tiny, fast and identical on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t Below(std::uint64_t n) {
    return n == 0 ? 0 : static_cast<std::uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  template <class T>
  const T& Of(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  std::uint64_t s_;
};

constexpr std::int64_t kMinute = 60, kHour = 3600, kDay = 86400;
constexpr std::int64_t kBeijing = 8 * kHour;

// ------------------------------------------------------------------ topics
enum class Season { kFlat, kHeating, kHeatingFee, kSummer, kGrowing, kRainy, kWinter, kYearEnd };

double SeasonFactor(Season s, int month) {
  switch (s) {
    case Season::kFlat:
      return 1.0;
    case Season::kHeating: {
      static constexpr double k[] = {2.2, 1.6, 1.0, 0.15, 0.03, 0.02, 0.02, 0.02, 0.03, 0.3, 2.6, 3.0};
      return k[month - 1];
    }
    case Season::kHeatingFee: {
      static constexpr double k[] = {0.6, 0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.4, 2.5, 3.0, 1.5};
      return k[month - 1];
    }
    case Season::kSummer: {
      static constexpr double k[] = {0.4, 0.4, 0.6, 0.9, 1.3, 1.8, 2.0, 1.9, 1.3, 0.8, 0.5, 0.4};
      return k[month - 1];
    }
    case Season::kGrowing: {
      static constexpr double k[] = {0.2, 0.2, 0.6, 1.4, 1.7, 1.6, 1.5, 1.5, 1.3, 0.9, 0.4, 0.2};
      return k[month - 1];
    }
    case Season::kRainy: {
      static constexpr double k[] = {0.2, 0.2, 0.3, 0.5, 0.7, 1.4, 3.0, 2.8, 1.0, 0.5, 0.3, 0.2};
      return k[month - 1];
    }
    case Season::kWinter: {
      static constexpr double k[] = {1.7, 1.5, 1.0, 0.7, 0.6, 0.6, 0.6, 0.6, 0.7, 0.9, 1.4, 1.8};
      return k[month - 1];
    }
    case Season::kYearEnd: {
      static constexpr double k[] = {1.6, 1.2, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.9, 1.0, 1.8};
      return k[month - 1];
    }
  }
  return 1.0;
}

struct Topic {
  std::string_view code;
  double weight;  // per year, relative
  Season season;
  std::string_view nature;  // the usual nature (the others appear now and then)
  double urgent, critical;  // shares of 紧急 / 特急
  bool property;            // usually dispatched to the property company when there is one
  bool public_place;        // often about a building or the compound, not one household
  std::vector<std::string_view> texts;
};

// Placeholders: {c} compound, {b} building, {u} unit, {p} compound+building+unit, {d} door,
// {t} a room temperature, {n} days, {hr} early hour, {hr2} late hour, {age} an old age, {plate}.
// clang-format off
const std::vector<Topic>& Topics() {
  static const std::vector<Topic> kTopics = {
      {"heating.cold", 900, Season::kHeating, "complaint", 0.10, 0.0, false, false,
       {"{p}暖气不热，室内温度只有{t}度，家里有老人孩子。",
        "{c}{b}供暖不达标，屋里才{t}度左右，已经持续{n}天了。",
        "家中暖气片上热下凉，室温不到{t}度，要求供热单位上门检测。",
        "{b}整栋楼暖气都不太热，晚上室温{t}度，老人冻得受不了。",
        "{p}{d}暖气片不热，放水以后也没有好转，屋里很冷。"}},
      {"heating.leak", 200, Season::kHeating, "help", 0.35, 0.05, false, false,
       {"{p}{d}暖气管道漏水，水已经流到楼下了。", "暖气片阀门一直滴水，{c}{b}，需要尽快派人维修。",
        "{b}楼道里暖气主管道漏水，地面结冰，容易滑倒。"}},
      {"heating.fee", 120, Season::kHeatingFee, "consult", 0.0, 0.0, false, false,
       {"咨询今年供暖费的缴费时间和缴费方式。", "老人办理供暖费补贴需要准备什么材料？",
        "家里长期没人住，能不能申请暖气停供，怎么办理？"}},
      {"utilities.water_outage", 250, Season::kSummer, "help", 0.30, 0.0, false, true,
       {"{c}{b}从早上开始停水，没有看到停水通知，什么时候恢复？", "{p}突然没水了，家里老人做不了饭。",
        "{c}又停水了，这个月已经第{n}次了，希望提前通知。"}},
      {"utilities.power_outage", 200, Season::kSummer, "help", 0.35, 0.02, false, true,
       {"{c}{b}停电了，冰箱里的东西都要坏了，请尽快抢修。", "{p}楼道灯和家里都没电，整个单元都停电了。",
        "天太热了{c}又跳闸停电，家里有卧床老人。"}},
      {"utilities.gas_leak", 40, Season::kWinter, "help", 0.30, 0.60, false, false,
       {"{p}楼道里有很大的燃气味，怀疑燃气泄漏！", "家里燃气表附近有煤气味，不敢开火，请马上派人来看。",
        "{c}{b}单元门口闻到很浓的天然气味。"}},
      {"utilities.water_quality", 100, Season::kSummer, "complaint", 0.05, 0.0, false, false,
       {"{c}自来水发黄，有异味，不敢喝。", "{p}水龙头放出来的水浑浊，持续好几天了。"}},
      {"utilities.meter", 80, Season::kFlat, "consult", 0.0, 0.0, false, false,
       {"咨询燃气表更换和充值的问题。", "家里电表走得特别快，怀疑电表有问题，想申请校验。"}},

      {"environment.litter", 600, Season::kSummer, "complaint", 0.03, 0.0, true, true,
       {"{c}{b}旁边的垃圾桶满了没人清运，味道很大。", "{c}垃圾站的垃圾{n}天没拉走了，招苍蝇。",
        "{b}楼下堆了很多生活垃圾，一直没人清理。"}},
      {"environment.greening", 250, Season::kGrowing, "suggestion", 0.0, 0.0, true, true,
       {"{c}的树木太高挡住了{b}的采光，希望修剪。", "{b}前面的草坪没人管，杂草长得很高。",
        "小区里的树枝压到电线上了，在{c}{b}旁边，存在安全隐患。"}},
      {"environment.pests", 200, Season::kSummer, "help", 0.0, 0.0, true, true,
       {"{b}地下室老鼠很多，希望投放鼠药。", "{c}蚊子特别多，希望定期消杀。", "{p}楼道里有蟑螂，希望物业消杀。"}},
      {"environment.sewage", 180, Season::kRainy, "complaint", 0.20, 0.0, true, true,
       {"{c}{b}楼前污水井冒水，臭味很大。", "{p}下水道堵了，污水返到地面上。", "下雨以后{c}路面积水排不出去，污水横流。"}},
      {"environment.toilet", 50, Season::kFlat, "complaint", 0.0, 0.0, false, true,
       {"{c}附近的公共厕所很脏，没人打扫。", "公厕的水龙头坏了好几天了，没人修。"}},

      {"garbage.sorting", 350, Season::kFlat, "complaint", 0.0, 0.0, true, true,
       {"{c}垃圾分类桶站没人值守，大家乱扔，厨余垃圾和其他垃圾混在一起。", "{b}有住户不分类投放垃圾，希望加强宣传。",
        "咨询垃圾分类的具体要求，快递包装和旧衣服算哪一类？"}},
      {"garbage.station", 200, Season::kSummer, "suggestion", 0.0, 0.0, true, true,
       {"{c}的垃圾桶站离{b}太近，夏天味道很大，希望挪一下位置。", "建议在{c}东门增设一个垃圾桶站，现在扔垃圾要走很远。"}},
      {"garbage.bulky", 250, Season::kFlat, "complaint", 0.0, 0.0, true, true,
       {"{b}楼道口堆放了装修垃圾，{n}天了没人清运。", "家里有旧沙发要扔，大件垃圾放在哪里？",
        "{c}{b}门口的装修渣土堆成了小山。"}},
      {"garbage.kitchen", 100, Season::kSummer, "complaint", 0.0, 0.0, true, true,
       {"厨余垃圾桶满了溢出来，{c}{b}楼下都是汤水。", "{c}厨余垃圾桶没有盖子，夏天味道太大。"}},

      {"property.service", 400, Season::kFlat, "complaint", 0.0, 0.0, true, true,
       {"{c}物业服务太差，楼道卫生没人打扫。", "物业不作为，{b}单元门坏了报修{n}天没人管。",
        "{c}物业人员态度恶劣，希望社区监督。"}},
      {"property.fee", 200, Season::kYearEnd, "complaint", 0.0, 0.0, true, false,
       {"物业费涨价没有经过业主同意，{c}业主意见很大。", "咨询{c}物业费的收费标准，为什么没有公示？"}},
      {"property.facility", 350, Season::kFlat, "help", 0.05, 0.0, true, true,
       {"{p}楼道灯坏了，晚上很黑，老人上下楼不安全。", "{c}{b}单元门禁坏了，谁都能进。",
        "{b}楼下的路面塌陷了，容易崴脚。"}},
      {"property.elevator", 180, Season::kFlat, "help", 0.30, 0.10, true, true,
       {"{c}{b}电梯坏了{n}天了，住高层的老人下不了楼。", "{b}电梯运行时有异响，担心安全。",
        "电梯困人了！{c}{b}{u}，请马上处理。"}},
      {"property.access", 120, Season::kFlat, "complaint", 0.0, 0.0, true, true,
       {"{c}门口保安不登记外来人员，存在安全隐患。", "小区门禁卡办理太麻烦，咨询{c}门禁卡的办理流程。"}},

      {"parking.disorder", 500, Season::kFlat, "complaint", 0.05, 0.0, true, true,
       {"{c}{b}楼下乱停车，消防车和救护车都进不来。", "{c}里车辆乱停乱放，堵住了单元门口。",
        "外来车辆长期停在{c}里，业主没地方停车。"}},
      {"parking.fire_lane", 200, Season::kFlat, "report", 0.30, 0.05, true, true,
       {"{c}{b}旁边的消防通道被私家车占用了。", "有车长期占用{c}的消防通道，车牌号{plate}。"}},
      {"parking.fee", 120, Season::kFlat, "complaint", 0.0, 0.0, true, false,
       {"{c}停车费太贵，咨询收费依据。", "停车管理公司乱收费，没有公示收费标准。"}},
      {"parking.ebike", 250, Season::kSummer, "report", 0.10, 0.0, true, true,
       {"{b}楼道里有人给电动车充电，飞线充电很危险。", "希望在{c}安装电动自行车充电桩。",
        "{c}充电桩太少，每天晚上都要排队充电。"}},
      {"parking.abandoned", 80, Season::kFlat, "report", 0.0, 0.0, true, true,
       {"{c}有辆僵尸车停了一年多了，落满了灰，占着车位。", "{b}楼下有辆废弃的三轮车很久没人动。"}},

      {"noise.renovation", 450, Season::kGrowing, "complaint", 0.03, 0.0, false, false,
       {"{p}楼上装修，每天早上{hr}点就开始电钻施工，噪音很大，严重影响休息。", "{b}有住户装修中午也不停，电钻声音太吵。",
        "周末一大早就装修砸墙，{c}{b}，希望管一管。"}},
      {"noise.square_dance", 300, Season::kSummer, "complaint", 0.0, 0.0, false, true,
       {"{c}广场舞音响声音太大，晚上{hr2}点以后还在跳。", "{c}健身广场上跳舞的音乐太吵，孩子没法写作业。"}},
      {"noise.neighbour", 250, Season::kFlat, "complaint", 0.0, 0.0, false, false,
       {"{p}楼上住户半夜走路声音很大，还有拖椅子的声音。", "邻居家的狗一直叫，{c}{b}，晚上睡不着。"}},
      {"noise.commercial", 200, Season::kSummer, "complaint", 0.0, 0.0, false, true,
       {"{c}门口的商铺用大喇叭促销，噪音扰民。", "附近工地夜间施工，晚上{hr2}点还在打桩。",
        "{c}楼下烧烤店晚上太吵，油烟也大。"}},

      {"housing.leak", 350, Season::kRainy, "help", 0.15, 0.0, false, false,
       {"{p}顶层屋顶漏雨，下雨天家里到处接水。", "{c}{b}外墙渗水，家里墙皮都发霉脱落了。",
        "{p}{d}屋顶防水老化，一下雨就漏。"}},
      {"housing.facade", 60, Season::kWinter, "report", 0.30, 0.30, false, true,
       {"{c}{b}外墙瓷砖脱落，砸到了楼下的车，太危险了！", "{b}阳台外面的墙皮要掉下来了，下面经常有人走。"}},
      {"housing.stairwell", 200, Season::kFlat, "help", 0.0, 0.0, false, true,
       {"{b}楼道扶手松动了，老人上下楼不安全。", "{p}楼道窗户玻璃碎了，冬天漏风。", "{c}{b}楼道墙面脱落，希望粉刷。"}},
      {"housing.pipes", 200, Season::kWinter, "help", 0.20, 0.0, false, false,
       {"{p}下水管道堵塞，厨房的水下不去。", "{b}楼上下水管漏水，顺着墙往下流。", "老楼的上水管锈了，{c}{b}水里有铁锈。"}},

      {"elevator.consult", 150, Season::kFlat, "consult", 0.0, 0.0, false, false,
       {"{c}{b}{u}的居民想加装电梯，咨询需要什么手续。", "老旧小区加装电梯有没有政府补贴？费用怎么分摊？"}},
      {"elevator.consent", 100, Season::kFlat, "help", 0.0, 0.0, false, false,
       {"{b}{u}加装电梯，一楼住户不同意，希望社区协调。", "加装电梯的意见征集不公开，有的住户没有签字就报上去了。"}},
      {"elevator.construction", 60, Season::kGrowing, "complaint", 0.0, 0.0, false, true,
       {"{c}{b}加装电梯施工噪音大，工地围挡占了通道。", "加装电梯工程停工{n}天了，一直没人管。"}},
      {"elevator.operation", 40, Season::kFlat, "complaint", 0.10, 0.0, false, true,
       {"{b}新装的电梯经常停运，维保单位联系不上。", "{c}{b}加装的电梯按钮失灵，老人被困在里面过。"}},

      {"neighbour.leak", 250, Season::kFlat, "help", 0.05, 0.0, false, false,
       {"{p}楼上漏水，卫生间天花板一直滴水，楼上住户不配合维修。", "楼上装修把防水层破坏了，我家墙面都湿了，协商不成。"}},
      {"neighbour.pets", 200, Season::kFlat, "complaint", 0.0, 0.0, false, true,
       {"{c}有人遛狗不牵绳，还不清理狗粪。", "{b}邻居在楼道里养猫，味道很大。"}},
      {"neighbour.clutter", 250, Season::kFlat, "report", 0.0, 0.0, false, true,
       {"{b}楼道里堆满了杂物和纸箱，存在消防隐患。", "{p}邻居在楼道里放鞋柜和自行车，过不去人。"}},
      {"neighbour.conflict", 150, Season::kFlat, "help", 0.0, 0.0, false, false,
       {"{c}{b}邻居之间因为占用车位吵架，希望社区调解。", "楼上住户往楼下扔东西，沟通无果。"}},

      {"elderly.meal", 150, Season::kFlat, "consult", 0.0, 0.0, false, false,
       {"咨询社区老年餐桌在哪里，中午{hr2}点以后还能订餐吗？", "家里老人行动不便，希望能送餐上门。"}},
      {"elderly.home_care", 120, Season::kFlat, "help", 0.0, 0.0, false, false,
       {"独自在家的{age}岁老人需要上门护理服务，怎么申请？", "咨询居家养老服务补贴和助浴服务。"}},
      {"elderly.subsidy", 150, Season::kFlat, "consult", 0.0, 0.0, false, false,
       {"咨询高龄津贴怎么申领，老人今年{age}岁了。", "老人的养老助残卡丢了，怎么补办？"}},
      {"elderly.alone", 60, Season::kWinter, "help", 0.40, 0.05, false, false,
       {"{c}{b}的独居老人好几天没出门了，邻居担心出事，请社区去看看。", "{p}独居老人家里没人照顾，老人行动不便，希望社区帮助。"}},

      {"security.theft", 100, Season::kFlat, "report", 0.10, 0.0, false, true,
       {"{c}{b}楼下的电动车电瓶被偷了。", "放在楼道里的快递被人拿走了，希望{c}安装监控。"}},
      {"security.fraud", 60, Season::kFlat, "report", 0.05, 0.0, false, false,
       {"有人冒充社区工作人员上门推销保健品，老人被骗了。", "接到冒充医保局的诈骗电话，提醒社区加强宣传。"}},
      {"security.fire", 120, Season::kWinter, "report", 0.30, 0.05, false, true,
       {"{b}楼道里堆放易燃物品，消防栓也被挡住了。", "{c}的消防栓没水，灭火器也过期了。"}},
      {"security.rental", 100, Season::kFlat, "report", 0.0, 0.0, false, false,
       {"{p}有群租房，住了十几个人，进进出出很乱。", "{b}有陌生人经常半夜出入，怀疑是群租。"}},

      {"other.policy", 200, Season::kFlat, "consult", 0.0, 0.0, false, false,
       {"咨询新生儿落户需要带什么材料。", "咨询居住证办理的流程和时间。", "咨询社区开具证明需要什么手续。"}},
      {"other.suggestion", 120, Season::kFlat, "suggestion", 0.0, 0.0, false, true,
       {"建议在{c}增加一些健身器材和座椅。", "建议社区多组织一些老年人的文体活动。"}},
      {"other.misc", 100, Season::kFlat, "help", 0.0, 0.0, false, true,
       {"{c}门口的路灯不亮了。", "小区旁边的共享单车堆放太多，挡住了路。"}},
  };
  return kTopics;
}
// clang-format on

// Categories an operator may pick instead of the topic's own (neighbouring matters).
const std::map<std::string_view, std::vector<std::string_view>>& Confusions() {
  static const std::map<std::string_view, std::vector<std::string_view>> kAlt = {
      {"heating.cold", {"heating.leak", "elderly.alone", "property.service"}},
      {"heating.leak", {"heating.cold", "housing.pipes", "neighbour.leak"}},
      {"heating.fee", {"other.policy", "elderly.subsidy"}},
      {"utilities.water_outage", {"utilities.water_quality", "housing.pipes"}},
      {"utilities.power_outage", {"property.facility", "utilities.meter"}},
      {"utilities.gas_leak", {"security.fire"}},
      {"utilities.water_quality", {"utilities.water_outage"}},
      {"environment.litter", {"garbage.bulky", "garbage.sorting", "property.service"}},
      {"environment.greening", {"other.suggestion", "property.service"}},
      {"environment.pests", {"environment.litter", "property.service"}},
      {"environment.sewage", {"housing.pipes", "environment.litter"}},
      {"garbage.sorting", {"environment.litter", "garbage.station"}},
      {"garbage.station", {"garbage.sorting", "other.suggestion"}},
      {"garbage.bulky", {"environment.litter", "neighbour.clutter"}},
      {"garbage.kitchen", {"garbage.sorting", "environment.litter"}},
      {"property.service", {"property.facility", "property.fee"}},
      {"property.facility", {"housing.stairwell", "property.service", "other.misc"}},
      {"property.elevator", {"elevator.operation", "property.facility"}},
      {"property.access", {"security.rental", "property.service"}},
      {"parking.disorder", {"parking.fire_lane", "property.service"}},
      {"parking.fire_lane", {"parking.disorder", "security.fire"}},
      {"parking.ebike", {"security.fire", "other.suggestion"}},
      {"noise.renovation", {"noise.neighbour", "neighbour.conflict"}},
      {"noise.neighbour", {"noise.renovation", "neighbour.conflict", "neighbour.pets"}},
      {"noise.square_dance", {"noise.commercial", "neighbour.conflict"}},
      {"noise.commercial", {"noise.square_dance", "other.misc"}},
      {"housing.leak", {"neighbour.leak", "housing.pipes"}},
      {"housing.stairwell", {"property.facility"}},
      {"housing.pipes", {"neighbour.leak", "environment.sewage"}},
      {"elevator.consult", {"other.policy", "elevator.consent"}},
      {"elevator.consent", {"elevator.consult", "neighbour.conflict"}},
      {"elevator.operation", {"property.elevator"}},
      {"neighbour.leak", {"housing.leak", "housing.pipes"}},
      {"neighbour.pets", {"noise.neighbour", "environment.litter"}},
      {"neighbour.clutter", {"security.fire", "property.service"}},
      {"elderly.meal", {"elderly.home_care"}},
      {"elderly.home_care", {"elderly.subsidy", "elderly.alone"}},
      {"elderly.subsidy", {"other.policy", "elderly.home_care"}},
      {"elderly.alone", {"elderly.home_care"}},
      {"security.theft", {"property.access"}},
      {"security.fire", {"neighbour.clutter", "parking.ebike"}},
      {"security.rental", {"property.access"}},
      {"other.policy", {"other.misc"}},
      {"other.suggestion", {"other.misc"}},
      {"other.misc", {"property.facility", "other.suggestion"}},
  };
  return kAlt;
}

// Sentences people add to any matter.
const std::vector<std::string_view>& Asides() {
  static const std::vector<std::string_view> kAsides = {"这个问题已经反映过好几次了。",
                                                        "家里有八十多岁的老人。",
                                                        "白天上班，请下午六点以后联系。",
                                                        "之前给物业打过电话，没人管。",
                                                        "希望社区重视一下。",
                                                        "孩子马上要中考了。",
                                                        "楼里很多住户都有意见。",
                                                        "请工作人员到现场看看。",
                                                        "家里有孕妇。",
                                                        "已经持续{n}天了。",
                                                        "请尽快给个答复。",
                                                        "我是{c}的老住户。",
                                                        "邻居们都很着急。",
                                                        "不要透露我的信息。"};
  return kAsides;
}

// Answers the handler records, by the topic's category.
const std::map<std::string_view, std::vector<std::string_view>>& Replies() {
  static const std::map<std::string_view, std::vector<std::string_view>> kReplies = {
      {"heating.cold",
       {"已联系供热公司上门检测，对暖气片进行了排气和清洗，室温已恢复到18度以上。",
        "已协调热力公司提高供水温度，居民表示暖气已经热了。"}},
      {"heating.leak", {"已联系维修人员更换阀门，漏水已止住。", "供热公司已抢修管道，并清理了楼道积水。"}},
      {"heating.fee", {"已告知供暖费缴纳时间、地点和补贴办理材料。", "已告知暖气停供的申请条件和办理流程。"}},
      {"utilities.water_outage",
       {"已联系自来水公司抢修，现已恢复供水，并要求今后提前张贴停水通知。",
        "系管网检修停水，已告知恢复时间，现已恢复。"}},
      {"utilities.power_outage",
       {"已联系供电公司抢修，现已恢复供电。", "系单元总闸跳闸，物业电工已恢复供电并检查线路。"}},
      {"utilities.gas_leak",
       {"燃气公司已上门检查并处理，更换了老化的胶管，确认无泄漏。",
        "燃气公司抢修人员已到场关阀检修，隐患已排除。"}},
      {"utilities.water_quality", {"已联系自来水公司取样检测，水质合格，已清洗二次供水水箱。"}},
      {"utilities.meter",
       {"已告知燃气表、电表的办理渠道和所需材料。", "已联系供电公司上门校验电表，电表正常。"}},
      {"environment.litter",
       {"已协调环卫部门清运，并增加清运频次。", "已督促保洁人员清理，垃圾已清运干净。"}},
      {"environment.greening",
       {"已安排园林绿化人员修剪树木、清理杂草。", "已联系园林部门处理压线树枝，隐患已排除。"}},
      {"environment.pests", {"已安排消杀人员进行灭鼠灭蚊。", "已督促物业定期消杀，并投放了鼠药。"}},
      {"environment.sewage",
       {"已联系排水公司疏通管道，现场已清理干净。", "已协调清掏污水井，路面积水已排除。"}},
      {"environment.toilet", {"已督促保洁人员加强公厕保洁，水龙头已修好。"}},
      {"garbage.sorting",
       {"已安排桶站值守人员，并入户开展垃圾分类宣传。", "已告知垃圾分类投放要求，并发放了宣传材料。"}},
      {"garbage.station",
       {"已将桶站位置提交居民议事会讨论，结果将公示。", "已协调调整桶站位置并加装除味设施。"}},
      {"garbage.bulky",
       {"已协调清运大件和装修垃圾，并告知大件垃圾投放点。", "装修垃圾已清运，已提醒装修户规范堆放。"}},
      {"garbage.kitchen", {"已督促清运厨余垃圾并更换带盖垃圾桶。"}},
      {"property.service",
       {"已约谈物业公司，督促整改，楼道卫生已打扫。", "已督促物业处理报修，单元门已修好。"}},
      {"property.fee", {"已约谈物业公司，要求公示收费标准并做好解释。"}},
      {"property.facility", {"已协调物业维修，楼道灯已更换。", "已督促物业维修门禁和路面，现已恢复。"}},
      {"property.elevator",
       {"已督促物业联系维保单位检修电梯，现已恢复运行。",
        "维保单位已到场解救被困人员，并对电梯进行了检修。"}},
      {"property.access", {"已督促物业加强门岗管理，外来人员登记进入。", "已告知门禁卡办理流程。"}},
      {"parking.disorder",
       {"已协调物业加强停车管理，外来车辆登记进入。", "已联系车主挪车，并施划了禁停标线。"}},
      {"parking.fire_lane", {"已联系车主挪车，并在消防通道施划禁停标线。", "已联系交警贴单并拖移占道车辆。"}},
      {"parking.fee", {"已约谈停车管理单位，要求公示收费标准和依据。"}},
      {"parking.ebike",
       {"已入户劝导拆除飞线充电，并将充电桩建设需求上报街道。", "已协调增设充电桩，正在选址施工。"}},
      {"parking.abandoned", {"已联系交管部门拖移僵尸车。", "已张贴告知书，车主已将车辆移走。"}},
      {"noise.renovation", {"已上门劝导装修户，约定施工时间为工作日8点至12点、14点至18点。"}},
      {"noise.square_dance", {"已与广场舞队伍沟通，降低音量并于晚上9点前结束。"}},
      {"noise.neighbour", {"已入户沟通，邻居表示会注意。", "已组织双方沟通，邻居同意加装地垫、晚上注意。"}},
      {"noise.commercial", {"已联系城管部门查处夜间施工和商铺外放。"}},
      {"housing.leak",
       {"已联系房管部门维修屋顶防水，维修已完成。", "已列入老旧小区修缮计划，先做了临时防水处理。"}},
      {"housing.facade", {"已排查外墙并拆除松动瓷砖，设置了警示围挡。"}},
      {"housing.stairwell", {"已安排维修楼道扶手和窗户。", "已安排粉刷楼道墙面。"}},
      {"housing.pipes", {"已联系维修人员疏通管道。", "已更换锈蚀的上水管。"}},
      {"elevator.consult", {"已告知加装电梯的流程、补贴政策和费用分摊办法。"}},
      {"elevator.consent", {"已组织单元住户协商，达成初步意见。", "已公示意见征集结果，重新核对签字。"}},
      {"elevator.construction",
       {"已督促施工单位整改，规范围挡和作业时间。", "已协调施工单位复工，并告知工期。"}},
      {"elevator.operation", {"已联系维保单位检修，并公示维保电话。"}},
      {"neighbour.leak", {"已组织双方调解，楼上住户同意维修防水。"}},
      {"neighbour.pets", {"已上门劝导文明养宠，并张贴提示。"}},
      {"neighbour.clutter", {"已督促清理楼道堆物。"}},
      {"neighbour.conflict", {"已组织调解，双方达成一致。"}},
      {"elderly.meal", {"已告知老年餐桌地址和订餐电话，并登记送餐服务。"}},
      {"elderly.home_care",
       {"已上门评估，纳入居家养老服务。", "已告知居家养老服务补贴和助浴服务的申请方式。"}},
      {"elderly.subsidy", {"已告知高龄津贴申领材料和办理地点。", "已协助补办养老助残卡。"}},
      {"elderly.alone", {"社区工作人员已上门看望老人，老人身体无恙，已安排定期探访。"}},
      {"security.theft", {"已协助报警，派出所已受理，并督促物业完善监控。"}},
      {"security.fraud", {"已开展防诈骗宣传，提醒老人提高警惕，线索已报派出所。"}},
      {"security.fire", {"已督促清理楼道易燃物，更换过期灭火器。"}},
      {"security.rental", {"已会同派出所核查群租房，已责令整改。"}},
      {"other.policy", {"已告知办理流程和所需材料。"}},
      {"other.suggestion", {"已记录建议，提交居委会研究。"}},
      {"other.misc", {"已联系相关部门处理。"}},
  };
  return kReplies;
}

const std::vector<std::string_view>& ReplyFor(std::string_view topic_code) {
  static const std::vector<std::string_view> kFallback = {"已联系相关部门处理。"};
  auto it = Replies().find(topic_code);
  return it == Replies().end() ? kFallback : it->second;
}

struct Slots {
  std::string c, b, u, d, t, n, hr, hr2, age, plate;
};

std::string Fill(std::string_view tpl, const Slots& s) {
  std::string out;
  out.reserve(tpl.size() + 32);
  for (std::size_t i = 0; i < tpl.size(); ++i) {
    if (tpl[i] != '{') {
      out.push_back(tpl[i]);
      continue;
    }
    const auto end = tpl.find('}', i);
    if (end == std::string_view::npos) {
      out.append(tpl.substr(i));
      break;
    }
    const std::string_view key = tpl.substr(i + 1, end - i - 1);
    if (key == "c")
      out += s.c;
    else if (key == "b")
      out += s.b;
    else if (key == "u")
      out += s.u;
    else if (key == "p")
      out += s.c + s.b + s.u;
    else if (key == "d")
      out += s.d.empty() ? s.d : s.d + "室";
    else if (key == "t")
      out += s.t;
    else if (key == "n")
      out += s.n;
    else if (key == "hr")
      out += s.hr;
    else if (key == "hr2")
      out += s.hr2;
    else if (key == "age")
      out += s.age;
    else if (key == "plate")
      out += s.plate;
    i = end;
  }
  return out;
}

Slots MakeSlots(Rng& rng, std::string compound, std::string building, std::string unit, std::string door) {
  static const std::vector<std::string> kHours = {"六", "七", "七", "八"};
  static const std::vector<std::string> kLate = {"九", "十", "十", "十一"};
  static const std::string kPlateLetters = "ABCEFGHJKLMNPQ";
  Slots s;
  s.c = std::move(compound);
  s.b = std::move(building);
  s.u = std::move(unit);
  s.d = std::move(door);
  s.t = std::to_string(rng.Between(12, 17));
  s.n = std::to_string(rng.Between(2, 7));
  s.hr = rng.Of(kHours);
  s.hr2 = rng.Of(kLate);
  s.age = std::to_string(rng.Between(80, 96));
  s.plate = "京";
  s.plate += kPlateLetters[rng.Below(kPlateLetters.size())];
  s.plate += "·";
  for (int k = 0; k < 5; ++k) s.plate += static_cast<char>('0' + rng.Below(10));
  return s;
}

// How the text is written, by channel.
std::string Frame(Rng& rng, std::string_view channel, const std::string& body) {
  static const std::vector<std::string_view> kHotlinePre = {"市民来电反映：", "来电人反映，", "市民反映：",
                                                            "诉求人称，", "来电人表示，"};
  static const std::vector<std::string_view> kHotlinePost = {"希望尽快解决。", "要求相关部门处理。",
                                                             "请相关部门核实处理。", "", ""};
  std::string out;
  if (channel == "hotline_12345") {
    out = std::string(rng.Of(kHotlinePre)) + body + std::string(rng.Of(kHotlinePost));
  } else if (channel == "patrol") {
    out = "网格员巡查发现：" + body;
  } else if (channel == "hall") {
    out = "议事厅收集居民意见：" + body;
  } else if (channel == "walk_in") {
    out = "居民到社区反映：" + body;
  } else if (channel == "phone") {
    out = "居民来电：" + body;
  } else {
    out = rng.Chance(0.2) ? "您好，" + body : body;
  }
  return out;
}

std::string TwoDigits(std::int64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
  return buf;
}

std::string Mobile(Rng& rng) {
  static const std::vector<std::string_view> kPrefixes = {"130", "131", "135", "136", "137",
                                                          "138", "139", "150", "152", "155",
                                                          "158", "176", "186", "188", "189"};
  std::string p(rng.Of(kPrefixes));
  for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>('0' + rng.Below(10)));
  return p;
}

// ------------------------------------------------------------------ one demand's life
struct Life {
  DemoDemand& dd;
  std::vector<DemandEvent>& events;
  std::size_t index;
  std::int64_t now;
  DemandStatus state = DemandStatus::kReceived;
  bool stopped = false;  // the next step would lie after `now`

  Demand& d() { return dd.demand; }

  // Records the step at time `at` when legal and not after `now`; answers false otherwise.
  bool Step(DemandAction action, std::int64_t at, const std::string& actor, const DemandActionFacts& facts) {
    if (stopped || at > now) {
      stopped = true;
      return false;
    }
    auto next = NextDemandStatus(state, action, facts);
    if (!next.ok()) {
      stopped = true;  // never happens for the generator's own paths (the test checks histories)
      return false;
    }
    DemandEvent e;
    e.demand_id = static_cast<Id>(index);
    e.action = std::string(DemandActionCode(action));
    e.from_status = std::string(DemandStatusCode(state));
    e.to_status = std::string(DemandStatusCode(*next));
    e.actor = actor;
    e.note = facts.note;
    e.at = FormatIsoUtc(at);
    events.push_back(std::move(e));
    state = *next;
    d().status = std::string(DemandStatusCode(state));
    d().updated_at = FormatIsoUtc(at);
    return true;
  }
};

DemandActionFacts Note(std::string note) {
  DemandActionFacts f;
  f.note = std::move(note);
  return f;
}

// Builds the grid index of every demo building with the same planner `linli demo` uses.
std::vector<std::size_t> GridOfBuildings(const DemoCommunity& c,
                                         const std::vector<DemoHouseholdRef>& households) {
  std::vector<PlanBuilding> pbs(c.buildings.size());
  std::map<std::string, Id> compound_ids;
  for (std::size_t i = 0; i < c.compounds.size(); ++i)
    compound_ids[c.compounds[i].name] = static_cast<Id>(i + 1);
  for (std::size_t i = 0; i < c.buildings.size(); ++i) {
    pbs[i].id = static_cast<Id>(i + 1);
    pbs[i].compound_id = compound_ids[c.buildings[i].compound];
    pbs[i].compound_name = c.buildings[i].compound;
    pbs[i].name = c.buildings[i].name;
    pbs[i].x = c.buildings[i].x;
    pbs[i].y = c.buildings[i].y;
  }
  for (const auto& h : households) ++pbs[h.building_index].households;
  std::vector<std::size_t> grid(c.buildings.size(), 0);
  auto plan = PlanGrids(GridPlanRequest{.community_code = c.community.code,
                                        .households_per_worker = std::nullopt,
                                        .grid_count = c.grid_count},
                        pbs);
  if (!plan.ok()) {
    for (std::size_t i = 0; i < grid.size(); ++i)
      grid[i] = i * static_cast<std::size_t>(std::max(1, c.grid_count)) / grid.size();
    return grid;
  }
  for (std::size_t g = 0; g < plan->grids.size(); ++g) {
    for (Id b : plan->grids[g].building_ids) grid[static_cast<std::size_t>(b - 1)] = g;
  }
  return grid;
}

std::int64_t DayStartUtc(std::int64_t t_utc) {
  // Start of the Beijing day containing t, in UTC seconds.
  const std::int64_t local = t_utc + kBeijing;
  return local - ((local % kDay) + kDay) % kDay - kBeijing;
}

// Office hours (08:00–21:00 Beijing) for the steps people take: a time at night moves to the
// next morning.
std::int64_t Daytime(std::int64_t t, Rng& rng) {
  const std::int64_t local = ((t + kBeijing) % kDay + kDay) % kDay;
  if (local >= 8 * kHour && local < 21 * kHour) return t;
  std::int64_t next = DayStartUtc(t) + 8 * kHour;
  if (local >= 21 * kHour) next += kDay;
  return next + rng.Between(0, 90) * kMinute;
}

int LocalMonth(std::int64_t t_utc) {
  const std::string iso = FormatIsoUtc(t_utc + kBeijing);
  return std::stoi(iso.substr(5, 2));
}

int LocalWeekday(std::int64_t t_utc) {  // 0 = Monday
  const std::int64_t days = (t_utc + kBeijing) / kDay;
  return static_cast<int>(((days + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

}  // namespace

// ------------------------------------------------------------------ the demo year
DemoDemands GenerateDemoDemands(const DemoCommunity& community, const DemoDemandOptions& options) {
  DemoDemands out;
  Rng rng(options.seed ^ 0xD3A4D5ull);
  const auto& topics = Topics();
  const auto& tree = SeedDemandCategories();

  // Households in first-seen order.
  {
    std::map<std::pair<std::string, std::string>, std::size_t> building_index;
    for (std::size_t i = 0; i < community.buildings.size(); ++i) {
      building_index[{community.buildings[i].compound, community.buildings[i].name}] = i;
    }
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t r = 0; r < community.rows.size(); ++r) {
      const auto& row = community.rows[r];
      std::string key = row.compound + "|" + row.building + "|" + row.unit + "|" + row.door;
      if (seen.try_emplace(std::move(key), out.households.size()).second) {
        auto bi = building_index.find({row.compound, row.building});
        out.households.push_back(
            {row.compound, row.building, row.unit, row.door, bi == building_index.end() ? 0 : bi->second, r});
      }
    }
  }
  if (out.households.empty() || community.buildings.empty() || options.count <= 0) return out;
  const std::vector<std::size_t> grid_of_building = GridOfBuildings(community, out.households);
  const std::size_t workers = std::max<std::size_t>(1, community.grid_workers.size());
  std::map<std::string, std::string> property_of;
  for (const auto& c : community.compounds) property_of[c.name] = c.property_company;
  std::vector<std::vector<std::size_t>> buildings_of_compound(community.compounds.size());
  std::map<std::string, std::size_t> compound_index;
  for (std::size_t i = 0; i < community.compounds.size(); ++i)
    compound_index[community.compounds[i].name] = i;
  for (std::size_t b = 0; b < community.buildings.size(); ++b) {
    auto it = compound_index.find(community.buildings[b].compound);
    if (it != compound_index.end()) buildings_of_compound[it->second].push_back(b);
  }
  std::vector<std::vector<std::size_t>> households_of_building(community.buildings.size());
  for (std::size_t h = 0; h < out.households.size(); ++h)
    households_of_building[out.households[h].building_index].push_back(h);

  auto now_r = ParseIsoSeconds(options.now);
  const std::int64_t now = now_r.ok() ? *now_r : 0;
  const int days = std::max(1, options.days);
  const std::int64_t first_day = DayStartUtc(now) - static_cast<std::int64_t>(days - 1) * kDay;

  // Day weights: the season of every topic, fewer on weekends.
  std::vector<double> day_weight(static_cast<std::size_t>(days));
  std::vector<std::vector<double>> topic_weight_by_month(13, std::vector<double>(topics.size()));
  for (int m = 1; m <= 12; ++m) {
    for (std::size_t t = 0; t < topics.size(); ++t)
      topic_weight_by_month[m][t] = topics[t].weight * SeasonFactor(topics[t].season, m);
  }
  double total_weight = 0;
  for (int d = 0; d < days; ++d) {
    const std::int64_t start = first_day + d * kDay;
    double w = 0;
    for (double x : topic_weight_by_month[LocalMonth(start)]) w += x;
    if (LocalWeekday(start) >= 5) w *= 0.75;
    total_weight += (day_weight[d] = w);
  }
  // Exact count per day (largest remainder).
  std::vector<std::int64_t> per_day(static_cast<std::size_t>(days));
  {
    std::int64_t assigned = 0;
    std::vector<std::pair<double, int>> rem;
    for (int d = 0; d < days; ++d) {
      const double exact = static_cast<double>(options.count) * day_weight[d] / total_weight;
      per_day[d] = static_cast<std::int64_t>(exact);
      assigned += per_day[d];
      rem.emplace_back(exact - static_cast<double>(per_day[d]), d);
    }
    std::sort(rem.begin(), rem.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t k = 0; assigned < options.count; ++k, ++assigned) ++per_day[rem[k % rem.size()].second];
  }

  // Creation times, oldest first.
  std::vector<std::int64_t> created;
  created.reserve(static_cast<std::size_t>(options.count));
  static constexpr double kHourWeight[24] = {0.1, 0.05, 0.02, 0.02, 0.02, 0.05, 0.3, 1.0, 2.0, 2.6, 2.6, 2.2,
                                             1.6, 1.6,  2.2,  2.4,  2.3,  2.0,  1.6, 1.6, 1.5, 1.2, 0.8, 0.3};
  double hour_total = 0;
  for (double h : kHourWeight) hour_total += h;
  for (int d = 0; d < days; ++d) {
    const std::int64_t start = first_day + d * kDay;
    for (std::int64_t k = 0; k < per_day[d]; ++k) {
      double r = rng.Unit() * hour_total;
      int h = 0;
      while (h < 23 && (r -= kHourWeight[h]) >= 0) ++h;
      std::int64_t t = start + h * kHour + rng.Between(0, 3599);
      // Today: squeeze the day into the part before now.
      if (t > now - 60) t = start + (t - start) * std::max<std::int64_t>(0, now - 60 - start) / kDay;
      created.push_back(t);
    }
  }
  std::sort(created.begin(), created.end());

  std::map<std::string, int> ticket_seq;  // per local day, for 12345 ticket numbers
  out.demands.reserve(created.size());
  out.events.reserve(created.size() * 8);
  std::vector<std::int64_t> replied_time(created.size(), -1), closed_time(created.size(), -1);
  std::vector<std::size_t> recent;    // indexes of recent non-merged demands (duplicate parents)
  std::vector<std::size_t> topic_of;  // the topic (index into Topics()) of every demand

  static const std::vector<std::pair<std::string_view, double>> kChannels = {
      {"hotline_12345", 0.60}, {"resident", 0.12}, {"walk_in", 0.08}, {"phone", 0.08},
      {"patrol", 0.08},        {"hall", 0.03},     {"open311", 0.01}};
  static const std::vector<std::string_view> kStreetReasons = {
      "涉及市政管线，社区无法解决，申请街道协调相关部门。", "需要城管、房管等多部门联合处置，吹哨报到。",
      "产权单位不明确，请街道协调。"};
  static const std::vector<std::string_view> kDisputeReasons = {"该楼不在本网格，请重新派单。",
                                                                "属于物业公司职责范围，请派给物业。",
                                                                "诉求地址有误，无法联系到诉求人。"};
  static const std::vector<std::string_view> kExtendReasons = {
      "需要等待配件到货，申请延期。", "涉及多户协商，需要更多时间。", "需要专业单位检测，申请延期办理。"};
  static const std::vector<std::string_view> kComments = {
      "处理及时，很满意。", "问题解决了，谢谢社区。", "基本解决了，希望以后多注意。",
      "还没有彻底解决。",   "处理太慢了。",           ""};

  for (std::size_t i = 0; i < created.size(); ++i) {
    const std::int64_t t0 = created[i];
    const int month = LocalMonth(t0);
    DemoDemand dd;
    Demand& d = dd.demand;

    // Channel.
    double r = rng.Unit();
    std::string_view channel = kChannels.back().first;
    for (const auto& [c, p] : kChannels) {
      if ((r -= p) < 0) {
        channel = c;
        break;
      }
    }
    d.channel = std::string(channel);

    // A duplicate of a recent open demand?
    std::optional<std::size_t> parent;
    if (rng.Chance(0.092)) {
      while (!recent.empty() && created[recent.front()] < t0 - 10 * kDay) recent.erase(recent.begin());
      for (int tries = 0; tries < 6 && !parent && !recent.empty(); ++tries) {
        const std::size_t p = recent[rng.Below(recent.size())];
        const bool open_then = replied_time[p] < 0 || replied_time[p] > t0 + kHour;
        if (open_then && out.demands[p].demand.status != "merged" && out.demands[p].building_index)
          parent = p;
      }
    }

    const Topic* topic = nullptr;
    std::size_t building = 0;
    if (parent) {
      const DemoDemand& pd = out.demands[*parent];
      topic = &topics[topic_of[*parent]];
      building = *pd.building_index;
      dd.parent_index = parent;
    } else {
      double tr = rng.Unit();
      double tt = 0;
      for (double w : topic_weight_by_month[month]) tt += w;
      tr *= tt;
      for (std::size_t t = 0; t < topics.size(); ++t) {
        if ((tr -= topic_weight_by_month[month][t]) < 0) {
          topic = &topics[t];
          break;
        }
      }
      if (!topic) topic = &topics.back();
    }
    topic_of.push_back(static_cast<std::size_t>(topic - topics.data()));
    // The category the operator chose: usually the topic's own, sometimes a neighbouring one
    // (real hotline data is labelled by people; a duplicate keeps its parent's category).
    if (parent) {
      d.category_code = out.demands[*parent].demand.category_code;
    } else {
      d.category_code = std::string(topic->code);
      const auto& alt = Confusions();
      if (auto it = alt.find(topic->code); it != alt.end() && rng.Chance(0.08))
        d.category_code = std::string(rng.Of(it->second));
    }

    // Where.
    std::optional<std::size_t> household;
    const double where = rng.Unit();
    if (parent) {
      const auto& hs = households_of_building[building];
      if (!hs.empty()) household = hs[rng.Below(hs.size())];
      dd.building_index = building;
    } else if (where < 0.06) {
      // Unresolved: a road or a corner, kept as text.
      building = rng.Below(community.buildings.size());
    } else {
      household = rng.Below(out.households.size());
      building = out.households[*household].building_index;
      dd.building_index = building;
      if (topic->public_place && rng.Chance(0.4)) household.reset();  // "3号楼楼下": the building only
    }
    dd.household_index = household;
    dd.grid_index = grid_of_building[building];
    const DemoBuilding& b = community.buildings[building];
    std::string unit, door;
    if (household) {
      unit = out.households[*household].unit;
      door = out.households[*household].door;
    } else if (!households_of_building[building].empty()) {
      unit =
          out.households[households_of_building[building][rng.Below(households_of_building[building].size())]]
              .unit;
    }
    Slots slots = MakeSlots(rng, b.compound, b.name, unit, door);
    std::string body = Fill(rng.Of(topic->texts), slots);
    // What people add: who is affected, when to call, that it is not the first time.
    if (rng.Chance(0.45)) {
      body += Fill(rng.Of(Asides()), slots);
      if (rng.Chance(0.25)) body += Fill(rng.Of(Asides()), slots);
    }
    if (parent && rng.Chance(0.4)) {
      static const std::vector<std::string_view> kAgain = {"再次反映：", "之前反映过，还没解决：",
                                                           "又来电催办："};
      body = std::string(rng.Of(kAgain)) + body;
    }
    d.description = Frame(rng, channel, body);
    if (dd.building_index) {
      d.address_resolved = true;
      d.address_text = household ? HouseholdAddress(b.compound, b.name, unit, door)
                                 : HouseholdAddress(b.compound, b.name, "", "");
    } else {
      static const std::vector<std::string_view> kCorners = {"{c}东门外", "{c}南侧路边", "{c}附近的路口",
                                                             "{c}西边的小广场"};
      d.address_text = Fill(rng.Of(kCorners), slots);
    }

    // Nature and urgency.
    d.nature = std::string(topic->nature);
    if (rng.Chance(0.12)) {
      static const std::vector<std::string_view> kNatures = {"consult", "help", "complaint", "report",
                                                             "suggestion"};
      d.nature = std::string(rng.Of(kNatures));
    }
    const double u = rng.Unit();
    d.urgency = u < topic->critical ? "critical" : u < topic->critical + topic->urgent ? "urgent" : "normal";

    // Who reported it.
    if (channel == "patrol") {
      const auto& w = community.grid_workers.empty()
                          ? std::pair<std::string, std::string>{"网格员", Mobile(rng)}
                          : community.grid_workers[dd.grid_index % community.grid_workers.size()];
      d.reporter_name = w.first;
      d.reporter_phone = w.second;
    } else if (household) {
      const std::size_t row0 = out.households[*household].first_row;
      std::size_t row = row0;
      for (std::size_t k = row0; k < community.rows.size() && k < row0 + 6; ++k) {
        const auto& rr = community.rows[k];
        if (rr.compound != community.rows[row0].compound || rr.building != community.rows[row0].building ||
            rr.unit != community.rows[row0].unit || rr.door != community.rows[row0].door) {
          break;
        }
        if (!rr.phone.empty()) {
          row = k;
          if (rng.Chance(0.6)) break;
        }
      }
      dd.reporter_row = row;
      d.reporter_name = community.rows[row].name;
      d.reporter_phone =
          community.rows[row].phone.empty() ? community.rows[row].household_phone : community.rows[row].phone;
      if (d.reporter_phone.empty()) d.reporter_phone = Mobile(rng);
    } else {
      static const std::vector<std::string_view> kSurnames = {"王", "李", "张", "刘", "陈",
                                                              "杨", "赵", "黄", "周", "吴"};
      d.reporter_name = std::string(rng.Of(kSurnames)) + (rng.Chance(0.5) ? "先生" : "女士");
      d.reporter_phone = Mobile(rng);
    }

    // Numbers and deadlines.
    d.created_at = FormatIsoUtc(t0);
    d.updated_at = d.created_at;
    if (channel == "hotline_12345") {
      const std::string day = FormatIsoUtc(t0 + kBeijing).substr(0, 10);
      std::string compact = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%05d", ++ticket_seq[day]);
      d.external_number = "KF" + compact + buf;
    }
    auto deadlines = ComputeDemandDeadlines(tree, d.category_code, d.urgency, d.created_at);
    if (deadlines.ok()) {
      d.respond_due_at = deadlines->respond_due_at;
      d.due_at = deadlines->due_at;
    }
    const std::int64_t respond_due = *ParseIsoSeconds(d.respond_due_at);
    std::int64_t due = *ParseIsoSeconds(d.due_at);
    const std::int64_t window = due - t0;
    static const std::map<std::string_view, std::string_view> kCreatedBy = {
        {"hotline_12345", "staff"}, {"resident", "resident"}, {"walk_in", "staff"},
        {"phone", "staff"},         {"patrol", ""},           {"hall", "staff"},
        {"open311", "open311-demo"}};
    d.created_by = std::string(kCreatedBy.at(channel));
    const std::string worker_user =
        "worker" + TwoDigits(static_cast<std::int64_t>(dd.grid_index % workers) + 1);
    if (d.created_by.empty()) d.created_by = worker_user;

    out.events.push_back({0, static_cast<Id>(i), "create", "", "received", d.created_by, "", d.created_at});
    out.demands.push_back(std::move(dd));
    DemoDemand& cur = out.demands.back();
    Life life{cur, out.events, i, now};
    Demand& dm = cur.demand;

    // ---- a duplicate: merged into its parent.
    if (cur.parent_index) {
      DemandActionFacts f;
      f.parent_id = static_cast<Id>(*cur.parent_index) + 1;  // any non-zero id: the loader links by index
      f.note = "与" + out.demands[*cur.parent_index].demand.created_at.substr(0, 10) + "的诉求重复，并案办理";
      if (life.Step(DemandAction::kMerge, t0 + rng.Between(5, 90) * kMinute, "staff", f)) {
        ++out.demands[*cur.parent_index].demand.children;
      } else {
        cur.parent_index.reset();  // created just before now: still waiting
      }
      continue;
    }
    recent.push_back(i);

    // ---- a question answered on the spot.
    if (dm.nature == "consult" && (channel == "walk_in" || channel == "phone") && rng.Chance(0.6)) {
      DemandActionFacts f;
      f.nature = "consult";
      f.note = std::string(rng.Of(ReplyFor(topic->code)));
      const std::int64_t at = t0 + rng.Between(3, 20) * kMinute;
      if (life.Step(DemandAction::kClose, at, "staff", f)) {
        dm.reply = f.note;
        dm.replied_at = dm.closed_at = FormatIsoUtc(at);
        replied_time[i] = closed_time[i] = at;
      }
      continue;
    }

    // ---- dispatch.
    const std::string& company = property_of[b.compound];
    const bool to_property = topic->property && !company.empty() && rng.Chance(0.55);
    std::int64_t t = t0 + (cur.building_index ? rng.Between(1, 10) : rng.Between(10, 90)) * kMinute;
    auto set_worker = [&](std::size_t w) {
      dm.assignee_kind = "worker";
      cur.assignee_worker = w;
      dm.assignee_name = community.grid_workers.empty()
                             ? "网格员"
                             : community.grid_workers[w % community.grid_workers.size()].first;
    };
    auto set_property = [&]() {
      dm.assignee_kind = "property";
      cur.assignee_worker.reset();
      dm.assignee_name = company;
    };
    std::string receiver = to_property ? "property" : worker_user;
    if (!life.Step(DemandAction::kDispatch, t, cur.building_index ? "system" : "staff", {})) continue;
    dm.dispatched_at = FormatIsoUtc(t);
    if (to_property) {
      set_property();
    } else {
      set_worker(cur.grid_index % workers);
    }

    // ---- a dispute now and then (派单异议).
    if (rng.Chance(0.02)) {
      t += rng.Between(20, 180) * kMinute;
      if (!life.Step(DemandAction::kDispute, t, receiver, Note(std::string(rng.Of(kDisputeReasons)))))
        continue;
      t += rng.Between(30, 240) * kMinute;
      if (rng.Chance(0.6)) {
        if (!life.Step(DemandAction::kAcceptDispute, t, "staff", {})) continue;
        dm.assignee_kind = "staff";
        dm.assignee_name.clear();
        cur.assignee_worker.reset();
        t += rng.Between(5, 60) * kMinute;
        if (!life.Step(DemandAction::kDispatch, t, "staff", {})) continue;
        if (receiver == "property" || company.empty()) {
          const std::size_t w = (cur.grid_index + 1 + rng.Below(workers - (workers > 1 ? 1 : 0))) % workers;
          set_worker(w);
          receiver = "worker" + TwoDigits(static_cast<std::int64_t>(w) + 1);
        } else {
          set_property();
          receiver = "property";
        }
      } else {
        if (!life.Step(DemandAction::kRejectDispute, t, "staff", Note("经核实属于该责任范围，请继续办理。")))
          continue;
      }
    }

    // ---- sign and contact (响应): mostly in time.
    const bool late_response = rng.Chance(0.05);
    std::int64_t sign_at =
        late_response
            ? std::max(t + 10 * kMinute, respond_due + rng.Between(10, 600) * kMinute)
            : t + std::max<std::int64_t>(
                      3 * kMinute,
                      static_cast<std::int64_t>(rng.Unit() * 0.5 * static_cast<double>(respond_due - t)));
    const bool office = dm.urgency == "normal";  // urgent matters are handled at night too
    if (office && !late_response) {
      const std::int64_t day = Daytime(sign_at, rng);
      if (day <= respond_due - 45 * kMinute) sign_at = day;
    }
    if (!life.Step(DemandAction::kSign, sign_at, receiver, {})) continue;
    dm.signed_at = FormatIsoUtc(sign_at);
    if (dm.assignee_kind == "worker") cur.first_receiver_worker = cur.assignee_worker;
    std::int64_t contact_at = sign_at + rng.Between(3, 40) * kMinute;
    if (!late_response && contact_at > respond_due) contact_at = std::max(sign_at + 60, respond_due - 60);
    if (!life.Step(DemandAction::kContact, contact_at, receiver, Note("已电话联系诉求人，了解具体情况。")))
      continue;
    dm.contacted_at = FormatIsoUtc(contact_at);
    t = contact_at;

    // ---- 吹哨: the street takes over now and then.
    if (rng.Chance(0.012)) {
      t += rng.Between(1, 24) * kHour;
      if (!life.Step(DemandAction::kEscalate, t, receiver, Note(std::string(rng.Of(kStreetReasons)))))
        continue;
      dm.assignee_kind = "street";
      dm.assignee_name = community.community.street_name.empty() ? "街道" : community.community.street_name;
      cur.assignee_worker.reset();
      receiver = "street";
      t += rng.Between(1, 6) * kHour;
      if (!life.Step(DemandAction::kSign, t, receiver, {})) continue;
      t += rng.Between(10, 120) * kMinute;
      if (!life.Step(DemandAction::kContact, t, receiver, Note("街道已联系诉求人。"))) continue;
    }

    // ---- handle (a question may be answered while contacting).
    const bool direct_reply = dm.nature == "consult" && rng.Chance(0.5);
    if (!direct_reply) {
      t += rng.Between(5, 180) * kMinute;
      if (office) t = Daytime(t, rng);
      if (!life.Step(DemandAction::kStart, t, receiver, {})) continue;
    }
    // An extension with a reason now and then.
    if (rng.Chance(0.03) && window >= 24 * kHour) {
      const std::int64_t at = std::min(
          due - kHour, t + static_cast<std::int64_t>(rng.Unit() * static_cast<double>(due - t) * 0.5));
      DemandActionFacts f = Note(std::string(rng.Of(kExtendReasons)));
      const std::int64_t new_due = due + rng.Between(3, 10) * kDay;
      f.new_due_at = FormatIsoUtc(new_due);
      t = std::max(at, t);
      if (!life.Step(DemandAction::kExtend, t, "staff", f)) continue;
      due = new_due;
      dm.due_at = f.new_due_at;
      ++dm.extensions;
    }
    // ---- reply: ~7 % after the deadline (some of the recent ones far after: overdue now).
    const bool late_reply = rng.Chance(0.07);
    const std::int64_t lo = t + 10 * kMinute;
    std::int64_t reply_at = late_reply
                                ? std::max(lo, due + rng.Between(1, 96) * kHour)
                                : std::max(lo, t0 + static_cast<std::int64_t>((0.1 + 0.8 * rng.Unit()) *
                                                                              static_cast<double>(window)));
    if (!late_reply && reply_at > due) reply_at = std::max(lo, due - 5 * kMinute);
    if (office) {
      const std::int64_t day = Daytime(reply_at, rng);
      if (late_reply || day <= due) reply_at = day;
    }
    DemandActionFacts rf = Note(std::string(rng.Of(ReplyFor(topic->code))));
    if (!life.Step(DemandAction::kReply, reply_at, receiver, rf)) continue;
    dm.reply = rf.note;
    dm.replied_at = FormatIsoUtc(reply_at);
    replied_time[i] = reply_at;
    t = reply_at;

    // ---- 回访; when unsolved: reopened, a second reply, and a second call-back — or, when nothing
    // more can be done, staff close it with the reason (it stays counted as unsolved).
    bool done = false;
    for (int round = 0; round < 2 && !done; ++round) {
      t = Daytime(t + rng.Between(2, 72) * kHour, rng);
      DemandActionFacts cb;
      const bool solved = rng.Chance(round == 0 ? 0.89 : 0.75);
      cb.solved = solved;
      const double s = rng.Unit();
      cb.satisfaction = solved ? (s < 0.88   ? "satisfied"
                                  : s < 0.96 ? "basic"
                                             : "unsatisfied")
                               : (s < 0.10   ? "satisfied"
                                  : s < 0.30 ? "basic"
                                             : "unsatisfied");
      cb.note = solved ? std::string(rng.Of(kComments)) : "问题还没有解决，希望继续处理。";
      if (!life.Step(DemandAction::kCallback, t, "staff", cb)) break;
      dm.solved = solved;
      dm.satisfaction = cb.satisfaction;
      dm.callback_comment = cb.note;
      dm.callback_at = FormatIsoUtc(t);
      if (solved) {
        done = true;
        break;
      }
      ++dm.reopened;
      dm.replied_at.clear();
      replied_time[i] = -1;
      t += rng.Between(1, 5) * kDay;
      DemandActionFacts again = Note("已再次协调处理：" + std::string(rng.Of(ReplyFor(topic->code))));
      if (!life.Step(DemandAction::kReply, t, receiver, again)) break;
      dm.reply = again.note;
      dm.replied_at = FormatIsoUtc(t);
      replied_time[i] = t;
      if (round == 1 || rng.Chance(0.7)) {
        // Nothing more can be done (e.g. a neighbour refuses): closed with the reason, unsolved.
        t += rng.Between(1, 3) * kDay;
        static const std::vector<std::string_view> kWhy = {
            "经多次协调，涉及产权纠纷暂无法解决，已向诉求人解释。",
            "诉求超出社区职责范围，已告知诉求人其他解决渠道。",
            "经现场核实，已按规定处理，诉求人仍不认可，予以办结。"};
        if (life.Step(DemandAction::kClose, t, "staff", Note(std::string(rng.Of(kWhy))))) {
          dm.closed_at = FormatIsoUtc(t);
          closed_time[i] = t;
        }
        break;
      }
    }
    if (!done) continue;
    t = Daytime(t + rng.Between(10, 24 * 60) * kMinute, rng);
    if (!life.Step(DemandAction::kClose, t, "staff", {})) continue;
    dm.closed_at = FormatIsoUtc(t);
    closed_time[i] = t;
    // A staff reopening now and then (the resident called again).
    if (rng.Chance(0.006)) {
      t += rng.Between(2, 20) * kDay;
      if (!life.Step(DemandAction::kReopen, t, "staff", Note("居民再次来电反映问题复发，重新办理。")))
        continue;
      ++dm.reopened;
      dm.closed_at.clear();
      dm.replied_at.clear();
      closed_time[i] = -1;
      t += rng.Between(1, 4) * kDay;
      DemandActionFacts again = Note("已重新处理：" + std::string(rng.Of(ReplyFor(topic->code))));
      if (!life.Step(DemandAction::kReply, t, receiver, again)) continue;
      dm.reply = again.note;
      dm.replied_at = FormatIsoUtc(t);
      t += rng.Between(1, 3) * kDay;
      DemandActionFacts cb;
      cb.solved = true;
      cb.satisfaction = "basic";
      if (!life.Step(DemandAction::kCallback, t, "staff", cb)) continue;
      dm.solved = true;
      dm.satisfaction = "basic";
      dm.callback_comment.clear();
      dm.callback_at = FormatIsoUtc(t);
      t += rng.Between(1, 24) * kHour;
      if (!life.Step(DemandAction::kClose, t, "staff", {})) continue;
      dm.closed_at = FormatIsoUtc(t);
      closed_time[i] = t;
    }
  }

  // Merged children hear the parent's reply and close (as the store does).
  for (std::size_t i = 0; i < out.demands.size(); ++i) {
    DemoDemand& c = out.demands[i];
    if (!c.parent_index || c.demand.status != "merged") continue;
    const Demand& p = out.demands[*c.parent_index].demand;
    const std::int64_t merged_at = *ParseIsoSeconds(c.demand.updated_at);
    if (!p.replied_at.empty() && *ParseIsoSeconds(p.replied_at) >= merged_at) {
      c.demand.reply = p.reply;
      c.demand.replied_at = p.replied_at;
      out.events.push_back({0, static_cast<Id>(i), std::string(ParentEventCode(ParentEvent::kParentReplied)), "merged",
                            "merged", "system", "并案主诉求已答复：" + p.reply, p.replied_at});
    }
    if (!p.closed_at.empty() && !c.demand.replied_at.empty() && *ParseIsoSeconds(p.closed_at) >= merged_at) {
      c.demand.closed_at = p.closed_at;
      out.events.push_back({0, static_cast<Id>(i), std::string(ParentEventCode(ParentEvent::kParentClosed)), "merged",
                            "merged", "system", "并案主诉求已办结", p.closed_at});
    }
  }
  // Events grouped by demand, oldest first (stable: the order of recording within a demand).
  std::stable_sort(out.events.begin(), out.events.end(),
                   [](const DemandEvent& a, const DemandEvent& b) { return a.demand_id < b.demand_id; });
  return out;
}

// ------------------------------------------------------------------ the benchmark
std::vector<Demand> GenerateSyntheticDemands(const SyntheticDemandOptions& options, std::int64_t first,
                                             std::int64_t count) {
  std::vector<Demand> out;
  if (count <= 0) return out;
  // The street (made-up ids when none given).
  std::vector<SyntheticCommunity> street = options.communities;
  if (street.empty()) {
    for (int c = 0; c < 30; ++c) {
      SyntheticCommunity sc;
      sc.community_id = c + 1;
      for (int g = 0; g < 16; ++g) {
        sc.grid_ids.push_back(static_cast<Id>(c) * 100 + g + 1);
        sc.worker_user_ids.push_back(static_cast<Id>(c) * 100 + g + 1);
        std::vector<Id> bs;
        for (int b = 0; b < 12; ++b) bs.push_back(static_cast<Id>(c) * 10000 + g * 100 + b + 1);
        sc.building_ids.push_back(std::move(bs));
      }
      street.push_back(std::move(sc));
    }
  }
  // Deadline hours per (topic, urgency), computed once.
  const auto& topics = Topics();
  const auto& tree = SeedDemandCategories();
  static constexpr std::array<std::string_view, 3> kUrg = {"normal", "urgent", "critical"};
  std::vector<std::array<std::pair<std::int64_t, std::int64_t>, 3>> hours(topics.size());
  for (std::size_t t = 0; t < topics.size(); ++t) {
    for (std::size_t u = 0; u < 3; ++u) {
      auto dl = ComputeDemandDeadlines(tree, topics[t].code, kUrg[u], "2026-01-01T00:00:00Z");
      const std::int64_t base = *ParseIsoSeconds("2026-01-01T00:00:00Z");
      hours[t][u] = dl.ok() ? std::pair{*ParseIsoSeconds(dl->respond_due_at) - base,
                                        *ParseIsoSeconds(dl->due_at) - base}
                            : std::pair{24 * kHour, 168 * kHour};
    }
  }
  double topic_total = 0;
  for (const auto& t : topics) topic_total += t.weight;
  auto from_r = ParseIsoSeconds(options.from);
  auto now_r = ParseIsoSeconds(options.now);
  const std::int64_t from = from_r.ok() ? *from_r : 0;
  const std::int64_t now = now_r.ok() ? *now_r : from + options.days * kDay;
  const std::int64_t span = std::max(1, options.days) * kDay;
  static const std::vector<std::string_view> kCompounds = {"中仓小区",   "运河园",       "紫运南里",
                                                           "玉带河东里", "新华东街小区", "北苑南路小区"};
  static constexpr std::array<std::string_view, 7> kChannels = {
      "hotline_12345", "hotline_12345", "hotline_12345", "resident", "walk_in", "patrol", "phone"};

  out.reserve(static_cast<std::size_t>(count));
  for (std::int64_t k = first; k < first + count; ++k) {
    Rng rng(options.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(k) * 0xD1B54A32D192ED03ull);
    Demand d;
    const SyntheticCommunity& c = street[rng.Below(street.size())];
    d.community_id = c.community_id;
    const std::size_t g = c.grid_ids.empty() ? 0 : rng.Below(c.grid_ids.size());
    if (!c.grid_ids.empty()) d.grid_id = c.grid_ids[g];
    if (g < c.building_ids.size() && !c.building_ids[g].empty()) {
      d.building_id = c.building_ids[g][rng.Below(c.building_ids[g].size())];
      d.address_resolved = true;
    }
    // Topic by weight.
    double tr = rng.Unit() * topic_total;
    std::size_t ti = topics.size() - 1;
    for (std::size_t t = 0; t < topics.size(); ++t) {
      if ((tr -= topics[t].weight) < 0) {
        ti = t;
        break;
      }
    }
    const Topic& topic = topics[ti];
    d.category_code = std::string(topic.code);
    d.channel = std::string(kChannels[rng.Below(kChannels.size())]);
    d.external_number = "S" + std::to_string(k);
    d.nature = std::string(topic.nature);
    const double u = rng.Unit();
    const std::size_t ui = u < topic.critical ? 2 : u < topic.critical + topic.urgent ? 1 : 0;
    d.urgency = std::string(kUrg[ui]);
    Slots slots;
    slots.c = std::string(kCompounds[rng.Below(kCompounds.size())]);
    slots.b = std::to_string(rng.Between(1, 24)) + "号楼";
    slots.u = std::to_string(rng.Between(1, 6)) + "单元";
    slots.d = std::to_string(rng.Between(1, 18) * 100 + rng.Between(1, 3));
    slots.t = std::to_string(rng.Between(12, 17));
    slots.n = std::to_string(rng.Between(2, 7));
    slots.hr = "七";
    slots.hr2 = "十";
    slots.age = "88";
    slots.plate = "京A·" + std::to_string(10000 + rng.Below(90000));
    d.description = Fill(topic.texts[rng.Below(topic.texts.size())], slots);
    d.address_text = slots.c + " " + slots.b + " " + slots.u;
    d.reporter_name = "居民" + std::to_string(k % 100000);
    d.reporter_phone = "13" + std::to_string(100000000 + static_cast<std::int64_t>(rng.Below(900000000)));
    d.created_by = "bench";

    const std::int64_t t0 = from + static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(span)));
    const auto [respond_h, resolve_h] = hours[ti][ui];
    d.created_at = FormatIsoUtc(t0);
    d.respond_due_at = FormatIsoUtc(t0 + respond_h);
    d.due_at = FormatIsoUtc(t0 + resolve_h);
    d.status = "received";
    d.assignee_kind = "staff";
    const Id worker = g < c.worker_user_ids.size() ? c.worker_user_ids[g] : 0;
    std::int64_t last = t0;
    auto at = [&](std::int64_t t) { return t <= now; };
    // dispatch -> sign -> contact -> start -> reply -> callback -> close, cut at now.
    std::int64_t t = t0 + rng.Between(1, 30) * kMinute;
    if (at(t)) {
      d.status = "dispatched";
      d.dispatched_at = FormatIsoUtc(t);
      d.assignee_kind = "worker";
      if (worker) d.assignee_user_id = worker;
      d.assignee_name = "网格员";
      last = t;
      const bool late = rng.Chance(0.05);
      t = late ? t0 + respond_h + rng.Between(1, 12) * kHour
               : t + static_cast<std::int64_t>(rng.Unit() * 0.5 * static_cast<double>(respond_h));
      if (at(t)) {
        d.status = "signed";
        d.signed_at = FormatIsoUtc(t);
        if (worker) d.first_receiver_user_id = worker;
        last = t;
        t += rng.Between(3, 30) * kMinute;
        if (!late) t = std::min(t, t0 + respond_h);
        if (at(t)) {
          last = t;
          d.status = "contacted";
          d.contacted_at = FormatIsoUtc(t);
          t += rng.Between(5, 120) * kMinute;
          if (at(t)) {
            d.status = "in_progress";
            last = t;
            const bool late_reply = rng.Chance(0.07);
            std::int64_t r = late_reply ? t0 + resolve_h + rng.Between(1, 72) * kHour
                                        : t0 + static_cast<std::int64_t>((0.1 + 0.8 * rng.Unit()) *
                                                                         static_cast<double>(resolve_h));
            r = std::max(r, t + kMinute);
            if (at(r)) {
              d.status = "replied";
              d.replied_at = FormatIsoUtc(r);
              d.reply = "已处理。";
              last = r;
              const std::int64_t cbt = r + rng.Between(2, 72) * kHour;
              if (at(cbt)) {
                const bool solved = rng.Chance(0.92);
                const double s = rng.Unit();
                d.solved = solved;
                d.satisfaction = solved ? (s < 0.88   ? "satisfied"
                                           : s < 0.96 ? "basic"
                                                      : "unsatisfied")
                                        : (s < 0.1   ? "satisfied"
                                           : s < 0.3 ? "basic"
                                                     : "unsatisfied");
                d.callback_at = FormatIsoUtc(cbt);
                last = cbt;
                if (solved) {
                  d.status = "callback_done";
                  const std::int64_t cl = cbt + rng.Between(10, 600) * kMinute;
                  if (at(cl)) {
                    d.status = "closed";
                    d.closed_at = FormatIsoUtc(cl);
                    last = cl;
                  }
                } else {
                  d.status = "in_progress";  // reopened, waiting for a second reply
                  d.reopened = 1;
                  d.replied_at.clear();
                }
              }
            }
          }
        }
      }
    }
    d.updated_at = FormatIsoUtc(last);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace linli
