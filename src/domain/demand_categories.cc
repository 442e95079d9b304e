// The seeded category tree of resident demands (DOMAIN.md; issue 4): 13 top-level categories with
// the sub-categories community offices actually see. Deadlines only where they differ from the
// parent / the defaults (see ComputeDemandDeadlines in demand.h).
#include "domain/demand.h"

namespace linli {

const std::vector<DemandCategory>& SeedDemandCategories() {
  // code, parent, zh, en, respond_hours, resolve_hours (0 = inherit)
  static const std::vector<DemandCategory> kTree = {
      {"environment", "", "环境卫生", "Environment and sanitation", 0, 0},
      {"environment.litter", "environment", "垃圾清运不及时", "Rubbish not collected", 0, 72},
      {"environment.greening", "environment", "绿化养护", "Greenery upkeep", 0, 0},
      {"environment.pests", "environment", "蚊蝇鼠害", "Pests (flies, mosquitoes, rats)", 0, 0},
      {"environment.sewage", "environment", "污水外溢", "Sewage overflow", 4, 24},
      {"environment.toilet", "environment", "公共厕所", "Public toilets", 0, 72},

      {"garbage", "", "垃圾分类", "Waste sorting", 0, 0},
      {"garbage.sorting", "garbage", "分类投放不规范", "Waste not sorted properly", 0, 0},
      {"garbage.station", "garbage", "垃圾桶站设置", "Bin station siting", 0, 0},
      {"garbage.bulky", "garbage", "大件和装修垃圾", "Bulky and renovation waste", 0, 72},
      {"garbage.kitchen", "garbage", "厨余垃圾", "Kitchen waste", 0, 72},

      {"property", "", "物业管理", "Property management", 0, 0},
      {"property.service", "property", "物业服务质量", "Property service quality", 0, 0},
      {"property.fee", "property", "物业费", "Property fees", 0, 0},
      {"property.facility", "property", "公共设施维修", "Common facilities repair", 0, 72},
      {"property.elevator", "property", "电梯故障", "Lift breakdown", 2, 24},
      {"property.access", "property", "门禁和保安", "Gates and guards", 0, 0},

      {"parking", "", "停车", "Parking", 0, 0},
      {"parking.disorder", "parking", "乱停乱放", "Disorderly parking", 0, 0},
      {"parking.fire_lane", "parking", "占用消防通道", "Fire lane blocked", 2, 24},
      {"parking.fee", "parking", "停车收费", "Parking fees", 0, 0},
      {"parking.ebike", "parking", "电动车充电", "E-bike charging", 0, 0},
      {"parking.abandoned", "parking", "僵尸车", "Abandoned vehicles", 0, 0},

      {"noise", "", "噪音扰民", "Noise", 0, 0},
      {"noise.renovation", "noise", "装修噪音", "Renovation noise", 0, 72},
      {"noise.square_dance", "noise", "广场舞噪音", "Square-dance noise", 0, 0},
      {"noise.neighbour", "noise", "邻居噪音", "Neighbour noise", 0, 0},
      {"noise.commercial", "noise", "商铺和施工噪音", "Shop and construction noise", 0, 72},

      {"housing", "", "房屋修缮", "Housing repairs", 0, 360},
      {"housing.leak", "housing", "屋顶漏雨和墙体渗水", "Roof and wall leaks", 0, 0},
      {"housing.facade", "housing", "外墙脱落", "Falling facade", 2, 24},
      {"housing.stairwell", "housing", "楼道设施", "Stairwell fixtures", 0, 168},
      {"housing.pipes", "housing", "上下水管道", "Water and drain pipes", 0, 72},

      {"heating", "", "供暖", "Heating", 4, 24},
      {"heating.cold", "heating", "室温不达标", "Rooms too cold", 0, 0},
      {"heating.leak", "heating", "暖气漏水", "Radiator leak", 2, 0},
      {"heating.fee", "heating", "供暖费", "Heating fees", 24, 168},

      {"utilities", "", "供水供电燃气", "Water, power and gas", 4, 24},
      {"utilities.water_outage", "utilities", "停水", "Water outage", 0, 0},
      {"utilities.power_outage", "utilities", "停电", "Power outage", 0, 0},
      {"utilities.gas_leak", "utilities", "燃气泄漏", "Gas leak", 1, 2},
      {"utilities.water_quality", "utilities", "水质问题", "Water quality", 0, 0},
      {"utilities.meter", "utilities", "表计和缴费", "Meters and bills", 24, 168},

      {"elevator", "", "加装电梯", "Adding lifts to old buildings", 0, 360},
      {"elevator.consult", "elevator", "加装政策咨询", "Questions about adding a lift", 24, 168},
      {"elevator.consent", "elevator", "意见征集和协商", "Owner consent and negotiation", 0, 0},
      {"elevator.construction", "elevator", "施工问题", "Construction problems", 0, 0},
      {"elevator.operation", "elevator", "运行维护", "Operation and upkeep", 0, 72},

      {"neighbour", "", "邻里纠纷", "Neighbour disputes", 0, 0},
      {"neighbour.leak", "neighbour", "楼上漏水", "Water leaking from upstairs", 0, 72},
      {"neighbour.pets", "neighbour", "宠物扰民", "Pets", 0, 0},
      {"neighbour.clutter", "neighbour", "楼道堆物", "Clutter in the stairwell", 0, 0},
      {"neighbour.conflict", "neighbour", "其他邻里矛盾", "Other neighbour conflicts", 0, 0},

      {"elderly", "", "养老服务", "Elderly care", 0, 0},
      {"elderly.meal", "elderly", "老年助餐", "Meals for the elderly", 0, 0},
      {"elderly.home_care", "elderly", "居家照护", "Home care", 0, 0},
      {"elderly.subsidy", "elderly", "养老补贴咨询", "Elderly subsidies", 0, 0},
      {"elderly.alone", "elderly", "独居老人关爱", "Elderly living alone", 4, 24},

      {"security", "", "治安", "Public order and safety", 0, 0},
      {"security.theft", "security", "盗窃", "Theft", 4, 0},
      {"security.fraud", "security", "诈骗", "Fraud", 4, 0},
      {"security.fire", "security", "消防隐患", "Fire hazards", 2, 24},
      {"security.rental", "security", "群租和可疑人员", "Crowded rentals and suspicious persons", 0, 0},

      {"other", "", "其他", "Other", 0, 0},
      {"other.policy", "other", "政策咨询", "Policy questions", 0, 0},
      {"other.suggestion", "other", "意见建议", "Suggestions", 0, 0},
      {"other.misc", "other", "其他事项", "Other matters", 0, 0},
  };
  return kTree;
}

}  // namespace linli
