#include "domain/demand_text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace linli {
namespace {

TEST(DemandText, NormalisesAndDropsPunctuation) {
  EXPECT_EQ(NormalizeDemandText("暖气不热！！ 3号楼，"), "暖气不热3号楼");
  EXPECT_EQ(NormalizeDemandText("　ＡＢＣ－１２３。"), "abc123");
  EXPECT_EQ(NormalizeDemandText("【紧急】燃气味很大😷……"), "紧急燃气味很大");
  EXPECT_EQ(NormalizeDemandText(""), "");
  EXPECT_EQ(NormalizeDemandText("，。！"), "");
  EXPECT_EQ(DemandTextBigrams("暖气不热"), (std::vector<std::string>{"暖气", "气不", "不热"}));
  EXPECT_EQ(DemandTextBigrams("热"), (std::vector<std::string>{"热"}));
  EXPECT_TRUE(DemandTextBigrams("").empty());
  EXPECT_TRUE(IsDemandStopBigram("反映"));
  EXPECT_FALSE(IsDemandStopBigram("暖气"));
}

TEST(DemandText, SimilarityOfRealisticPairs) {
  // The same matter, told twice (a 12345 write-up and a repeat call).
  const std::string a =
      "市民来电反映：中仓小区3号楼2单元暖气不热，室内温度只有15度，家中有老人，希望尽快解决。";
  const std::string b = "中仓小区3号楼暖气还是不热，室温才15度左右，老人受不了";
  // Another household, same building, a different matter.
  const std::string c = "市民来电反映：中仓小区3号楼楼下有人长期占用消防通道停车，希望尽快处理。";
  // The same words, different punctuation and spaces.
  const std::string d = "中仓小区 3号楼 2单元，暖气不热！室内温度只有15度；家中有老人。";
  const double ab = DemandTextSimilarity(a, b);
  const double ac = DemandTextSimilarity(a, c);
  const double ad = DemandTextSimilarity(a, d);
  std::printf("similarity: same heating %.3f, other matter %.3f, punctuation %.3f\n", ab, ac, ad);
  EXPECT_GE(ab, kDuplicateSimilarityThreshold) << ab;
  EXPECT_LT(ac, kDuplicateSimilarityThreshold) << ac;
  EXPECT_GT(ad, 0.9) << ad;
  EXPECT_DOUBLE_EQ(DemandTextSimilarity(a, a), 1.0);
  EXPECT_DOUBLE_EQ(DemandTextSimilarity(a, b), DemandTextSimilarity(b, a));
  EXPECT_EQ(DemandTextSimilarity("", a), 0.0);
  EXPECT_EQ(DemandTextSimilarity("！！", "？？"), 0.0);

  // Noise pairs.
  const std::string n1 = "紫运南里5号楼楼上装修，每天早上7点就开始电钻施工，噪音很大，严重影响休息。";
  const std::string n2 = "紫运南里5号楼有住户装修，早上七点多就用电钻，太吵了";
  const std::string n3 = "紫运南里小区广场舞音响声音太大，晚上九点以后还在跳。";
  std::printf("similarity: renovation %.3f, renovation vs square dance %.3f\n", DemandTextSimilarity(n1, n2),
              DemandTextSimilarity(n1, n3));
  EXPECT_GE(DemandTextSimilarity(n1, n2), kDuplicateSimilarityThreshold) << DemandTextSimilarity(n1, n2);
  EXPECT_LT(DemandTextSimilarity(n1, n3), kDuplicateSimilarityThreshold) << DemandTextSimilarity(n1, n3);
}

TEST(DemandText, ProfilesOddInput) {
  // Full-width and upper-case ASCII match their plain forms; invalid bytes are skipped.
  EXPECT_DOUBLE_EQ(DemandTextSimilarity("ＡＢＣ电梯坏了", "abc电梯坏了"), 1.0);
  EXPECT_DOUBLE_EQ(DemandTextSimilarity("电梯\xFF\xFE坏了", "电梯坏了"), 1.0);
  EXPECT_DOUBLE_EQ(DemandTextSimilarity("电梯坏了\xE6", "电梯坏了"), 1.0);
  // One character: compared as itself.
  EXPECT_DOUBLE_EQ(DemandTextSimilarity("漏", "漏"), 1.0);
  // Long texts (more than the profile's stack buffer of 512 code points).
  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += "暖气不热室温" + std::to_string(i) + "度，";
  EXPECT_DOUBLE_EQ(DemandTextSimilarity(long_text, long_text), 1.0);
  EXPECT_GT(DemandTextSimilarity(long_text, "暖气不热，室温很低"), 0.3);
  EXPECT_GT(ProfileDemandText(long_text).grams.size(), 3u);
}

Demand Make(Id id, std::string text, std::optional<Id> building, std::string cat = "heating.cold") {
  Demand d;
  d.id = id;
  d.description = std::move(text);
  d.building_id = building;
  d.category_code = std::move(cat);
  return d;
}

TEST(DemandText, RankDuplicateCandidates) {
  Demand probe = Make(0, "中仓小区3号楼暖气不热，室温只有十五度", 3);
  std::vector<Demand> cands = {
      Make(10, "市民来电反映：中仓小区3号楼2单元暖气不热，室内温度只有15度，希望尽快解决。", 3),
      Make(11, "中仓小区3号楼楼道灯坏了，晚上很黑", 3, "property.facility"),
      Make(12, "中仓小区5号楼暖气不热，室温只有十四五度", 5),
      Make(13, "中仓小区3号楼暖气不热，室温只有十五度", 3),
  };
  auto r = RankDuplicateCandidates(probe, cands);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].id, 13);  // the same words, same building
  EXPECT_DOUBLE_EQ(r[0].score, 1.0);
  EXPECT_TRUE(r[0].same_building);
  EXPECT_TRUE(r[0].same_category);
  for (const auto& m : r) {
    EXPECT_NE(m.id, 11) << "another matter in the same building";
    EXPECT_EQ(m.same_building, m.id != 12);
    EXPECT_GE(m.text_similarity, kDuplicateSimilarityThreshold);
    EXPECT_DOUBLE_EQ(m.score,
                     0.85 * m.text_similarity + (m.same_building ? 0.1 : 0) + (m.same_category ? 0.05 : 0));
  }
  // The same words: the same building ranks first (+0.10), then the same category (+0.05).
  auto same = RankDuplicateCandidates(
      Make(0, "中仓小区5号楼暖气不热", 5),
      {Make(20, "中仓小区5号楼暖气不热", 9, "heating.leak"), Make(21, "中仓小区5号楼暖气不热", 9),
       Make(22, "中仓小区5号楼暖气不热", 5, "other.misc")});
  ASSERT_EQ(same.size(), 3u);
  EXPECT_EQ(same[0].id, 22);
  EXPECT_EQ(same[1].id, 21);
  EXPECT_EQ(same[2].id, 20);
  EXPECT_DOUBLE_EQ(same[0].score, 0.95);
  EXPECT_DOUBLE_EQ(same[1].score, 0.90);
  EXPECT_DOUBLE_EQ(same[2].score, 0.85);
  // Limit and the probe itself.
  probe.id = 13;
  r = RankDuplicateCandidates(probe, cands, kDuplicateSimilarityThreshold, 1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(r[0].id, 13);
  EXPECT_TRUE(RankDuplicateCandidates(probe, {}).empty());
}

std::vector<std::pair<std::string, std::string>> TrainingSet() {
  return {
      {"3号楼暖气不热，室温只有16度", "heating.cold"},
      {"家里暖气片不热，屋里很冷", "heating.cold"},
      {"供暖以后室内温度一直不达标，老人冻得受不了", "heating.cold"},
      {"暖气管道漏水，地板都泡了", "heating.leak"},
      {"暖气片接口滴水，需要维修", "heating.leak"},
      {"楼上装修电钻声音太大，中午也不停", "noise.renovation"},
      {"隔壁装修噪音很大，早上七点就开始砸墙", "noise.renovation"},
      {"广场舞音响太吵，晚上十点还在跳", "noise.square_dance"},
      {"小区广场舞声音大，影响孩子学习", "noise.square_dance"},
      {"楼下有车长期占用消防通道", "parking.fire_lane"},
      {"消防通道被私家车堵住了", "parking.fire_lane"},
      {"垃圾桶满了没人清运，味道很大", "environment.litter"},
      {"垃圾站的垃圾好几天没拉走，招苍蝇", "environment.litter"},
      {"想咨询老旧小区加装电梯的补贴政策", "elevator.consult"},
      {"我们单元想加装电梯，需要办什么手续", "elevator.consult"},
  };
}

TEST(DemandText, ClassifierSuggestsTheRightCategory) {
  DemandCategoryClassifier nb;
  EXPECT_TRUE(nb.Suggest("暖气不热").empty()) << "nothing trained yet";
  for (const auto& [t, c] : TrainingSet()) nb.Add(t, c);
  nb.Add("", "other");         // ignored
  nb.Add("有字没有分类", "");  // ignored
  EXPECT_EQ(nb.documents(), TrainingSet().size());
  EXPECT_EQ(nb.categories(), 7u);

  auto s = nb.Suggest("我家暖气一点都不热，屋里才十五度");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].category_code, "heating.cold");
  EXPECT_GT(s[0].score, s[1].score);
  EXPECT_GE(s[1].score, s[2].score);
  EXPECT_GT(s[0].score, 0.5);
  EXPECT_LE(s[0].score, 1.0);

  EXPECT_EQ(nb.Suggest("楼上天天装修，电钻噪音吵得没法休息")[0].category_code, "noise.renovation");
  EXPECT_EQ(nb.Suggest("晚上广场舞的音响太吵了")[0].category_code, "noise.square_dance");
  EXPECT_EQ(nb.Suggest("有辆车堵了消防通道")[0].category_code, "parking.fire_lane");
  EXPECT_EQ(nb.Suggest("垃圾好几天没人清运了")[0].category_code, "environment.litter");
  EXPECT_EQ(nb.Suggest("加装电梯有没有补贴")[0].category_code, "elevator.consult");
  // Top 1 and k beyond the classes.
  EXPECT_EQ(nb.Suggest("暖气漏水", 1).size(), 1u);
  EXPECT_EQ(nb.Suggest("暖气漏水", 1)[0].category_code, "heating.leak");
  EXPECT_EQ(nb.Suggest("暖气漏水", 100).size(), 7u);
  double sum = 0;
  for (const auto& x : nb.Suggest("暖气漏水", 100)) sum += x.score;
  EXPECT_NEAR(sum, 1.0, 1e-9);
  // Text with nothing known.
  EXPECT_TRUE(nb.Suggest("！？").empty());
  EXPECT_TRUE(nb.Suggest("xyz").empty());
}

TEST(DemandText, ClassifierSerialisesAndReadsBack) {
  DemandCategoryClassifier nb;
  for (const auto& [t, c] : TrainingSet()) nb.Add(t, c);
  const std::string model = nb.Serialize();
  auto back = DemandCategoryClassifier::Deserialize(model);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->documents(), nb.documents());
  EXPECT_EQ(back->categories(), nb.categories());
  EXPECT_EQ(back->vocabulary(), nb.vocabulary());
  for (auto q : {"暖气不热", "装修太吵", "消防通道堵了", "加装电梯"}) {
    auto a = nb.Suggest(q), b = back->Suggest(q);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].category_code, b[i].category_code);
      EXPECT_NEAR(a[i].score, b[i].score, 1e-9);
    }
  }
  EXPECT_EQ(back->Serialize(), model);
  for (auto bad : {"", "linli-nb 2 0.1 3\n", "hello\n", "linli-nb 1 0.1 1\nC a 1 1\nF 暖气 5:1\n",
                   "linli-nb 1 0.1 1\nX what\n", "linli-nb 1 0.1 1\nC a 1 1\nC a 1 1\n"}) {
    auto r = DemandCategoryClassifier::Deserialize(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "model");
  }
}

TEST(DemandText, HotspotsGroupByPlaceAndTopic) {
  std::vector<HotspotItem> items;
  Id id = 1;
  auto add = [&](std::string place, std::string name, std::string cat, std::string text, std::string at) {
    items.push_back(
        {id++, std::move(place), std::move(name), std::move(cat), std::move(text), std::move(at)});
  };
  // Five heating complaints in one building (worded differently).
  add("b:3", "中仓小区 3号楼", "heating.cold", "中仓小区3号楼暖气不热，室温只有15度", "2026-12-01T01:00:00Z");
  add("b:3", "中仓小区 3号楼", "heating.cold", "3号楼2单元暖气不热，家里很冷", "2026-12-02T01:00:00Z");
  add("b:3", "中仓小区 3号楼", "heating.cold", "市民来电反映3号楼暖气不热，希望尽快解决",
      "2026-12-03T01:00:00Z");
  add("b:3", "中仓小区 3号楼", "heating.cold", "我家暖气不热，室温不到16度", "2026-12-04T01:00:00Z");
  add("b:3", "中仓小区 3号楼", "heating.leak", "3号楼暖气不热还漏水", "2026-12-05T01:00:00Z");
  // Three renovation-noise complaints in another building.
  add("b:7", "运河园 7号楼", "noise.renovation", "7号楼楼上装修电钻噪音太大", "2026-12-01T02:00:00Z");
  add("b:7", "运河园 7号楼", "noise.renovation", "运河园7号楼装修噪音，中午也在电钻", "2026-12-06T02:00:00Z");
  add("b:7", "运河园 7号楼", "noise.renovation", "楼上装修天天电钻，噪音吵得睡不着", "2026-12-07T02:00:00Z");
  // The same building, another topic: not in the heating cluster.
  add("b:3", "中仓小区 3号楼", "parking.fire_lane", "3号楼下消防通道被车堵了", "2026-12-02T03:00:00Z");
  // Heating elsewhere: a different place, so a different cluster (of one: not a hotspot).
  add("b:9", "玉带河东里 9号楼", "heating.cold", "9号楼暖气不热", "2026-12-02T04:00:00Z");

  auto hs = FindHotspots(items);
  ASSERT_EQ(hs.size(), 2u);
  EXPECT_EQ(hs[0].place_key, "b:3");
  EXPECT_EQ(hs[0].category_code, "heating");
  EXPECT_EQ(hs[0].count, 5);
  EXPECT_EQ(hs[0].id, 5) << "the leader is the newest";
  EXPECT_EQ(hs[0].last_at, "2026-12-05T01:00:00Z");
  EXPECT_EQ(hs[0].first_at, "2026-12-01T01:00:00Z");
  EXPECT_EQ(hs[0].ids.size(), 5u);
  ASSERT_FALSE(hs[0].keywords.empty());
  ASSERT_GE(hs[0].keywords.size(), 2u);
  EXPECT_EQ(std::set<std::string>(hs[0].keywords.begin(), hs[0].keywords.begin() + 2),
            (std::set<std::string>{"暖气", "不热"}))
      << hs[0].title;
  EXPECT_TRUE(hs[0].title.starts_with("中仓小区 3号楼：")) << hs[0].title;
  std::printf("hotspot titles: %s | %s\n", hs[0].title.c_str(), hs[1].title.c_str());
  for (const auto& k : hs[0].keywords) {
    EXPECT_FALSE(IsDemandStopBigram(k)) << k;
    EXPECT_EQ(k.find_first_of("0123456789"), std::string::npos) << k;
  }
  EXPECT_EQ(hs[1].place_key, "b:7");
  EXPECT_EQ(hs[1].count, 3);
  EXPECT_EQ(hs[1].category_code, "noise");
  bool has_noise_word = false;
  for (const auto& k : hs[1].keywords) has_noise_word |= (k == "装修" || k == "电钻" || k == "噪音");
  EXPECT_TRUE(has_noise_word) << hs[1].title;

  HotspotOptions o;
  o.min_count = 1;
  o.samples = 2;
  o.limit = 3;
  hs = FindHotspots(items, o);
  ASSERT_EQ(hs.size(), 3u);
  EXPECT_EQ(hs[0].sample_ids, (std::vector<Id>{5, 4}));
  o.similarity = 0.99;  // only identical texts: no cluster of 2+
  o.min_count = 2;
  EXPECT_TRUE(FindHotspots(items, o).empty());
  EXPECT_TRUE(FindHotspots({}).empty());

  // Keywords are words, not pieces across words or places: "服务", never "务太" or "新华".
  std::vector<HotspotItem> prop = {
      {1, "c:4", "新华东街小区", "property.service", "新华东街小区物业服务太差，楼道卫生没人打扫",
       "2026-12-01T01:00:00Z"},
      {2, "c:4", "新华东街小区", "property.service", "物业服务太差了，卫生没人管", "2026-12-02T01:00:00Z"},
      {3, "c:4", "新华东街小区", "property.service", "新华东街小区物业服务差，楼道卫生很脏",
       "2026-12-03T01:00:00Z"},
  };
  // The rest of the period (keywords are weighed against it).
  Id next = 10;
  for (auto t : {"暖气不热", "楼上装修噪音", "消防通道被占", "垃圾没人清运", "广场舞太吵", "电梯坏了",
                 "楼道灯坏了", "停车位不够", "楼上漏水"}) {
    prop.push_back({next++, "b:" + std::to_string(next), "某楼", "other.misc", t, "2026-11-20T01:00:00Z"});
  }
  hs = FindHotspots(prop);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0].count, 3);
  std::set<std::string> kw(hs[0].keywords.begin(), hs[0].keywords.end());
  EXPECT_TRUE(kw.count("服务")) << hs[0].title;
  EXPECT_TRUE(kw.count("卫生")) << hs[0].title << " / " << hs[0].keywords.size();
  for (auto bad : {"务太", "生没", "新华", "小区", "太差"})
    EXPECT_FALSE(kw.count(bad)) << bad << " in " << hs[0].title;
  EXPECT_EQ(TopLevelCategory("heating.cold"), "heating");
  EXPECT_EQ(TopLevelCategory("other"), "other");
}

// Hotspot keywords are words the texts use, not two-character fragments of them: "元门" of
// "单元门" is grown into "单元门" (one ideograph at most, no punctuation, no function words).
TEST(DemandHotspots, KeywordsGrowIntoTheWordsTheTextsUse) {
  std::vector<HotspotItem> items = {
      {1, "b:2", "水月院 2号楼", "facility.door", "2号楼2单元门禁坏了，单元门关不上", "2026-12-01T01:00:00Z"},
      {2, "b:2", "水月院 2号楼", "facility.door", "单元门锁坏了，门禁刷卡没反应", "2026-12-02T01:00:00Z"},
      {3, "b:2", "水月院 2号楼", "facility.door", "我们单元门禁又坏了，单元门一直开着", "2026-12-03T01:00:00Z"},
      {4, "b:2", "水月院 2号楼", "facility.door", "单元门关不上，门禁坏了好几天", "2026-12-04T01:00:00Z"},
  };
  Id next = 10;
  for (auto t : {"暖气不热", "楼上装修噪音", "消防通道被占", "垃圾没人清运", "广场舞太吵", "电梯坏了",
                 "楼道灯坏了", "停车位不够", "楼上漏水"})
    items.push_back({next++, "b:" + std::to_string(next), "某楼", "other.misc", t, "2026-11-20T01:00:00Z"});
  auto hs = FindHotspots(items);
  ASSERT_EQ(hs.size(), 1u);
  std::set<std::string> kw(hs[0].keywords.begin(), hs[0].keywords.end());
  std::printf("hotspot: %s\n", hs[0].title.c_str());
  EXPECT_FALSE(kw.count("元门")) << hs[0].title;
  EXPECT_TRUE(kw.count("单元门") || kw.count("门禁")) << hs[0].title;
  for (const auto& k : hs[0].keywords) {
    for (const char* p : {"，", "。", "！", "？"}) EXPECT_EQ(k.find(p), std::string::npos) << k;
    EXPECT_EQ(k.find_first_of("0123456789"), std::string::npos) << k;
    EXPECT_LE(k.size(), 9u) << k << ": grown by one ideograph at most";
    for (const auto& other : hs[0].keywords)
      if (&other != &k) EXPECT_EQ(k.find(other), std::string::npos) << k << " repeats " << other;
  }

  // The shared growing rule itself: one ideograph at most, only when every occurrence agrees.
  const std::vector<std::string> texts = {"单元门关不上", "单元门锁坏了", "我们单元门禁"};
  EXPECT_EQ(GrowDemandKeyword("元门", texts), "单元门");
  EXPECT_EQ(GrowDemandKeyword("单元门", texts), "单元门") << "three characters: as it is";
  EXPECT_EQ(GrowDemandKeyword("圾站", {"垃圾站太近", "垃圾站臭"}), "垃圾站");
  EXPECT_EQ(GrowDemandKeyword("门锁", texts), "门锁") << "one occurrence: not grown";
  EXPECT_EQ(GrowDemandKeyword("度左", {"只有16度左右", "才15度左右，太冷"}), "度左右");
  EXPECT_EQ(GrowDemandKeyword("暖气", {"楼暖气不热", "楼暖气漏水"}), "暖气") << "楼 is no start of a word; 不/漏 differ";
  EXPECT_EQ(GrowDemandKeyword("停车", {"停车，太难", "停车。"}), "停车") << "punctuation stops it";
  EXPECT_EQ(GrowDemandKeyword("服务", {"物业服务太差", "物业服务差"}), "服务") << "业服务 is inside 物业服务";
  EXPECT_EQ(GrowDemandKeyword("卫生", {"楼道卫生差", "楼道卫生没人管"}), "卫生") << "道卫生 is inside 楼道卫生";
  EXPECT_EQ(GrowDemandKeyword("元门", {"4号楼单元门坏了", "3号楼单元门坏了没人管", "堵住了单元门口"}), "单元门")
      << "an address (4号楼) ends before it";
  EXPECT_EQ(GrowDemandKeyword("排队", {"排队充电要等很久", "晚上排队充电"}), "排队") << "排队充 is inside 排队充电";
}

}  // namespace
}  // namespace linli
