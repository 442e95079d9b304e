// Personal fields encrypted at rest (issue 3 item 6), on every back end: the raw tables, read past
// the store, never hold a clear ID number, phone or birth date; exact search, ID-number uniqueness
// and idempotent imports still work through the keyed hashes; the key file is created 0600, a
// loose or malformed one is refused, a wrong key is refused at open and an altered value fails
// instead of reading garbage; clear values left by an older version are sealed on open.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "access/field_crypto.h"
#include "store_contract.h"

namespace linli {
namespace {

class EncryptionContract : public store_test::StoreContract {
 protected:
  // Clear values that must never reach the disk.
  static constexpr const char* kIdNumber = "001001195001011234";  // Seed(): 刘艳霞
  static constexpr const char* kResidentPhone = "13900002222";     // Seed(): everyone
  static constexpr const char* kBirthDate = "1950-01-01";          // Seed(): everyone
  static constexpr const char* kHouseholdPhone = "13800001111";    // Seed(): 301

  void ExpectNoClearValues(const std::vector<std::string>& clear) {
    for (const char* table : {"residents", "households"}) {
      std::string raw = RawTable(table);
      ASSERT_FALSE(raw.empty()) << table;
      for (const auto& v : clear) EXPECT_EQ(raw.find(v), std::string::npos) << v << " stored in clear in " << table;
    }
  }

  Status Reopen(const StoreOptions& options) {
    store_.reset();
    auto s = OpenStore(Url(), options);
    if (!s.ok()) return s.error();
    store_ = std::move(s).value();
    return Ok();
  }
};

TEST_P(EncryptionContract, RawTablesHoldNoClearPersonalData) {
  auto f = Seed();
  // The import path (bulk insert) as well as the one-by-one writes.
  RegistryRow row;
  row.row_number = 2;
  row.compound = "水月院", row.building = "2号楼", row.unit = "1单元", row.door = "402";
  row.name = "孙悟空", row.id_number = "11010119900101111X", row.sex = Sex::kMale;
  row.birth_date = "1990-01-01", row.phone = "13612345678", row.household_phone = "01062345678";
  row.relation = "户主";
  Must(store_->ImportRegistry(f.community.id, {row}));
  Resident upd = f.wang;
  upd.id_number = "110101198802023334";
  upd.phone = "13577778888";
  upd.birth_date = "1988-02-02";
  Must(store_->UpdateResident(upd, Scope::All()));

  ExpectNoClearValues({kIdNumber, kResidentPhone, kBirthDate, kHouseholdPhone, "11010119900101111X",
                       "1990-01-01", "13612345678", "01062345678", "110101198802023334", "13577778888",
                       "1988-02-02"});
  // Sealed values and hashes are there instead.
  auto sealed = RawRows("SELECT personal, id_number_hash, phone_hash FROM residents WHERE id = " +
                        std::to_string(f.liu.id));
  ASSERT_EQ(sealed.size(), 1u);
  EXPECT_EQ(sealed[0][0].substr(0, 3), "v1:");
  EXPECT_EQ(sealed[0][1].size(), 16u);
  EXPECT_EQ(sealed[0][2].size(), 16u);
  auto hphone = RawRows("SELECT phone FROM households WHERE id = " + std::to_string(f.h301.id));
  EXPECT_EQ(hphone[0][0].substr(0, 3), "v1:");

  // The store still reads the clear values back.
  auto liu = Must(store_->GetResident(f.liu.id, Scope::All())).resident;
  EXPECT_EQ(liu.id_number, kIdNumber);
  EXPECT_EQ(liu.phone, kResidentPhone);
  EXPECT_EQ(liu.birth_date, kBirthDate);
  auto d = Must(store_->GetHousehold(f.h301.id, Scope::All()));
  EXPECT_EQ(d.summary.household.phone, kHouseholdPhone);
  EXPECT_EQ(d.residents[1].id_number, "110101198802023334");
  HouseholdFilter hf;
  hf.q = "孙悟空";
  auto imported = Must(store_->ListHouseholds(hf, {0, 10}));
  ASSERT_EQ(imported.total, 1);
  EXPECT_EQ(imported.items[0].household.phone, "01062345678");
  ResidentFilter rf;
  rf.household_id = imported.items[0].household.id;
  auto sun = Must(store_->ListResidents(rf, {0, 10}));
  ASSERT_EQ(sun.total, 1);
  EXPECT_EQ(sun.items[0].resident.id_number, "11010119900101111X");
  EXPECT_EQ(sun.items[0].resident.birth_date, "1990-01-01");
  EXPECT_EQ(sun.items[0].resident.phone, "13612345678");
}

TEST_P(EncryptionContract, ExactSearchAndUniquenessUseTheKeyedHash) {
  auto f = Seed();
  ResidentFilter rf;
  rf.q = kIdNumber;
  auto byid = Must(store_->ListResidents(rf, {0, 10}));
  ASSERT_EQ(byid.total, 1);
  EXPECT_EQ(byid.items[0].resident.name, "刘艳霞");
  Resident x = MakeResident(f.h302.id, "钱七", "11010119900101111X", "户主", {});
  x.phone = "13611112222";
  x = Must(store_->CreateResident(x));
  rf.q = "11010119900101111x";  // a lower-case check letter finds it too
  ASSERT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 1);
  rf.q = "13611112222";
  auto byphone = Must(store_->ListResidents(rf, {0, 10}));
  ASSERT_EQ(byphone.total, 1);
  EXPECT_EQ(byphone.items[0].resident.id, x.id);
  rf.q = "1361111222";  // exact only: a fragment of a phone finds nothing
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 0);

  // Uniqueness: create and update both answer kConflict on id_number.
  auto dup = store_->CreateResident(MakeResident(f.h302.id, "某", kIdNumber, "", {}));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "id_number");
  Resident upd = x;
  upd.id_number = kIdNumber;
  auto clash = store_->UpdateResident(upd, Scope::All());
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  EXPECT_EQ(clash.error().field, "id_number");
  // Changing one's own other fields keeps the ID number.
  upd.id_number = x.id_number;
  upd.note = "改了备注";
  Must(store_->UpdateResident(upd, Scope::All()));
  // An import that brings an ID number held in another community is refused as a conflict.
  auto other = Must(store_->CreateCommunity({0, "110112001077", "别的社区", "", ""}));
  RegistryRow row;
  row.row_number = 2;
  row.compound = "甲院", row.building = "1号楼", row.unit = "1单元", row.door = "101";
  row.name = "重复", row.id_number = kIdNumber, row.relation = "户主";
  auto imp = store_->ImportRegistry(other.id, {row});
  ASSERT_FALSE(imp.ok());
  EXPECT_EQ(imp.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Must(store_->GetCommunity(other.id, Scope::All())).households, 0);  // nothing half-written
}

TEST_P(EncryptionContract, ImportTwiceChangesNothing) {
  auto f = Seed();
  std::vector<RegistryRow> rows;
  for (int i = 0; i < 3; ++i) {
    RegistryRow r;
    r.row_number = i + 2;
    r.compound = "水月院", r.building = "5号楼", r.unit = "1单元", r.door = std::to_string(101 + i);
    r.name = "居民" + std::to_string(i), r.id_number = "11010119900101" + std::to_string(1000 + i);
    r.birth_date = "1990-01-01", r.phone = "1361234567" + std::to_string(i), r.relation = "户主";
    r.household_phone = "0106234567" + std::to_string(i), r.area_m2 = 60;
    if (i == 0) r.tags = {{"disabled", "视力"}, {"custom", "社区矫正"}};
    if (i == 2) r.tags = {{"low_income", ""}};
    rows.push_back(r);
  }
  auto first = Must(store_->ImportRegistry(f.community.id, rows));
  EXPECT_EQ(first.residents_created, 3);
  auto before = RawRows("SELECT id, personal, id_number_hash, phone_hash FROM residents ORDER BY id");
  const std::string tags_sql =
      "SELECT resident_id, position, code, detail, code_hash, sealed FROM resident_tags "
      "ORDER BY resident_id, position";
  auto tags_before = RawRows(tags_sql);
  auto second = Must(store_->ImportRegistry(f.community.id, rows));
  EXPECT_EQ(second.unchanged_rows, 3);
  EXPECT_EQ(second.residents_created + second.residents_updated + second.households_created +
                second.households_updated,
            0);
  // Not even re-sealed: the stored values are byte for byte the same.
  EXPECT_EQ(RawRows("SELECT id, personal, id_number_hash, phone_hash FROM residents ORDER BY id"), before);
  EXPECT_EQ(RawRows(tags_sql), tags_before);  // the opened tags compare equal: not rewritten
  // A changed phone is an update, found through the opened values.
  rows[1].phone = "13700000000";
  auto third = Must(store_->ImportRegistry(f.community.id, rows));
  EXPECT_EQ(third.residents_updated, 1);
  EXPECT_EQ(third.unchanged_rows, 2);
  ResidentFilter rf;
  rf.q = "13700000000";
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 1);
  rf.q = "13612345671";
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 0);
  rf.q.clear();
  rf.tag = "disabled";
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 2);  // 居民0 and 赵敏 of Seed()
  // Changed tags are an update too, sealed again.
  rows[2].tags = {{"tekun", ""}};
  auto fourth = Must(store_->ImportRegistry(f.community.id, rows));
  EXPECT_EQ(fourth.residents_updated, 1);
  rf.tag = "low_income";
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 1);  // 刘艳霞 of Seed() only
  rf.tag = "tekun";
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 1);
  EXPECT_EQ(RawTable("resident_tags").find("tekun"), std::string::npos);
}

TEST_P(EncryptionContract, ALargeImportSealsEveryRowInOrder) {
  // Past the batch size of the import's sealing threads (8192 rows): every row gets its own values.
  auto f = Seed();
  std::vector<RegistryRow> rows;
  const int n = 9000;
  auto id_of = [](int i) { return "1101011990" + std::to_string(10000000 + i); };
  for (int i = 0; i < n; ++i) {
    RegistryRow r;
    r.row_number = i + 2;
    r.compound = "大院", r.building = std::to_string(1 + i / 100) + "号楼", r.unit = "1单元";
    r.door = std::to_string(101 + i % 100), r.name = "居民" + std::to_string(i), r.id_number = id_of(i);
    r.birth_date = "1990-01-01", r.phone = std::to_string(13000000000LL + i), r.relation = "户主";
    r.household_phone = std::to_string(1060000000LL + i);
    // One tag each, its detail the row number: the tags pass the sealing threads' batch size too.
    r.tags = {{i % 3 == 0 ? "disabled" : "volunteer", "第" + std::to_string(i) + "行"}};
    rows.push_back(r);
  }
  auto stats = Must(store_->ImportRegistry(f.community.id, rows));
  EXPECT_EQ(stats.residents_created, n);
  EXPECT_EQ(stats.households_created, n);
  for (int i : {0, 1, 8191, 8192, 8193, n - 1}) {
    ResidentFilter rf;
    rf.q = id_of(i);
    auto page = Must(store_->ListResidents(rf, {0, 10}));
    ASSERT_EQ(page.total, 1) << i;
    const auto& r = page.items[0].resident;
    EXPECT_EQ(r.name, "居民" + std::to_string(i));
    EXPECT_EQ(r.phone, std::to_string(13000000000LL + i));
    auto d = Must(store_->GetHousehold(r.household_id, Scope::All()));
    EXPECT_EQ(d.summary.household.phone, std::to_string(1060000000LL + i));
    EXPECT_EQ(
        r.tags,
        (std::vector<ResidentTag>{{i % 3 == 0 ? "disabled" : "volunteer", "第" + std::to_string(i) + "行"}}))
        << i;
  }
  ResidentFilter tf;
  tf.tag = "disabled";
  EXPECT_EQ(Must(store_->ListResidents(tf, {0, 1})).total, n / 3 + 1);  // 赵敏 of Seed() and every third row
  EXPECT_EQ(
      RawRows(
          "SELECT COUNT(*) FROM resident_tags WHERE code <> '' OR detail <> '' OR sealed NOT LIKE 'v1:%'")[0]
                                                                                                          [0],
      "0");
  std::string raw = RawTable("residents") + RawTable("households");
  for (int i : {0, 8192, n - 1}) {
    EXPECT_EQ(raw.find(id_of(i)), std::string::npos);
    EXPECT_EQ(raw.find(std::to_string(13000000000LL + i)), std::string::npos);
    EXPECT_EQ(raw.find(std::to_string(1060000000LL + i)), std::string::npos);
  }
}

TEST_P(EncryptionContract, KeyFileIsPrivateAndChecked) {
  auto f = Seed();
  struct stat st {};
  ASSERT_EQ(::stat(key_path_.c_str(), &st), 0) << key_path_;
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Readable by others: refused with a clear error, nothing opened.
  ASSERT_EQ(::chmod(key_path_.c_str(), 0644), 0);
  auto loose = Reopen({key_path_});
  ASSERT_FALSE(loose.ok());
  EXPECT_EQ(loose.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(loose.error().field, "key_file");
  EXPECT_EQ(loose.error().details.at(0).reason, "key_file_mode");
  EXPECT_NE(loose.error().message.find(key_path_), std::string::npos);
  ASSERT_EQ(::chmod(key_path_.c_str(), 0600), 0);

  // A file that does not hold a 32-byte key.
  std::string bad_path = key_path_ + ".short";
  {
    std::ofstream(bad_path) << "c2hvcnQ=\n";  // base64 of "short"
  }
  ::chmod(bad_path.c_str(), 0600);
  auto bad = Reopen({bad_path});
  std::filesystem::remove(bad_path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().details.at(0).reason, "key_file_content");

  // Another valid key: refused at open, not read as garbage.
  std::string other_path = key_path_ + ".other";
  auto wrong = Reopen({other_path});
  ASSERT_TRUE(std::filesystem::exists(other_path));  // made, 0600, but it is not this database's key
  std::filesystem::remove(other_path);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(wrong.error().details.at(0).reason, "key_mismatch");
  EXPECT_NE(wrong.error().message.find(other_path), std::string::npos) << wrong.error().message;

  // The right key opens again and reads the values.
  ASSERT_TRUE(Reopen({key_path_}).ok());
  EXPECT_EQ(Must(store_->GetResident(f.liu.id, Scope::All())).resident.id_number, kIdNumber);

  // A stored value altered (here: another resident's sealed value under another key) fails
  // clearly instead of returning garbage.
  auto foreign = FieldCipher::FromKey(std::string(32, 'z')).EncryptFields({"110101199001019999", "", ""});
  RawRows("UPDATE residents SET personal = '" + foreign + "' WHERE id = " + std::to_string(f.liu.id));
  auto altered = store_->GetResident(f.liu.id, Scope::All());
  ASSERT_FALSE(altered.ok());
  EXPECT_EQ(altered.error().code, ErrorCode::kInternal);
  EXPECT_EQ(store_->GetHousehold(f.h301.id, Scope::All()).error().code, ErrorCode::kInternal);
  EXPECT_TRUE(store_->GetResident(f.zhao.id, Scope::All()).ok());  // the others still read
}

TEST_P(EncryptionContract, ClearValuesOfAnOlderVersionAreSealedOnOpen) {
  auto f = Seed();
  // What a database written before the encryption looks like: clear columns, nothing sealed.
  RawRows("UPDATE residents SET personal = '', id_number_hash = '', phone_hash = '', id_number = '" +
          std::string(kIdNumber) + "', phone = '" + kResidentPhone + "', birth_date = '" + kBirthDate +
          "' WHERE id = " + std::to_string(f.liu.id));
  RawRows("UPDATE residents SET personal = '', id_number_hash = '', phone_hash = '', phone = '13511112222' "
          "WHERE id = " + std::to_string(f.zhao.id));
  RawRows("UPDATE households SET phone = '" + std::string(kHouseholdPhone) + "' WHERE id = " +
          std::to_string(f.h301.id));
  // Tags as stored before migration 6 (SQLite) / 4 (PostgreSQL): clear code and detail.
  RawRows(
      "UPDATE resident_tags SET code = 'disabled', detail = '视力', code_hash = '', sealed = '' "
      "WHERE resident_id = " +
      std::to_string(f.zhao.id));
  RawRows(
      "UPDATE resident_tags SET code = 'low_income', detail = '', code_hash = '', sealed = '' "
      "WHERE resident_id = " +
      std::to_string(f.liu.id) + " AND position = 1");
  RawRows("UPDATE field_crypto SET pending = 1, key_check = ''");
  ASSERT_NE(RawTable("residents").find(kIdNumber), std::string::npos);  // the setup holds clear data
  ASSERT_NE(RawTable("resident_tags").find("视力"), std::string::npos);

  ASSERT_TRUE(Reopen({key_path_}).ok());
  ExpectNoClearValues({kIdNumber, kResidentPhone, kBirthDate, kHouseholdPhone, "13511112222"});
  EXPECT_EQ(RawRows("SELECT pending FROM field_crypto")[0][0], "0");
  for (const char* clear : {"disabled", "视力", "low_income"})
    EXPECT_EQ(RawTable("resident_tags").find(clear), std::string::npos) << clear;
  EXPECT_EQ(Must(store_->GetResident(f.zhao.id, Scope::All())).resident.tags,
            (std::vector<ResidentTag>{{"disabled", "视力"}}));
  EXPECT_EQ(Must(store_->GetResident(f.liu.id, Scope::All())).resident.tags,
            (std::vector<ResidentTag>{{"elderly_alone", ""}, {"low_income", ""}}));
  {
    ResidentFilter tf;
    tf.tag = "disabled";
    EXPECT_EQ(Must(store_->ListResidents(tf, {0, 10})).total, 1);
    tf.tag = "low_income";
    EXPECT_EQ(Must(store_->ListResidents(tf, {0, 10})).total, 1);
  }
  auto liu = Must(store_->GetResident(f.liu.id, Scope::All())).resident;
  EXPECT_EQ(liu.id_number, kIdNumber);
  EXPECT_EQ(liu.birth_date, kBirthDate);
  EXPECT_EQ(Must(store_->GetResident(f.zhao.id, Scope::All())).resident.phone, "13511112222");
  EXPECT_EQ(Must(store_->GetHousehold(f.h301.id, Scope::All())).summary.household.phone, kHouseholdPhone);
  ResidentFilter rf;
  rf.q = kIdNumber;
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 1);
  rf.q = "13511112222";
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 1);
  // Opening again changes nothing more.
  auto sealed = RawRows("SELECT personal FROM residents ORDER BY id");
  auto sealed_tags =
      RawRows("SELECT resident_id, position, sealed FROM resident_tags ORDER BY resident_id, position");
  ASSERT_TRUE(Reopen({key_path_}).ok());
  EXPECT_EQ(RawRows("SELECT personal FROM residents ORDER BY id"), sealed);
  EXPECT_EQ(RawRows("SELECT resident_id, position, sealed FROM resident_tags ORDER BY resident_id, position"),
            sealed_tags);
}

// Resident tags (issue 3 item 6): the raw tag table holds no clear code or detail — neither the
// sensitive ones (残疾 and its type, 低保, 特困, custom tags such as 社区矫正 / 戒毒康复 / 精神障碍)
// nor the others (one rule for every tag); filters by tag and vulnerable counts per grid still
// work in SQL, through the keyed hash of the code and residents.vulnerable.
TEST_P(EncryptionContract, ResidentTagsAreSealedAndStillFilterAndCount) {
  auto f = Seed();  // 刘艳霞: elderly_alone, low_income; 王强: party_member; 赵敏: disabled 视力
  auto sun = Must(store_->CreateResident(MakeResident(
      f.h302.id, "孙丽", "", "户主", {{"tekun", ""}, {"custom", "社区矫正"}, {"custom", "戒毒康复"}})));
  RegistryRow row;
  row.row_number = 2;
  row.compound = "水月院", row.building = "2号楼", row.unit = "1单元", row.door = "402";
  row.name = "周明", row.relation = "户主", row.area_m2 = 70;
  row.tags = {{"disabled", "肢体"}, {"custom", "精神障碍"}};
  Must(store_->ImportRegistry(f.community.id, {row}));

  const std::string raw = RawTable("resident_tags");
  ASSERT_FALSE(raw.empty());
  for (const char* clear : {"disabled", "视力", "肢体", "low_income", "tekun", "elderly_alone",
                            "party_member", "custom", "社区矫正", "戒毒康复", "精神障碍"})
    EXPECT_EQ(raw.find(clear), std::string::npos) << clear << " stored in clear in resident_tags";
  for (auto& r : RawRows("SELECT code, detail, code_hash, sealed FROM resident_tags")) {
    EXPECT_EQ(r[0], "");
    EXPECT_EQ(r[1], "");
    EXPECT_EQ(r[2].size(), 16u);
    EXPECT_EQ(r[3].substr(0, 3), "v1:");
  }

  // The store reads them back, in order.
  EXPECT_EQ(Must(store_->GetResident(f.zhao.id, Scope::All())).resident.tags,
            (std::vector<ResidentTag>{{"disabled", "视力"}}));
  EXPECT_EQ(Must(store_->GetResident(sun.id, Scope::All())).resident.tags,
            (std::vector<ResidentTag>{{"tekun", ""}, {"custom", "社区矫正"}, {"custom", "戒毒康复"}}));
  ResidentFilter rf;
  rf.q = "周明";
  auto zhou = Must(store_->ListResidents(rf, {0, 10}));
  ASSERT_EQ(zhou.total, 1);
  EXPECT_EQ(zhou.items[0].resident.tags,
            (std::vector<ResidentTag>{{"disabled", "肢体"}, {"custom", "精神障碍"}}));

  // Tag filters, residents and households.
  auto names = [&](const std::string& tag) {
    ResidentFilter f2;
    f2.tag = tag;
    std::vector<std::string> out;
    for (auto& r : Must(store_->ListResidents(f2, {0, 50})).items) out.push_back(r.resident.name);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names("disabled"), (std::vector<std::string>{"周明", "赵敏"}));
  EXPECT_EQ(names("low_income"), (std::vector<std::string>{"刘艳霞"}));
  EXPECT_EQ(names("tekun"), (std::vector<std::string>{"孙丽"}));
  EXPECT_EQ(names("party_member"), (std::vector<std::string>{"王强"}));
  EXPECT_EQ(names("custom"), (std::vector<std::string>{"周明", "孙丽"}));
  EXPECT_TRUE(names("volunteer").empty());
  HouseholdFilter hf;
  hf.tag = "disabled";
  EXPECT_EQ(Doors(hf).size(), 2u);  // 101 and 402
  hf.tag = "tekun";
  EXPECT_EQ(Doors(hf).size(), 1u);  // 302

  // Vulnerable counts per grid: 刘艳霞 (two tags, one resident), 孙丽, 周明 in 2号楼; 王强 is not.
  auto g = Must(store_->CreateGrid({0, f.community.id, "110112001001001", "第1网格", "张三", "13700000000"}));
  ASSERT_TRUE(store_->AssignBuildingsToGrid({f.b2.id}, g.id, Scope::All()).ok());
  auto gs = Must(store_->GetGrid(g.id, Scope::All()));
  EXPECT_EQ(gs.residents, 4);
  EXPECT_EQ(gs.vulnerable, 3);

  // Changed tags are sealed again; the old ones are gone.
  Resident z = Must(store_->GetResident(f.zhao.id, Scope::All())).resident;
  z.tags = {{"low_income", ""}, {"custom", "社区矫正"}};
  Must(store_->UpdateResident(z, Scope::All()));
  EXPECT_EQ(RawTable("resident_tags").find("社区矫正"), std::string::npos);
  EXPECT_EQ(names("disabled"), (std::vector<std::string>{"周明"}));
  EXPECT_EQ(names("low_income"), (std::vector<std::string>{"刘艳霞", "赵敏"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, EncryptionContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(OpenStoreKey, DefaultKeyFileLiesBesideTheDatabase) {
  EXPECT_EQ(DefaultKeyFile("sqlite:data/linli.db"), "data/linli.key");
  EXPECT_EQ(DefaultKeyFile("sqlite:///var/lib/linli/x.db"), "/var/lib/linli/x.key");
  EXPECT_EQ(DefaultKeyFile("sqlite::memory:"), "");
  EXPECT_EQ(DefaultKeyFile("postgresql://u@127.0.0.1/db"), "data/linli.key");
}

TEST(OpenStoreKey, MemoryStoresUseAFreshKeyEachTime) {
  auto a = OpenStore("sqlite::memory:");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_TRUE((*a)->CreateCommunity({0, "110112001001", "内存社区", "", ""}).ok());
}

}  // namespace
}  // namespace linli
