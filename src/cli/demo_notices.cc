#include "cli/demo_notices.h"

#include <optional>

#include "domain/notice.h"
#include "store/notices.h"
#include "store/votes.h"

namespace linli::cli {

namespace {

template <class T>
Status StatusOf(const Result<T>& r) {
  if (r.ok()) return Ok();
  return r.error();
}

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kBeijing = 8 * 3600;

// Midnight in Beijing `days` from today (negative = past), as UTC text.
std::string Midnight(std::int64_t now, int days) {
  std::int64_t local_midnight = (now + kBeijing) / kDay * kDay;
  return FormatNoticeTimeUtc(local_midnight - kBeijing + days * kDay);
}

}  // namespace

Result<std::int64_t> AddDemoNotices(Store& store, Id community_id, std::int64_t now_seconds) {
  const Scope all = Scope::All();
  NoticeStore& ns = store.Notices();
  LINLI_TRY(auto compounds, store.ListCompounds(community_id, all, PageRequest{0, 10}));
  std::vector<Id> two;
  std::string names;
  for (std::size_t i = 0; i < compounds.items.size() && i < 2; ++i) {
    two.push_back(compounds.items[i].compound.id);
    names += (i ? "、" : "") + compounds.items[i].compound.name;
  }
  // The property-management vote of the demo (when there is one): the notice publishes its result
  // for the same compounds and links to it.
  std::optional<Id> property_vote;
  std::optional<std::int64_t> vote_closed;  // when the vote closed (its result is published the next day)
  std::string vote_sentence;  // "…共 305 户…参加表决 305 户，同意 204 户，…表决通过。"
  {
    VoteFilter f;
    f.community_id = community_id;
    f.q = "物业";
    auto votes = store.Votes().ListVotes(f, all, PageRequest{0, 1});
    if (votes.ok() && !votes->items.empty()) {
      const VoteRecord& v = votes->items.front();
      property_vote = v.id;
      if (auto closed = ParseNoticeTime(v.definition.closes_at); closed) vote_closed = *closed;
      auto tally = store.Votes().Tally(v.id, all);
      if (tally.ok()) {
        const TallyView& t = tally->as_cast;
        std::int64_t agree = 0;
        for (const auto& o : t.options)
          if (!o.abstain) {
            agree = o.dwellings;
            break;
          }
        const bool passed = tally->outcome == "passed";
        vote_sentence =
            v.electorate_label + "共 " + std::to_string(t.total_dwellings) +
            " 户，就“引入专业物业管理”进行了表决。参加表决 " + std::to_string(t.voted_dwellings) +
            " 户，同意 " + std::to_string(agree) + " 户，" +
            (passed ? "达到全体业主的三分之二以上，表决通过。" : "未达到全体业主的三分之二，表决未通过。");
      }
      two.clear();  // the scope is the vote's: named in the text; compounds only when it is whole ones
      if (v.electorate.kind == "compound" && !v.electorate.ids.empty()) {
        names.clear();
        for (Id cid : v.electorate.ids) {
          auto c = store.GetCompound(cid, all);
          if (!c.ok()) continue;
          two.push_back(cid);
          names += (names.empty() ? "" : "、") + c->compound.name;
        }
      }
    }
  }
  const std::string now = FormatNoticeTimeUtc(now_seconds);
  std::int64_t written = 0;

  auto add = [&](Notice n, const std::string& published_at) -> Result<Id> {
    n.community_id = community_id;
    n.created_by = "staff";
    n.created_at = published_at;
    LINLI_TRY(Notice valid, ValidateNotice(n));
    LINLI_TRY(Notice made, ns.CreateNotice(valid, all));
    LINLI_TRY_STATUS(StatusOf(ns.PublishNotice(made.id, "staff", published_at, all)));
    ++written;
    return made.id;
  };

  // 1. last quarter: the deliberation topics, ended and archived — before the bin-station
  //    deliberation started (demo_deliberations.cc: 95 days ago), the first of the three
  {
    Notice n;
    n.kind = NoticeKind::kDeliberation;
    n.title = "本季度“每月一题”议题征集结果公示";
    n.body =
        "各位居民：\n\n本季度共收到居民意见 126 条，经分组商量，确定以下三个议题：一、垃圾站选址；二、"
        "老旧小区加装电梯；三、小区停车收费。\n\n三个议题将按“六步议事法”逐一推进，欢迎居民到邻里议事厅"
        "参与讨论。";
    n.starts_at = Midnight(now_seconds, -96);
    n.ends_at = Midnight(now_seconds, -89);
    LINLI_TRY(Id id, add(n, Midnight(now_seconds, -97)));
    NoticeComment c;
    c.notice_id = id, c.author_name = "2号楼 张师傅", c.kind = NoticeCommentKind::kComment;
    c.text = "停车问题拖了好几年了，希望这次能定下来。";
    c.at = FormatNoticeTimeUtc(*ParseNoticeTime(Midnight(now_seconds, -94)) + 10 * 3600);
    LINLI_TRY(NoticeComment added, ns.AddPublicComment(c));
    LINLI_TRY_STATUS(
        StatusOf(ns.AnswerComment(id, added.id, "已列入本季度议题，议事厅每周二下午集中听取意见。", "staff",
                                  Midnight(now_seconds, -93), all)));
    LINLI_TRY_STATUS(StatusOf(ns.ArchiveNotice(id, "staff", Midnight(now_seconds, -88), all)));
  }

  // 2. the property-management vote result (306 households, just over two thirds)
  {
    Notice n;
    n.kind = NoticeKind::kVote;
    n.title = "关于引入物业管理的业主表决结果公示";
    n.compound_ids = two;
    n.vote_id = property_vote;
    if (vote_sentence.empty())
      vote_sentence =
          (names.empty() ? std::string("两个小区") : names) +
          "共 306 户，就“引入专业物业管理”进行了表决。参加表决 306 户，同意 205 户，超过全体业主的三分之二"
          "（204 户），表决通过。";
    n.body =
        "各位业主：\n\n" + vote_sentence +
        "\n\n物业费分三年逐步到位：第一年由政府补贴 100%，第二年补贴 70%，第三年补贴"
        " 30%，各户应缴金额按房屋面积计算，明细在社区居委会公开查阅。\n\n公示期内对表决结果有异议的，请书面"
        "或在网上公示栏提出。";
    if (vote_closed) {
      // The result is published the morning after the vote closed, for five days, and archived once
      // its period is over: the contract of the new company starts on the first of the next month
      // (demo_property.cc), after the notice period. A vote of years ago leaves an archived notice.
      const std::int64_t day0 = *vote_closed + kDay;  // the next day
      const std::string starts = Midnight(day0, 0);
      const std::int64_t start_s = *ParseNoticeTime(starts);
      n.starts_at = starts;
      n.ends_at = FormatNoticeTimeUtc(start_s + 5 * kDay);
      LINLI_TRY(Id id, add(n, FormatNoticeTimeUtc(start_s + 10 * 3600)));
      NoticeComment c;
      c.notice_id = id, c.author_name = "水月院 李阿姨", c.kind = NoticeCommentKind::kComment;
      c.text = "支持！楼道终于有人管了。";
      c.at = FormatNoticeTimeUtc(start_s + kDay + 9 * 3600);
      LINLI_TRY_STATUS(StatusOf(ns.AddPublicComment(c)));
      if (start_s + 5 * kDay < now_seconds)
        LINLI_TRY_STATUS(
            StatusOf(ns.ArchiveNotice(id, "staff", FormatNoticeTimeUtc(start_s + 5 * kDay + 2 * 3600), all)));
    } else {
      n.starts_at = Midnight(now_seconds, -3);
      n.ends_at = Midnight(now_seconds, 4);
      LINLI_TRY(Id id, add(n, Midnight(now_seconds, -3)));
      NoticeComment c;
      c.notice_id = id, c.author_name = "水月院 李阿姨", c.kind = NoticeCommentKind::kComment;
      c.text = "支持！楼道终于有人管了。";
      c.at = FormatNoticeTimeUtc(now_seconds - 2 * kDay);
      LINLI_TRY_STATUS(StatusOf(ns.AddPublicComment(c)));
    }
  }

  // The bin-station siting (垃圾站选址) has its notice with its deliberation (demo_deliberations.cc:
  // 北侧围墙边空地, published when the deliberation reached step 5): none here, so the board tells one story.

  // 3. an elevator plan for one stairwell: 7 days from today
  {
    Notice n;
    n.kind = NoticeKind::kElevator;
    n.title = "3号楼2单元加装电梯方案公示";
    if (!two.empty()) n.compound_ids = {two.front()};
    n.body =
        "3号楼2单元各位业主：\n\n本单元加装电梯方案已拟定：电梯设在单元北侧，平层入户，总造价约 68 万元，"
        "政府补贴 24 万元，其余由本单元业主按楼层分摊（一层不分摊），分摊表附后。\n\n施工期约 90 天，施工期间"
        "单元出入口临时改道。公示期为 7 天，公示结束后将组织本单元业主表决。";
    n.starts_at = Midnight(now_seconds, 0);
    n.ends_at = Midnight(now_seconds, 7);
    LINLI_TRY_STATUS(StatusOf(add(n, now)));
  }
  return written;
}

}  // namespace linli::cli
