// Chinese text rules for resident demands: similarity for duplicate candidates at intake, the
// category suggestion learnt from closed demands, and hotspot clustering (主动治理 / 每月一题).
// Pure: no I/O, no clock. Thread rule: free functions are thread-safe; a DemandCategoryClassifier
// may be read (Suggest) from many threads once training is finished, but not trained concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/demand.h"

namespace linli {

// ------------------------------------------------------------------ normalised text
// The text compared: NormalizeSearchText (full-width to half-width, ASCII lower-case, no white
// space), then only letters, digits and CJK ideographs kept — punctuation, symbols and emoji
// dropped. "暖气不热！！ 3号楼，" -> "暖气不热3号楼".
std::string NormalizeDemandText(std::string_view text);

// The character bigrams (by code point) of a NORMALISED text, in order, repeats kept; a text of one
// character gives that character. "暖气不热" -> {"暖气", "气不", "不热"}.
std::vector<std::string> DemandTextBigrams(std::string_view normalized);

// True for the filler bigrams of hotline write-ups that say nothing about the matter
// ("来电", "反映", "希望", "尽快", "解决", ...); they are left out of similarity and keywords.
bool IsDemandStopBigram(std::string_view bigram);

// ------------------------------------------------------------------ similarity
// A prepared text for repeated comparisons: the set of its Chinese characters (very common ones
// like 的/了/楼 left out) and of its bigrams (stop bigrams and bigrams with an ASCII digit left
// out) as sorted unique 64-bit hashes. Characters as well as bigrams, so that a reordered short
// text ("电钻噪音" / "噪音…电钻") still matches.
struct DemandTextProfile {
  std::vector<std::uint64_t> grams;
};
DemandTextProfile ProfileDemandText(std::string_view text);

// Cosine similarity of the two sets: |A∩B| / sqrt(|A|·|B|), in [0, 1]; 0 when either is
// empty. Chosen over Jaccard because a repeat call is often much shorter than the first report
// ("3号楼暖气还是不热" against a long 12345 write-up) and Jaccard punishes the length difference.
double DemandTextSimilarity(const DemandTextProfile& a, const DemandTextProfile& b);
double DemandTextSimilarity(std::string_view a, std::string_view b);

// At or above this similarity two demands "look the same" (tuned on the tests' realistic pairs:
// rewordings of one matter score 0.31–0.95, different matters in the same place 0–0.2).
inline constexpr double kDuplicateSimilarityThreshold = 0.3;

// One scored duplicate candidate.
struct DuplicateMatch {
  Id id = 0;
  double score = 0;  // 0.85 × text similarity + 0.10 same building + 0.05 same category
  double text_similarity = 0;
  bool same_building = false, same_category = false;
};
// Scores the candidates (open demands the store found near the new one: DemandStore::
// DuplicateCandidates) against the new demand (its description, category_code, building_id are
// read). Keeps those with text similarity >= threshold, best score first (ties: newer id first),
// at most `limit`. Candidates with the probe's own id (when set) are skipped.
std::vector<DuplicateMatch> RankDuplicateCandidates(const Demand& probe,
                                                    const std::vector<Demand>& candidates,
                                                    double threshold = kDuplicateSimilarityThreshold,
                                                    std::size_t limit = 10);

// ------------------------------------------------------------------ category suggestion
struct CategoryScore {
  std::string category_code;
  double score = 0;  // posterior probability in [0, 1]; the scores of all categories sum to 1
};

// A multinomial naive Bayes classifier over character unigrams and bigrams of the normalised text
// (stop bigrams removed), with additive smoothing. Trained on the community's own closed demands
// (description, category_code); answers the top categories with their posterior probabilities.
class DemandCategoryClassifier {
 public:
  explicit DemandCategoryClassifier(double smoothing = 0.1);

  // Adds one training example. Empty text or category is ignored.
  void Add(std::string_view text, std::string_view category_code);
  std::size_t documents() const { return documents_; }
  std::size_t categories() const { return classes_.size(); }
  std::size_t vocabulary() const { return vocab_.size(); }

  // The top `k` categories for `text`, best first (ties by code). Empty when nothing was trained
  // or the text has no usable characters.
  std::vector<CategoryScore> Suggest(std::string_view text, std::size_t k = 3) const;

  // A plain-text form ("linli-nb 1" header, then the classes and their gram counts) for storing
  // the model; Deserialize reads it back (kInvalidArgument field "model" when malformed).
  std::string Serialize() const;
  static Result<DemandCategoryClassifier> Deserialize(std::string_view text);

 private:
  struct Class {
    std::string code;
    std::int64_t docs = 0, total = 0;  // documents, feature occurrences
  };
  std::vector<std::string> Features(std::string_view text) const;

  double smoothing_;
  std::size_t documents_ = 0;
  std::vector<Class> classes_;
  std::unordered_map<std::string, std::uint32_t> class_index_;
  std::unordered_map<std::string, std::uint32_t> vocab_;  // feature -> index
  std::vector<std::string> features_;                     // index -> feature
  // Per feature: (class index, count) for the classes where it occurred.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> postings_;
};

// ------------------------------------------------------------------ hotspots
// One demand as the hotspot view sees it. place_key groups demands by place ("b:12" a building,
// "c:3" a compound, "g:5" a grid, "" = the community as a whole); place_name is what people read
// ("水月院 2号楼").
struct HotspotItem {
  Id id = 0;
  std::string place_key, place_name, category_code, description, created_at;
};
struct HotspotOptions {
  double similarity = 0.3;    // two demands this similar (same place and topic) are in one cluster
  std::size_t min_count = 2;  // smaller clusters are not hotspots
  std::size_t limit = 50;     // clusters answered
  std::size_t samples = 5;    // sample ids per cluster (newest first)
  std::size_t keywords = 5;   // keywords per cluster
};
struct Hotspot {
  Id id = 0;  // the cluster's first (newest) demand: a stable handle for the period
  std::string place_key, place_name;
  std::string category_code;  // top-level category ("heating")
  std::string title;          // "中仓小区 3号楼：暖气、不热、室温"
  std::int64_t count = 0;
  std::vector<Id> sample_ids, ids;  // ids: every demand in the cluster
  std::vector<std::string> keywords;
  std::string first_at, last_at;
};
// Clusters demands by place and top-level category, then by similar text (greedy: each demand,
// newest first, joins the first cluster whose leader is similar enough, else leads a new one).
// Ranked by count (ties: the latest demand first). Keywords: the cluster's Chinese bigrams
// (within a sentence, not starting or ending on a function word, not naming the place) weighted
// by coverage² · idf · (1 + ln accessor variety) — used by most of the cluster, rare elsewhere,
// and word-like (many different neighbours: "物业" yes, "业服" of "物业服务" no); overlapping
// ones and doubled characters ("里里") skipped; each then grown into the word the cluster's texts
// use (GrowDemandKeyword: "元门" -> "单元门"), a grown word overlapping an earlier one skipped.
std::vector<Hotspot> FindHotspots(const std::vector<HotspotItem>& items, const HotspotOptions& options = {});

// A keyword bigram grown by one character into the word the texts use: when every occurrence (at
// least two) has the same Chinese ideograph before (else after) it, and that is no function word
// (的了在是和有被把也都就要不很太, nor a character that never starts or ends a hotspot keyword:
// 楼、号、小区、希望…), take it in — "圾站" in "垃圾站…" / "…垃圾站" becomes "垃圾站",
// "元门" in "单元门" becomes "单元门". Punctuation, digits and letters stop the growth. At most
// three characters: longer growth in a group of two near-identical texts runs into whole phrases;
// and not when the three would still be inside a longer word (the same ideograph every time before
// or after them: "业服务" of "物业服务", "道卫生" of "楼道卫生" — the bigram is answered).
// A keyword of three characters or more is answered as it is. Used by FindHotspots (hotspot
// keywords) and so by SuggestOpinionThemes (deliberation theme labels).
std::string GrowDemandKeyword(std::string keyword, const std::vector<std::string>& texts);

// "heating.cold" -> "heating".
std::string_view TopLevelCategory(std::string_view code);

}  // namespace linli
