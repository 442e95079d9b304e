// Opening the store for the one-shot subcommands (demo, import) from the same settings as serve.
#pragma once

#include <memory>

#include "app/config.h"
#include "store/store.h"

namespace linli::cli {

// Loads the configuration (flags > env > file), creates the sqlite data directory and opens
// (and migrates) the store. Prints the problem and returns nullptr on failure.
std::unique_ptr<Store> OpenConfiguredStore(const app::ConfigFlags& flags, std::string* url_out = nullptr);

}  // namespace linli::cli
