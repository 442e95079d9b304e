// SqlStore: the one Store implementation, written once in portable SQL over store::Connection.
// The back ends differ only in their Connection (sqlite/, postgres/). Private to src/store.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "store/sql_db.h"
#include "store/store.h"

namespace linli::store {

// Builds the Store over `pool`. `serialize_writes`: take a process-wide lock around write
// transactions (SQLite has one writer; waiting on a mutex beats spinning on SQLITE_BUSY).
// `on_close` runs after the pool is gone (e.g. to remove a temporary database file).
std::unique_ptr<Store> MakeSqlStore(std::unique_ptr<Pool> pool, bool serialize_writes,
                                    std::function<void()> on_close = {});

}  // namespace linli::store
