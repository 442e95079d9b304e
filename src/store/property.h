// Property management (物业管理) in the store: the PropertyStore interface (reached through
// Store::Property()). Contracts of a compound with their subsidy schedule, the households' areas
// the shares are computed from (by the domain, domain/property.h), and the residents' yearly
// ratings. Methods speak the domain; every method is atomic.
//
// Scope (PropertyScope): a compound is in scope when the scope is unrestricted, or its community
// is one of community_ids, or it is one of compound_ids (a property company's compounds), or it
// holds one of household_ids (a resident's compound) or a building of grid_ids. The scope reaches
// the WHOLE compound ("full") only when unrestricted, through its community or through
// compound_ids; otherwise only the households listed are visible (a resident sees his own line).
// Writes of contracts need the full compound. Out of scope == kNotFound.
// Thread rule: safe from many threads (pooled connections), like Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/property.h"
#include "store/store.h"

namespace linli {

struct PropertyScope {
  bool unrestricted = true;
  std::vector<Id> community_ids, grid_ids, household_ids;  // as the registry Scope
  std::vector<Id> compound_ids;                            // property company users
  static PropertyScope All() { return {}; }
  // The registry Scope's lists (unrestricted copied); compound_ids empty.
  static PropertyScope From(const Scope& s) {
    PropertyScope p;
    p.unrestricted = s.unrestricted;
    p.community_ids = s.community_ids, p.grid_ids = s.grid_ids, p.household_ids = s.household_ids;
    return p;
  }
};

// The rating counts of one contract in one year.
struct ContractRatings {
  Id contract_id = 0;
  RatingCounts counts;
};

// A compound as property management sees it.
struct PropertyCompoundInfo {
  Id compound_id = 0, community_id = 0;
  std::string compound_name, community_name;
  std::int64_t households = 0, area_centiares = 0;  // the whole compound
  bool full = true;                                  // the scope reaches every household
  std::vector<PropertyContract> contracts;           // by starts_on
  std::vector<ContractRatings> ratings;              // by contract, then year
};

class PropertyStore {
 public:
  virtual ~PropertyStore() = default;

  // The compounds of `community_id` (nullopt: of every community) in scope, in id order, each with
  // its contracts and rating counts. kNotFound when the community does not exist or the scope
  // reaches neither it nor any of its compounds.
  virtual Result<std::vector<PropertyCompoundInfo>> ListPropertyCompounds(std::optional<Id> community_id,
                                                                          const PropertyScope& scope) = 0;
  // One compound. kNotFound.
  virtual Result<PropertyCompoundInfo> GetPropertyCompound(Id compound_id, const PropertyScope& scope) = 0;
  // The households of a compound the scope reaches (all of them when full), ordered by building,
  // unit and door (natural order: 2号楼 before 10号楼), with their registered areas. kNotFound.
  virtual Result<std::vector<HouseholdArea>> ListHouseholdAreas(Id compound_id, const PropertyScope& scope) = 0;

  // Stores contract `c` (validated by ValidateContract) of compound c.compound_id, by `c.updated_by`
  // at `c.updated_at`:
  //  - a contract of the compound with the same starts_on is replaced (its id and ratings kept);
  //  - otherwise a new contract is added after the others; the one before it ends the day before
  //    the new one starts when it ran longer (a company replaced mid-contract);
  //  - the compound's property_company becomes the latest contract's company_name.
  // Errors: kNotFound (compound out of the full scope); kConflict field starts_on reason
  // before_latest when another contract starts later; kInvalidArgument field company_user_id
  // reason not_found when it is not a property company account.
  virtual Result<PropertyContract> SetContract(const PropertyContract& c, const PropertyScope& scope) = 0;

  // Adds rating `r` (validated by ValidateRating) of household r.household_id for r.year under
  // contract r.contract_id of compound r.compound_id. Errors: kNotFound when the household is out
  // of scope or not in the compound; kInvalidArgument field contract reason not_found when the
  // contract is not the compound's; kConflict field year reason already_rated when the household
  // rated that year already (one rating per household per year).
  virtual Result<PropertyRating> AddRating(const PropertyRating& r, const PropertyScope& scope) = 0;
  // The ratings of one household, newest year first. kNotFound when it is out of scope.
  virtual Result<std::vector<PropertyRating>> ListHouseholdRatings(Id household_id, const PropertyScope& scope) = 0;
};

}  // namespace linli
