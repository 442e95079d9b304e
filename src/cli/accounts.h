// What the account subcommands (user, audit, demo) share: the clock, the command line's audit
// entries, the password prompt and the demo accounts. Thread rule: one command, one thread.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace linli::cli {

// Now as ISO 8601 UTC ("2026-11-22T08:30:00Z").
std::string NowUtc();

// Appends an audit entry for something the command line did; the actor is "cli:<os user>".
Status AuditFromCli(Store& store, std::string action, std::string object_type, std::string object_id);

// Reads a new password. On a terminal: asks twice on stderr with echo off (restored on Ctrl-C too)
// and fails with kInvalidArgument (field password, reason password_mismatch) when the two differ.
// Otherwise reads one line from stdin (for scripts). Errors: kInvalidArgument when nothing is read.
Result<std::string> ReadNewPassword();

// One demo account as created (or found) by CreateDemoAccounts.
struct DemoAccount {
  std::string username, role, display_name, scope;  // scope: a readable description
  bool created = false;                              // false: it existed already
};

// The demo password of every demo account (docs/api.md).
inline constexpr std::string_view kDemoPassword = "Demo@2026";

// Creates the demo accounts of docs/api.md for community `community_id` (admin, head, staff,
// worker01… one per grid whose code ends in 001…016, resident of the first household, street,
// property, auditor), skipping every username that exists already. The password is hashed once
// (only when something is created) and the hash shared. Each creation is audited.
Result<std::vector<DemoAccount>> CreateDemoAccounts(Store& store, Id community_id);

// Re-reads the scope of the accounts whose reach is stored on the user and can change after they
// were created (the property account: its compounds move with the property contracts), so the
// printed scope is the stored one. Call it after the demo's contracts are written.
Status RefreshDemoAccountScopes(Store& store, std::vector<DemoAccount>& accounts);

// Prints the accounts as a table with the demo password.
void PrintDemoAccounts(const std::vector<DemoAccount>& accounts);

}  // namespace linli::cli
