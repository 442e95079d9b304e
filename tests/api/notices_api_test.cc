// Public notices (公示) through the real server: staff drafts and publishing, the public board
// without login, comments only inside the period, objections and answers, archive instead of
// delete, the printable page, and role and community checks.
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>

#include "store/notices.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string S(std::int64_t v) { return std::to_string(v); }

constexpr std::int64_t kNov27 = 1'795'737'600;  // 2026-11-27T00:00:00Z
constexpr std::int64_t kDay = 86400;

class NoticesApiTest : public ApiTest {
 protected:
  void SetUp() override {
    options_.auth.clock = [this] { return now_.load(); };
    files_ =
        std::filesystem::temp_directory_path() / ("linli_notice_files_" + std::to_string(::getpid()) + "_" +
                                                  std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    options_.attachments_dir = files_.string();
    ApiTest::SetUp();
    a_ = MakeSeed("110112004001");
    b_ = Create("/api/v1/communities", {{"code", "110112005001"}, {"name", "北苑社区"}});
    AddUser("staff_a", "community_staff", [&](User& u) { u.community_ids = {a_.community}; });
    AddUser("staff_b", "community_staff", [&](User& u) { u.community_ids = {b_}; });
    AddUser("worker_a", "grid_worker");
    AddUser("resident_a", "resident", [&](User& u) {
      u.household_id = a_.household301;
      u.display_name = "刘艳";
    });
    AddUser("street", "street_admin", [&](User& u) { u.street_code = "110112004"; });
    AddUser("property", "property_company", [&](User& u) { u.compound_ids = {a_.compound}; });
    LoginAll();
  }

  void LoginAll() {
    for (const char* name : {"staff_a", "staff_b", "worker_a", "resident_a", "street", "property"})
      who_[name] = Login(name);
    as_ = Login("tester");
  }
  // Moves the clock; sessions idle out after 30 minutes, so everybody logs in again.
  void Advance(std::int64_t seconds) {
    now_ += seconds;
    LoginAll();
  }

  Reply As(const std::string& who, std::string_view method, std::string_view target,
           const json::value& body = {}) {
    return SendAs(who_[who], method, target, body.is_null() ? std::string() : json::serialize(body));
  }
  Reply Anon(std::string_view method, std::string_view target, const json::value& body = {}) {
    return Send(port_, method, target, body.is_null() ? std::string() : json::serialize(body));
  }

  json::object Draft(std::int64_t community, std::string kind = "general", std::string starts = "2026-11-29",
                     std::string ends = "2026-12-06") {
    return {{"community_id", community},
            {"title", "关于垃圾站选址方案的公示"},
            {"body", "各位居民：\n\n经四方会谈，垃圾站拟设在3号楼北侧空地。\n\n特此公示。"},
            {"kind", kind},
            {"starts_at", starts},
            {"ends_at", ends}};
  }
  std::int64_t Published(json::object body) {
    Reply r = As("staff_a", "POST", "/api/v1/notices", body);
    EXPECT_EQ(r.status, 201) << r.body;
    std::int64_t id = r.Json().at("id").as_int64();
    Reply p = As("staff_a", "POST", "/api/v1/notices/" + S(id) + "/publish");
    EXPECT_EQ(p.status, 200) << p.body;
    return id;
  }

  void TearDown() override {
    ApiTest::TearDown();
    std::error_code ec;
    std::filesystem::remove_all(files_, ec);
  }

  std::filesystem::path files_;
  std::atomic<std::int64_t> now_{kNov27};
  Seed a_{};
  std::int64_t b_ = 0;
  std::map<std::string, Credentials> who_;
};

TEST_F(NoticesApiTest, StaffPublishAndTheBoardShowsOnlyPublishedNoticesWithoutLogin) {
  Reply created = As("staff_a", "POST", "/api/v1/notices", Draft(a_.community));
  ASSERT_EQ(created.status, 201) << created.body;
  json::value n = created.Json();
  const std::int64_t id = n.at("id").as_int64();
  EXPECT_EQ(n.at("status"), "draft");
  EXPECT_EQ(n.at("starts_at"), "2026-11-28T16:00:00Z");
  EXPECT_EQ(n.at("period_text"), "2026年11月29日至2026年12月5日");
  EXPECT_EQ(n.at("created_by"), "staff_a");

  // the board: nothing yet, and a draft is not reachable without login
  Reply board = Anon("GET", "/api/v1/public/notices?community_code=110112004001");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(board.Json().at("total").as_int64(), 0);
  EXPECT_EQ(Anon("GET", "/api/v1/public/notices/" + S(id)).status, 404);
  EXPECT_EQ(Anon("GET", "/notices/" + S(id) + "/print").status, 404);

  Reply published = As("staff_a", "POST", "/api/v1/notices/" + S(id) + "/publish");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.Json().at("status"), "scheduled");  // starts on the 29th (Beijing)
  EXPECT_EQ(Anon("GET", "/api/v1/public/notices?community_code=110112004001").Json().at("total").as_int64(),
            0);

  Advance(2 * kDay);  // 2026-11-29T00:00Z: inside the period
  board = Anon("GET", "/api/v1/public/notices?community_code=110112004001");
  ASSERT_EQ(board.status, 200);
  ASSERT_EQ(board.Json().at("total").as_int64(), 1);
  json::value item = board.Json().at("items").at(0);
  EXPECT_EQ(item.at("status"), "published");
  EXPECT_EQ(item.at("community_name"), "四员厅社区");
  EXPECT_FALSE(item.as_object().contains("created_by"));  // no staff names in public
  EXPECT_FALSE(item.as_object().contains("body"));
  EXPECT_TRUE(item.at("excerpt").as_string().starts_with("各位居民："));
  Reply detail = Anon("GET", "/api/v1/public/notices/" + S(id));
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(detail.Json().at("body").as_string().find("各位居民："), 0u);

  // another community's board shows nothing of this one, its drafts included
  ASSERT_EQ(As("staff_b", "POST", "/api/v1/notices", Draft(b_)).status, 201);
  Reply other = Anon("GET", "/api/v1/public/notices?community_code=110112005001");
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.Json().at("total").as_int64(), 0);
  EXPECT_EQ(Anon("GET", "/api/v1/public/notices?community_code=999999999999").status, 404);
  EXPECT_EQ(Anon("GET", "/api/v1/public/notices").ErrorField(), "community_code");

  // staff lists: drafts of their own community only
  Reply list_a = As("staff_a", "GET", "/api/v1/notices");
  ASSERT_EQ(list_a.status, 200);
  EXPECT_EQ(list_a.Json().at("total").as_int64(), 1);
  Reply list_b = As("staff_b", "GET", "/api/v1/notices?status=draft");
  EXPECT_EQ(list_b.Json().at("total").as_int64(), 1);
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/notices?status=published").Json().at("total").as_int64(), 1);
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/notices?status=draft").Json().at("total").as_int64(), 0);
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/notices?status=nope").ErrorField(), "status");
  EXPECT_EQ(As("street", "GET", "/api/v1/notices").Json().at("total").as_int64(), 1);  // street of A
}

TEST_F(NoticesApiTest, WrongRoleIs403AndWrongCommunityIs404) {
  EXPECT_EQ(As("resident_a", "POST", "/api/v1/notices", Draft(a_.community)).status, 403);
  EXPECT_EQ(As("worker_a", "POST", "/api/v1/notices", Draft(a_.community)).status, 403);
  EXPECT_EQ(As("property", "GET", "/api/v1/notices").status, 403);
  EXPECT_EQ(As("resident_a", "GET", "/api/v1/notices").status, 403);
  EXPECT_EQ(Anon("GET", "/api/v1/notices").status, 401);

  Reply created = As("staff_a", "POST", "/api/v1/notices", Draft(a_.community));
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/notices/" + S(created.Json().at("id").as_int64());
  EXPECT_EQ(As("worker_a", "POST", path + "/publish").status, 403);
  EXPECT_EQ(As("staff_b", "GET", path).status, 404);
  EXPECT_EQ(As("staff_b", "PATCH", path, {{"title", "改"}}).status, 404);
  EXPECT_EQ(As("staff_b", "POST", path + "/publish").status, 404);
  EXPECT_EQ(As("staff_b", "POST", path + "/archive").status, 404);
  // staff of B cannot create in A
  Reply into_a = As("staff_b", "POST", "/api/v1/notices", Draft(a_.community));
  EXPECT_EQ(into_a.status, 400);
  EXPECT_EQ(into_a.ErrorField(), "community_id");
  // a compound of another community
  json::object bad = Draft(b_);
  bad["compound_ids"] = json::array{a_.compound};
  EXPECT_EQ(As("staff_b", "POST", "/api/v1/notices", bad).ErrorField(), "compound_ids");
}

TEST_F(NoticesApiTest, PeriodRules) {
  Reply before =
      As("staff_a", "POST", "/api/v1/notices", Draft(a_.community, "general", "2026-12-06", "2026-11-29"));
  EXPECT_EQ(before.status, 400);
  EXPECT_EQ(before.ErrorField(), "ends_at");
  EXPECT_TRUE(before.HasDetail("ends_at", "before_start")) << before.body;

  Reply five =
      As("staff_a", "POST", "/api/v1/notices", Draft(a_.community, "elevator", "2026-11-29", "2026-12-04"));
  EXPECT_EQ(five.status, 400);
  EXPECT_TRUE(five.HasDetail("ends_at", "min_period")) << five.body;
  Reply seven =
      As("staff_a", "POST", "/api/v1/notices", Draft(a_.community, "elevator", "2026-11-29", "2026-12-06"));
  EXPECT_EQ(seven.status, 201) << seven.body;

  json::object linked = Draft(a_.community);
  linked["vote_id"] = 999999;  // no such vote
  EXPECT_TRUE(As("staff_a", "POST", "/api/v1/notices", linked).HasDetail("vote_id", "not_found"));

  json::object empty{{"community_id", a_.community}};
  Reply missing = As("staff_a", "POST", "/api/v1/notices", empty);
  EXPECT_EQ(missing.status, 400);
  for (const char* f : {"title", "body", "starts_at", "ends_at"})
    EXPECT_TRUE(missing.HasDetail(f, "required")) << f;
  Reply kind = As("staff_a", "POST", "/api/v1/notices", Draft(a_.community, "lottery"));
  EXPECT_EQ(kind.ErrorField(), "kind");
  Reply unknown =
      As("staff_a", "POST", "/api/v1/notices", json::object{{"community_id", a_.community}, {"x", 1}});
  EXPECT_EQ(unknown.status, 400);

  // a PATCH of a draft is checked the same way; nothing is written on error
  const std::string path = "/api/v1/notices/" + S(seven.Json().at("id").as_int64());
  Reply shorter = As("staff_a", "PATCH", path, {{"ends_at", "2026-12-01"}});
  EXPECT_EQ(shorter.status, 400);
  EXPECT_EQ(As("staff_a", "GET", path).Json().at("ends_at"), "2026-12-05T16:00:00Z");
  Reply longer =
      As("staff_a", "PATCH", path, {{"ends_at", "2026-12-10"}, {"title", "3号楼1单元加装电梯方案公示"}});
  ASSERT_EQ(longer.status, 200) << longer.body;
  EXPECT_EQ(longer.Json().at("title"), "3号楼1单元加装电梯方案公示");
  // published notices are not edited any more
  ASSERT_EQ(As("staff_a", "POST", path + "/publish").status, 200);
  Reply late = As("staff_a", "PATCH", path, {{"title", "改标题"}});
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(As("staff_a", "POST", path + "/publish").status, 409);
}

TEST_F(NoticesApiTest, NoticesAreNeverDeleted) {
  std::int64_t id = Published(Draft(a_.community));
  const std::string path = "/api/v1/notices/" + S(id);
  Reply del = As("staff_a", "DELETE", path);
  EXPECT_EQ(del.status, 405) << del.body;
  EXPECT_EQ(As("tester", "DELETE", path).status, 405);
  Status refused = store_->Notices().DeleteNotice(id, Scope::All());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(As("staff_a", "GET", path).status, 200);
  for (const auto& r : router().routes())
    EXPECT_FALSE(r.method == "DELETE" && r.pattern.find("notices") != std::string::npos) << r.pattern;
}

TEST_F(NoticesApiTest, CommentsOnlyInsideThePeriodAndStaffAnswerObjections) {
  std::int64_t id = Published(Draft(a_.community));
  const std::string staff = "/api/v1/notices/" + S(id);
  const std::string pub = "/api/v1/public/notices/" + S(id);
  json::object objection{{"kind", "objection"}, {"text", "垃圾站离3号楼太近，夏天味道大。"}};

  // before the start: 400 naming starts_at (for the resident); the public page does not show it yet
  Reply early = As("resident_a", "POST", staff + "/comments", objection);
  EXPECT_EQ(early.status, 400) << early.body;
  EXPECT_EQ(early.ErrorField(), "starts_at");
  EXPECT_EQ(Anon("POST", pub + "/comments", {{"kind", "comment"}, {"text", "好"}, {"author_name", "王阿姨"}})
                .status,
            404);

  Advance(2 * kDay);
  const std::string board = "/api/v1/public/notices?community_code=110112004001";
  EXPECT_EQ(Anon("GET", board).Json().at("items").at(0).at("comments_count").as_int64(), 0);  // now cached
  Reply objected = As("resident_a", "POST", staff + "/comments", objection);
  ASSERT_EQ(objected.status, 201) << objected.body;
  const std::int64_t objection_id = objected.Json().at("id").as_int64();
  Reply anon =
      Anon("POST", pub + "/comments", {{"kind", "comment"}, {"text", "支持。"}, {"author_name", "王阿姨"}});
  ASSERT_EQ(anon.status, 201) << anon.body;
  // a write drops the cached board at once
  EXPECT_EQ(Anon("GET", board).Json().at("items").at(0).at("comments_count").as_int64(), 2);
  Reply nameless = Anon("POST", pub + "/comments", {{"kind", "comment"}, {"text", "支持。"}});
  EXPECT_EQ(nameless.ErrorField(), "author_name");
  EXPECT_EQ(As("staff_a", "POST", staff + "/comments", objection).status, 403);  // staff answer, not comment

  // the public page masks names; staff see them
  json::value shown = Anon("GET", pub).Json();
  ASSERT_EQ(shown.at("comments").as_array().size(), 2u);
  EXPECT_EQ(shown.at("comments").at(0).at("author_name"), "刘*");
  EXPECT_EQ(shown.at("comments").at(1).at("author_name"), "王**");
  EXPECT_EQ(shown.at("unanswered_objections_count").as_int64(), 1);
  json::value inside = As("staff_a", "GET", staff).Json();
  EXPECT_EQ(inside.at("comments").at(0).at("author_name"), "刘艳");

  // answers: wrong role, bad body, unknown comment, then the answer shows publicly
  const std::string answer_path = staff + "/comments/" + S(objection_id) + "/answer";
  EXPECT_EQ(As("resident_a", "POST", answer_path, {{"answer", "x"}}).status, 403);
  EXPECT_EQ(As("staff_a", "POST", answer_path, {{"answer", "  "}}).ErrorField(), "answer");
  EXPECT_EQ(As("staff_a", "POST", staff + "/comments/999999/answer", {{"answer", "x"}}).status, 404);
  EXPECT_EQ(As("staff_b", "POST", answer_path, {{"answer", "x"}}).status, 404);

  // archive is refused during the period and while an objection is open
  EXPECT_EQ(As("staff_a", "POST", staff + "/archive").status, 409);
  Advance(7 * kDay);  // the period is over
  Reply late = As("resident_a", "POST", staff + "/comments", objection);
  EXPECT_EQ(late.status, 400);
  EXPECT_EQ(late.ErrorField(), "ends_at");
  Reply late_anon =
      Anon("POST", pub + "/comments", {{"kind", "comment"}, {"text", "晚了"}, {"author_name", "李"}});
  EXPECT_EQ(late_anon.status, 400);
  EXPECT_EQ(late_anon.ErrorField(), "ends_at");
  Reply open = As("staff_a", "POST", staff + "/archive");
  EXPECT_EQ(open.status, 409);
  EXPECT_EQ(open.ErrorField(), "objections");

  Reply answered =
      As("staff_a", "POST", answer_path, {{"answer", "已与环卫所商定每天清运两次并加装除臭设备。"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.Json().at("answered_by"), "staff_a");
  json::value after = Anon("GET", pub).Json();
  EXPECT_EQ(after.at("comments").at(0).at("answer"), "已与环卫所商定每天清运两次并加装除臭设备。");
  EXPECT_EQ(after.at("status"), "ended");
  EXPECT_EQ(after.at("unanswered_objections_count").as_int64(), 0);

  Reply archived = As("staff_a", "POST", staff + "/archive");
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(archived.Json().at("status"), "archived");
  // still on the board, read-only
  EXPECT_EQ(Anon("GET", board).Json().at("items").at(0).at("status"), "archived");
  EXPECT_EQ(As("staff_a", "POST", answer_path, {{"answer", "再答"}}).status, 409);
}

TEST_F(NoticesApiTest, AnonymousCommentsOnlyWhenAllowed) {
  json::object body = Draft(a_.community, "general", "2026-11-26", "2026-12-06");
  body["allow_anonymous"] = false;
  std::int64_t id = Published(body);
  Reply r = Anon("POST", "/api/v1/public/notices/" + S(id) + "/comments",
                 {{"kind", "objection"}, {"text", "反对"}, {"author_name", "张"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorField(), "author_name");
  EXPECT_TRUE(r.HasDetail("author_name", "anonymous_not_allowed"));
  EXPECT_EQ(As("resident_a", "POST", "/api/v1/notices/" + S(id) + "/comments",
               {{"kind", "objection"}, {"text", "反对"}})
                .status,
            201);
}

TEST_F(NoticesApiTest, PrintablePageIsHtmlWithTheCommitteeAndChineseDates) {
  json::object body = Draft(a_.community, "elevator", "2026-11-26", "2026-12-06");
  body["title"] = "3号楼1单元加装电梯方案<公示>";
  body["compound_ids"] = json::array{a_.compound};
  std::int64_t id = Published(body);
  Reply page = Anon("GET", "/notices/" + S(id) + "/print");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("3号楼1单元加装电梯方案&lt;公示&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("<公示>"), std::string::npos);
  EXPECT_NE(page.body.find("四员厅社区居民委员会"), std::string::npos);
  EXPECT_NE(page.body.find("公示期：2026年11月26日至2026年12月5日"), std::string::npos);
  EXPECT_NE(page.body.find("2026年11月27日"), std::string::npos);  // published that day
  EXPECT_NE(page.body.find("公示范围：水月院"), std::string::npos);
  EXPECT_NE(page.body.find("@page { size: A4"), std::string::npos);
  EXPECT_NE(page.body.find("<p>经四方会谈，垃圾站拟设在3号楼北侧空地。</p>"), std::string::npos);
}

TEST_F(NoticesApiTest, AttachmentsAreUploadedByStaffAndServedWithoutLogin) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string("\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 25);
  png += std::string(64, '\0');
  Headers staff = who_["staff_a"].AsHeaders();
  Reply up = Send(port_, "POST", "/api/v1/notice-files?filename=%E6%96%B9%E6%A1%88%E5%9B%BE.png", png,
                  "image/png", staff);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.Json().at("name"), "方案图.png");
  const std::string url(up.Json().at("url").as_string());
  ASSERT_TRUE(url.starts_with("/api/v1/public/notice-files/"));
  Reply got = Anon("GET", url);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, png);
  EXPECT_EQ(got.Header("content-type"), "image/png");
  EXPECT_EQ(Anon("GET", "/api/v1/public/notice-files/" + std::string(64, 'a')).status, 404);
  EXPECT_EQ(Anon("GET", "/api/v1/public/notice-files/..%2F..%2Fetc").status, 404);
  // not an image or PDF; wrong role; no login
  Reply text = Send(port_, "POST", "/api/v1/notice-files", "hello", "text/plain", staff);
  EXPECT_EQ(text.status, 400);
  EXPECT_EQ(text.ErrorField(), "file");
  EXPECT_EQ(
      Send(port_, "POST", "/api/v1/notice-files", png, "image/png", who_["resident_a"].AsHeaders()).status,
      403);
  EXPECT_EQ(Send(port_, "POST", "/api/v1/notice-files", png, "image/png").status, 401);
  // the link goes into a notice like any other
  json::object body = Draft(a_.community);
  body["attachments"] = json::array{json::object{{"name", "方案图"}, {"url", url}}};
  EXPECT_EQ(As("staff_a", "POST", "/api/v1/notices", body).status, 201);
}

}  // namespace
}  // namespace linli::testing
