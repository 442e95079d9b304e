#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/store_open.h"
#include "domain/validation.h"

namespace linli::cli {

int RunCommunityAdd(const CommunityArgs& args) {
  Community c{.code = args.code, .name = args.name, .street_name = args.street, .district = args.district};
  if (Status s = ValidateCommunity(c); !s.ok()) return Fail("社区信息", s.error());
  auto store = OpenConfiguredStore(args.flags);
  if (!store) return 1;
  auto created = store->CreateCommunity(c);
  if (!created.ok()) return Fail("新建社区", created.error());
  fmt::print("已新建社区 {} {}（id {}）\n", created->name, created->code, created->id);
  return 0;
}

}  // namespace linli::cli
