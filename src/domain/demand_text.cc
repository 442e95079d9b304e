#include "domain/demand_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "domain/address.h"

namespace linli {

namespace {

// Decodes one code point at `i`; a byte that does not start a well-formed sequence advances one
// byte and answers U+FFFD (dropped by every caller, as NormalizeSearchText drops it).
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = 1;
  char32_t cp = b0;
  if (b0 >= 0xF8) {
    ++i;
    return 0xFFFD;
  } else if (b0 >= 0xF0) {
    len = 4, cp = b0 & 0x07;
  } else if (b0 >= 0xE0) {
    len = 3, cp = b0 & 0x0F;
  } else if (b0 >= 0xC0) {
    len = 2, cp = b0 & 0x1F;
  } else if (b0 >= 0x80) {
    ++i;
    return 0xFFFD;
  }
  if (len == 1) {
    ++i;
    return cp;
  }
  if (i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

bool Kept(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || cp == 0x3007 ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

// Splits a normalised text into its code points (as byte ranges).
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(s.size() / 2 + 1);
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    NextCodePoint(s, i);
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Filler of hotline write-ups ("市民来电反映…希望尽快解决") and words that say nothing about the
// matter. Bigrams, after normalisation.
const std::unordered_set<std::string_view>& StopBigrams() {
  static const std::unordered_set<std::string_view> kStop = {
      "来电", "电人", "人反", "反映", "映该", "市民", "民来", "民反", "诉求", "求人", "希望", "望尽",
      "尽快", "快解", "解决", "决问", "快处", "处理", "请求", "要求", "相关", "关部", "部门", "情况",
      "目前", "现在", "一下", "我们", "他们", "你们", "这个", "那个", "已经", "的问", "问题", "题希",
      "非常", "一直", "请尽", "帮忙", "协调", "本人", "居民", "住户", "该小", "小区", "社区", "附近",
      "时间", "表示", "咨询", "请问", "了解", "有关", "的情", "给予", "号楼", "单元", "元楼", "予以",
      "是否", "可以", "能否", "进行", "存在", "造成", "导致"};
  return kStop;
}

// Characters too common in demands to tell two matters apart (as unigrams).
const std::unordered_set<std::string_view>& StopChars() {
  static const std::unordered_set<std::string_view> kStop = {
      "的", "了", "有", "很", "在", "是", "也", "还", "就", "都", "我", "家", "人", "号", "楼", "小", "区",
      "市", "民", "来", "电", "反", "映", "希", "望", "尽", "快", "解", "决", "请", "求", "要", "不", "没",
      "一", "个", "和", "与", "及", "到", "被", "把", "让", "给", "对", "从", "上", "下", "里", "太", "大",
      "多", "已", "经", "该", "这", "那", "们", "你", "他", "她", "它", "吗", "呢", "吧", "啊", "能", "会",
      "可", "以", "为", "说", "问", "题", "处", "理", "况", "情", "单", "元", "时", "天", "年", "月", "日"};
  return kStop;
}

// The stop lists as code points, for the one-pass profile.
struct FastStops {
  std::unordered_set<char32_t> chars;
  std::unordered_set<std::uint64_t> pairs;  // (first << 21) | second
};
const FastStops& Stops() {
  static const FastStops kStops = [] {
    FastStops f;
    auto decode = [](std::string_view s) {
      std::vector<char32_t> out;
      std::size_t i = 0;
      while (i < s.size()) out.push_back(NextCodePoint(s, i));
      return out;
    };
    for (std::string_view ch : StopChars()) f.chars.insert(decode(ch).at(0));
    for (std::string_view g : StopBigrams()) {
      auto cps = decode(g);
      if (cps.size() == 2) f.pairs.insert((static_cast<std::uint64_t>(cps[0]) << 21) | cps[1]);
    }
    return f;
  }();
  return kStops;
}

// The characters NormalizeDemandText keeps, as code points, in one pass.
void KeptCodePoints(std::string_view text, std::vector<char32_t>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = NextCodePoint(text, i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    if (Kept(cp)) out.push_back(cp);
  }
}

// As KeptCodePoints, with a 0 where punctuation, spaces or symbols were (a sentence boundary:
// no keyword spans it).
void KeptSegments(std::string_view text, std::vector<char32_t>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = NextCodePoint(text, i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    if (Kept(cp)) {
      out.push_back(cp);
    } else if (!out.empty() && out.back() != 0) {
      out.push_back(0);
    }
  }
}

std::uint64_t PairKey(char32_t a, char32_t b) { return (static_cast<std::uint64_t>(a) << 21) | b; }

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string PairText(char32_t a, char32_t b) {
  std::string s;
  AppendUtf8(s, a);
  AppendUtf8(s, b);
  return s;
}

// Characters that never start or end a hotspot keyword (function words, degree words, filler):
// "服务太差" gives "服务", not "务太".
bool KeywordStopChar(char32_t cp) {
  static const std::unordered_set<char32_t> kStop = [] {
    std::unordered_set<char32_t> s;
    const std::string_view chars =
        "的了很太在是也还就都我家人号楼小区一个和与及到被把让给对从已经该这那们你他她它吗呢吧啊能会可以为说没"
        "有要请求希望尽快解决"
        "市民来电反映时天年月日处理再又次多少些么什怎";
    std::size_t i = 0;
    while (i < chars.size()) s.insert(NextCodePoint(chars, i));
    return s;
  }();
  return kStop.count(cp) > 0;
}

// A keyword candidate: two Chinese characters, not filler.
bool KeywordPair(char32_t a, char32_t b) {
  if (a < 0x80 || b < 0x80) return false;
  if (KeywordStopChar(a) || KeywordStopChar(b)) return false;
  return Stops().pairs.count(PairKey(a, b)) == 0;
}

std::uint64_t Mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

bool AllAsciiDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The byte length of the UTF-8 code point of `s` that starts at byte `i`.
std::size_t CodePointLength(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  return std::min(n, s.size() - i);
}

}  // namespace

std::string GrowDemandKeyword(std::string kw, const std::vector<std::string>& texts) {
  auto chars = [](const std::string& k) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < k.size(); i += CodePointLength(k, i)) ++n;
    return n;
  };
  // The ideograph that stands before (side 0) or after (side 1) every occurrence of `k` (at least
  // two), when it is the same one and no function word; else "".
  auto uniform = [&](const std::string& k, int side, bool any_ideograph = false) -> std::string {
    if (k.empty()) return "";
    std::size_t found = 0;
    std::string next;
    for (const auto& t : texts)
      for (std::size_t p = t.find(k); p != std::string::npos; p = t.find(k, p + 1)) {
        ++found;
        std::string ch;
        if (side == 0) {
          if (p == 0) return "";
          std::size_t q = p - 1;
          while (q > 0 && (static_cast<unsigned char>(t[q]) & 0xC0) == 0x80) --q;
          ch = t.substr(q, p - q);
          // An address ("4号楼单元门") ends there: a boundary, not a longer word.
          if (ch == "楼" && q >= 3 && t.compare(q - 3, 3, "号") == 0) return "";
        } else {
          const std::size_t e = p + k.size();
          if (e >= t.size()) return "";
          ch = t.substr(e, CodePointLength(t, e));
        }
        static const std::string_view kFunction = "的了在是和有被把也都就要不很太";
        const bool ideograph = ch.size() == 3 && static_cast<unsigned char>(ch[0]) >= 0xE4 &&
                               static_cast<unsigned char>(ch[0]) <= 0xE9;
        std::size_t at = 0;
        if (!ideograph || (!next.empty() && ch != next)) return "";
        if (!any_ideograph && (kFunction.find(ch) != std::string_view::npos || KeywordStopChar(NextCodePoint(ch, at))))
          return "";
        next = ch;
      }
    return found >= 2 ? next : "";
  };
  for (int side : {0, 1}) {
    while (chars(kw) < 3) {
      const std::string next = uniform(kw, side);
      if (next.empty()) break;
      std::string grown = side == 0 ? next + kw : kw + next;
      // Still inside a longer word on the side it grew (the same character there every time:
      // "业服务" of "物业服务", "道卫生" of "楼道卫生"): the bigram is kept, that fragment says no more.
      if (!uniform(grown, side, true).empty()) break;
      kw = std::move(grown);
    }
  }
  return kw;
}

// ------------------------------------------------------------------ normalised text
std::string NormalizeDemandText(std::string_view text) {
  const std::string n = NormalizeSearchText(text);
  std::string out;
  out.reserve(n.size());
  std::size_t i = 0;
  while (i < n.size()) {
    const std::size_t start = i;
    const char32_t cp = NextCodePoint(n, i);
    if (Kept(cp)) out.append(n, start, i - start);
  }
  return out;
}

std::vector<std::string> DemandTextBigrams(std::string_view normalized) {
  const auto cps = CodePoints(normalized);
  std::vector<std::string> out;
  if (cps.size() == 1) {
    out.emplace_back(cps[0]);
    return out;
  }
  out.reserve(cps.size());
  for (std::size_t k = 0; k + 1 < cps.size(); ++k) {
    std::string g;
    g.reserve(cps[k].size() + cps[k + 1].size());
    g.append(cps[k]).append(cps[k + 1]);
    out.push_back(std::move(g));
  }
  return out;
}

bool IsDemandStopBigram(std::string_view bigram) { return StopBigrams().count(bigram) > 0; }

// ------------------------------------------------------------------ similarity
DemandTextProfile ProfileDemandText(std::string_view text) {
  // One pass over code points (the same text NormalizeDemandText keeps, without building it):
  // this runs for every candidate at intake.
  const FastStops& stops = Stops();
  char32_t buf[512];
  std::vector<char32_t> big;
  char32_t* cps = buf;
  std::size_t n = 0, cap = std::size(buf);
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = NextCodePoint(text, i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    if (!Kept(cp)) continue;
    if (n == cap) {
      big.assign(cps, cps + n);
      big.resize(cap * 2);
      cps = big.data();
      cap *= 2;
    }
    cps[n++] = cp;
  }
  DemandTextProfile p;
  if (n == 1) {
    p.grams.push_back(Mix(cps[0]));
    return p;
  }
  p.grams.reserve(n * 2);
  for (std::size_t k = 0; k < n; ++k) {
    if (cps[k] >= 0x80 && !stops.chars.count(cps[k])) p.grams.push_back(Mix(cps[k]) ^ 0x5bd1e995u);
  }
  for (std::size_t k = 0; k + 1 < n; ++k) {
    // Stop bigrams and numbers ("3号", "15") say little about the matter: the store already
    // limits candidates to the same building or grid.
    if ((cps[k] >= '0' && cps[k] <= '9') || (cps[k + 1] >= '0' && cps[k + 1] <= '9')) continue;
    const std::uint64_t pair = (static_cast<std::uint64_t>(cps[k]) << 21) | cps[k + 1];
    if (stops.pairs.count(pair)) continue;
    p.grams.push_back(Mix(pair | (1ull << 63)));
  }
  std::sort(p.grams.begin(), p.grams.end());
  p.grams.erase(std::unique(p.grams.begin(), p.grams.end()), p.grams.end());
  return p;
}

double DemandTextSimilarity(const DemandTextProfile& a, const DemandTextProfile& b) {
  if (a.grams.empty() || b.grams.empty()) return 0;
  std::size_t common = 0;
  auto i = a.grams.begin(), j = b.grams.begin();
  while (i != a.grams.end() && j != b.grams.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return static_cast<double>(common) /
         std::sqrt(static_cast<double>(a.grams.size()) * static_cast<double>(b.grams.size()));
}

double DemandTextSimilarity(std::string_view a, std::string_view b) {
  return DemandTextSimilarity(ProfileDemandText(a), ProfileDemandText(b));
}

std::vector<DuplicateMatch> RankDuplicateCandidates(const Demand& probe,
                                                    const std::vector<Demand>& candidates, double threshold,
                                                    std::size_t limit) {
  const DemandTextProfile p = ProfileDemandText(probe.description);
  std::vector<DuplicateMatch> out;
  for (const Demand& c : candidates) {
    if (probe.id != 0 && c.id == probe.id) continue;
    const double sim = DemandTextSimilarity(p, ProfileDemandText(c.description));
    if (sim < threshold) continue;
    DuplicateMatch m;
    m.id = c.id;
    m.text_similarity = sim;
    m.same_building = probe.building_id && c.building_id && *probe.building_id == *c.building_id;
    m.same_category = !probe.category_code.empty() && probe.category_code == c.category_code;
    m.score = 0.85 * sim + (m.same_building ? 0.10 : 0.0) + (m.same_category ? 0.05 : 0.0);
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const DuplicateMatch& a, const DuplicateMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.id > b.id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

// ------------------------------------------------------------------ category suggestion
DemandCategoryClassifier::DemandCategoryClassifier(double smoothing)
    : smoothing_(smoothing > 0 ? smoothing : 0.1) {}

std::vector<std::string> DemandCategoryClassifier::Features(std::string_view text) const {
  const std::string n = NormalizeDemandText(text);
  const auto cps = CodePoints(n);
  std::vector<std::string> out;
  out.reserve(cps.size() * 2);
  for (std::size_t k = 0; k < cps.size(); ++k) {
    // Unigrams: CJK characters only (a lone digit or letter says nothing).
    if (cps[k].size() > 1) out.emplace_back(cps[k]);
    if (k + 1 < cps.size()) {
      const std::string_view g(cps[k].data(), cps[k].size() + cps[k + 1].size());
      if (!IsDemandStopBigram(g) && !AllAsciiDigits(g)) out.emplace_back(g);
    }
  }
  return out;
}

void DemandCategoryClassifier::Add(std::string_view text, std::string_view category_code) {
  if (category_code.empty()) return;
  const auto feats = Features(text);
  if (feats.empty()) return;
  auto [cit, added] =
      class_index_.try_emplace(std::string(category_code), static_cast<std::uint32_t>(classes_.size()));
  if (added) classes_.push_back({std::string(category_code), 0, 0});
  const std::uint32_t ci = cit->second;
  Class& cls = classes_[ci];
  ++cls.docs;
  ++documents_;
  for (const auto& f : feats) {
    auto [it, fresh] = vocab_.try_emplace(f, static_cast<std::uint32_t>(features_.size()));
    if (fresh) {
      features_.push_back(f);
      postings_.emplace_back();
    }
    auto& post = postings_[it->second];
    auto p = std::find_if(post.begin(), post.end(), [ci](const auto& e) { return e.first == ci; });
    if (p == post.end()) {
      post.emplace_back(ci, 1);
    } else {
      ++p->second;
    }
    ++cls.total;
  }
}

std::vector<CategoryScore> DemandCategoryClassifier::Suggest(std::string_view text, std::size_t k) const {
  std::vector<CategoryScore> out;
  if (classes_.empty() || k == 0) return out;
  const auto feats = Features(text);
  const double alpha = smoothing_;
  const double v = static_cast<double>(vocab_.size());
  std::vector<double> score(classes_.size());
  std::size_t known = 0;
  for (const auto& f : feats) {
    auto it = vocab_.find(f);
    if (it == vocab_.end()) continue;  // unseen features say nothing about any class
    ++known;
    for (const auto& [ci, count] : postings_[it->second]) score[ci] += std::log((count + alpha) / alpha);
  }
  if (known == 0) return out;
  const double m = static_cast<double>(known);
  for (std::size_t c = 0; c < classes_.size(); ++c) {
    const Class& cls = classes_[c];
    score[c] += std::log(static_cast<double>(cls.docs) / static_cast<double>(documents_)) +
                m * std::log(alpha) - m * std::log(static_cast<double>(cls.total) + alpha * v);
  }
  const double top = *std::max_element(score.begin(), score.end());
  double sum = 0;
  for (double& s : score) sum += (s = std::exp(s - top));
  std::vector<std::size_t> order(classes_.size());
  for (std::size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (score[a] != score[b]) return score[a] > score[b];
    return classes_[a].code < classes_[b].code;
  });
  for (std::size_t r = 0; r < order.size() && r < k; ++r)
    out.push_back({classes_[order[r]].code, score[order[r]] / sum});
  return out;
}

std::string DemandCategoryClassifier::Serialize() const {
  std::string out = "linli-nb 1 ";
  out.append(std::to_string(smoothing_)).append(" ").append(std::to_string(documents_)).append("\n");
  for (const auto& c : classes_) {
    out.append("C ").append(c.code).append(" ").append(std::to_string(c.docs)).append(" ");
    out.append(std::to_string(c.total)).append("\n");
  }
  for (std::size_t f = 0; f < features_.size(); ++f) {
    out.append("F ").append(features_[f]);
    for (const auto& [ci, count] : postings_[f]) {
      out.append(" ").append(std::to_string(ci)).append(":").append(std::to_string(count));
    }
    out.append("\n");
  }
  return out;
}

Result<DemandCategoryClassifier> DemandCategoryClassifier::Deserialize(std::string_view text) {
  auto bad = [](std::string why) { return Error::Invalid("model", "invalid", "分类模型数据有误：" + why); };
  auto split = [](std::string_view line) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < line.size()) {
      std::size_t j = line.find(' ', i);
      if (j == std::string_view::npos) j = line.size();
      if (j > i) parts.push_back(line.substr(i, j - i));
      i = j + 1;
    }
    return parts;
  };
  auto num = [](std::string_view s, auto& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  std::size_t pos = 0;
  auto next_line = [&]() -> std::optional<std::string_view> {
    if (pos >= text.size()) return std::nullopt;
    std::size_t e = text.find('\n', pos);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = text.substr(pos, e - pos);
    pos = e + 1;
    return l;
  };
  auto header = next_line();
  if (!header) return bad("空");
  auto h = split(*header);
  if (h.size() != 4 || h[0] != "linli-nb" || h[1] != "1") return bad("文件头");
  double smoothing = 0;
  try {
    smoothing = std::stod(std::string(h[2]));
  } catch (...) {
    return bad("平滑参数");
  }
  DemandCategoryClassifier m(smoothing);
  std::uint64_t docs = 0;
  if (!num(h[3], docs)) return bad("文档数");
  m.documents_ = docs;
  while (auto line = next_line()) {
    if (line->empty()) continue;
    auto p = split(*line);
    if (p[0] == "C") {
      Class c;
      if (p.size() != 4 || !num(p[2], c.docs) || !num(p[3], c.total)) return bad("分类行");
      c.code = std::string(p[1]);
      if (!m.class_index_.try_emplace(c.code, static_cast<std::uint32_t>(m.classes_.size())).second) {
        return bad("分类重复 " + c.code);
      }
      m.classes_.push_back(std::move(c));
    } else if (p[0] == "F" && p.size() >= 2) {
      const std::string f(p[1]);
      if (!m.vocab_.try_emplace(f, static_cast<std::uint32_t>(m.features_.size())).second)
        return bad("特征重复");
      m.features_.push_back(f);
      auto& post = m.postings_.emplace_back();
      for (std::size_t i = 2; i < p.size(); ++i) {
        const auto colon = p[i].find(':');
        std::uint32_t ci = 0, count = 0;
        if (colon == std::string_view::npos || !num(p[i].substr(0, colon), ci) ||
            !num(p[i].substr(colon + 1), count) || ci >= m.classes_.size() || count == 0) {
          return bad("特征行");
        }
        post.emplace_back(ci, count);
      }
    } else {
      return bad("未知的行");
    }
  }
  return m;
}

// ------------------------------------------------------------------ hotspots
std::string_view TopLevelCategory(std::string_view code) {
  const auto dot = code.find('.');
  return dot == std::string_view::npos ? code : code.substr(0, dot);
}

std::vector<Hotspot> FindHotspots(const std::vector<HotspotItem>& items, const HotspotOptions& options) {
  // Newest first, so a cluster's leader is its latest demand (ties: higher id first).
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (items[a].created_at != items[b].created_at) return items[a].created_at > items[b].created_at;
    return items[a].id > items[b].id;
  });

  // Keyword candidates of every item (Chinese bigrams without filler) and their document
  // frequency over all items, as code-point pairs.
  // Also their accessor variety: how many different characters (or a sentence boundary) stand
  // before and after them. A word ("物业", "服务") has many; a piece across two words ("业服" of
  // "物业服务") has few.
  std::vector<std::vector<std::uint64_t>> keys(items.size());
  std::vector<DemandTextProfile> profiles(items.size());
  std::unordered_map<std::uint64_t, int> df, variety;
  std::unordered_set<std::uint64_t> neighbours;
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < items.size(); ++i) {
    profiles[i] = ProfileDemandText(items[i].description);
    KeptSegments(items[i].description, cps);
    auto& k = keys[i];
    for (std::size_t j = 0; j + 1 < cps.size(); ++j) {
      if (cps[j] == 0 || cps[j + 1] == 0 || !KeywordPair(cps[j], cps[j + 1])) continue;
      const std::uint64_t key = PairKey(cps[j], cps[j + 1]);
      k.push_back(key);
      const char32_t left = j > 0 ? cps[j - 1] : 0, right = j + 2 < cps.size() ? cps[j + 2] : 0;
      if (neighbours.insert(Mix(key * 0x1000003ull + left)).second) ++variety[key];
      if (neighbours.insert(Mix(key * 0x1000003ull + right + 0x200000) ^ 0x5555).second) ++variety[key];
    }
    std::sort(k.begin(), k.end());
    k.erase(std::unique(k.begin(), k.end()), k.end());
    for (auto x : k) ++df[x];
  }

  // Groups: place + top-level category, members newest first.
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> groups;
  for (std::size_t i : order) {
    groups[{items[i].place_key, std::string(TopLevelCategory(items[i].category_code))}].push_back(i);
  }
  struct Cluster {
    std::size_t leader;                // the newest member
    std::vector<std::size_t> members;  // newest first
  };
  std::vector<Cluster> all_clusters;
  for (auto& [key, members] : groups) {
    // Single linkage inside the group: two demands similar enough are in one cluster, whatever
    // the order they came in (rewordings of one matter chain together). Groups are one place and
    // one topic over a period, so the pairs stay few; a very large group (unresolved addresses)
    // compares each demand with the first members of each cluster only.
    const std::size_t n_members = members.size();
    std::vector<std::size_t> parent(n_members);
    for (std::size_t k = 0; k < n_members; ++k) parent[k] = k;
    auto find = [&](std::size_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    constexpr std::size_t kAllPairsUpTo = 1500;
    if (n_members <= kAllPairsUpTo) {
      for (std::size_t a = 0; a < n_members; ++a) {
        for (std::size_t b = a + 1; b < n_members; ++b) {
          if (find(a) == find(b)) continue;
          if (DemandTextSimilarity(profiles[members[a]], profiles[members[b]]) >= options.similarity) {
            parent[find(b)] = find(a);
          }
        }
      }
    } else {
      std::vector<std::vector<std::size_t>> heads;  // first members of each cluster
      for (std::size_t a = 0; a < n_members; ++a) {
        bool joined = false;
        for (auto& h : heads) {
          for (std::size_t b : h) {
            if (DemandTextSimilarity(profiles[members[a]], profiles[members[b]]) >= options.similarity) {
              parent[a] = find(b);
              if (h.size() < 8) h.push_back(a);
              joined = true;
              break;
            }
          }
          if (joined) break;
        }
        if (!joined) heads.push_back({a});
      }
    }
    std::map<std::size_t, std::size_t> cluster_of_root;  // root -> index in all_clusters
    for (std::size_t k = 0; k < n_members; ++k) {        // newest first, so the leader is the newest
      const std::size_t root = find(k);
      auto [it, fresh] = cluster_of_root.try_emplace(root, all_clusters.size());
      if (fresh) all_clusters.push_back({members[k], {}});
      all_clusters[it->second].members.push_back(members[k]);
    }
  }

  std::vector<Hotspot> out;
  const double n = static_cast<double>(items.size());
  {
    for (const auto& c : all_clusters) {
      if (c.members.size() < std::max<std::size_t>(options.min_count, 1)) continue;
      const HotspotItem& lead = items[c.leader];
      Hotspot h;
      h.id = lead.id;
      h.place_key = lead.place_key;
      h.place_name = lead.place_name;
      h.category_code = std::string(TopLevelCategory(lead.category_code));
      h.count = static_cast<std::int64_t>(c.members.size());
      h.last_at = lead.created_at;
      h.first_at = items[c.members.back()].created_at;
      for (std::size_t m : c.members) {
        h.ids.push_back(items[m].id);
        if (h.sample_ids.size() < options.samples) h.sample_ids.push_back(items[m].id);
      }
      // Keywords: in-cluster document frequency x idf over all items.
      std::unordered_map<std::uint64_t, int> tf;
      for (std::size_t m : c.members) {
        for (auto g : keys[m]) ++tf[g];
      }
      // Keywords say what, not where: bigrams sharing a character with the place name are left out.
      KeptCodePoints(lead.place_name, cps);
      const std::set<char32_t> place_chars(cps.begin(), cps.end());
      struct Ranked {
        double score;
        std::string text;
        char32_t a, b;
      };
      std::vector<Ranked> ranked;
      const std::size_t need = c.members.size() >= 4 ? 2 : 1;
      for (const auto& [g, count] : tf) {
        const auto a = static_cast<char32_t>(g >> 21), b = static_cast<char32_t>(g & 0x1FFFFF);
        if (static_cast<std::size_t>(count) < need || place_chars.count(a) || place_chars.count(b)) continue;
        // Coverage squared: a word most of the cluster uses beats a rare word one demand used.
        const double coverage = static_cast<double>(count) / static_cast<double>(c.members.size());
        const double idf = std::log((n + 1.0) / (static_cast<double>(df[g]) + 0.5));
        const double words = 1.0 + std::log(static_cast<double>(std::max(1, variety[g])));
        ranked.push_back({coverage * coverage * idf * words, PairText(a, b), a, b});
      }
      std::sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) {
        if (x.score != y.score) return x.score > y.score;
        return x.text < y.text;
      });
      // Overlapping bigrams ("暖气", "气不") would say the same twice: a keyword sharing a
      // character with a better one is skipped.
      // Each is grown into the word the texts use ("元门" of "单元门" -> "单元门"); a grown word
      // overlapping an earlier keyword is skipped too.
      std::vector<std::string> texts;
      texts.reserve(c.members.size());
      for (std::size_t m : c.members) texts.push_back(items[m].description);
      std::set<char32_t> used;
      for (const auto& r : ranked) {
        if (h.keywords.size() >= options.keywords) break;
        if (r.a == r.b) continue;  // "里里": no word
        if (used.count(r.a) || used.count(r.b)) continue;
        std::string word = GrowDemandKeyword(r.text, texts);
        KeptCodePoints(word, cps);
        if (std::any_of(cps.begin(), cps.end(), [&](char32_t cp) { return place_chars.count(cp) > 0; }))
          word = r.text;  // grown into the place's name: the bigram says what
        KeptCodePoints(word, cps);
        // Grown into a better keyword ("门禁坏" after "单元门"): a piece of it, skipped.
        if (std::any_of(cps.begin(), cps.end(), [&](char32_t cp) { return used.count(cp) > 0; })) continue;
        bool dup = false;
        for (const auto& w : h.keywords)
          dup = dup || w.find(word) != std::string::npos || word.find(w) != std::string::npos;
        if (dup) continue;
        KeptCodePoints(word, cps);
        used.insert(cps.begin(), cps.end());
        h.keywords.push_back(std::move(word));
      }
      h.title = h.place_name.empty() ? std::string("全社区") : h.place_name;
      if (!h.keywords.empty()) {
        h.title += "：";
        for (std::size_t k = 0; k < h.keywords.size() && k < 3; ++k) {
          if (k) h.title += "、";
          h.title += h.keywords[k];
        }
      }
      out.push_back(std::move(h));
    }
  }
  std::sort(out.begin(), out.end(), [](const Hotspot& a, const Hotspot& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.last_at != b.last_at) return a.last_at > b.last_at;
    return a.id > b.id;
  });
  if (out.size() > options.limit) out.resize(options.limit);
  return out;
}

}  // namespace linli
