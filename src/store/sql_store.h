// SqlStore: the one Store implementation, written once in portable SQL over store::Connection.
// The back ends differ only in their Connection (sqlite/, postgres/). Private to src/store.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "access/field_crypto.h"
#include "store/sql_db.h"
#include "store/store.h"

namespace linli::store {

// Builds the Store over `pool`. `serialize_writes`: take a process-wide lock around write
// transactions (SQLite has one writer; waiting on a mutex beats spinning on SQLITE_BUSY).
// `on_close` runs after the pool is gone (e.g. to remove a temporary database file).
// `cipher` seals and opens the personal fields (never null).
std::unique_ptr<Store> MakeSqlStore(std::unique_ptr<Pool> pool, bool serialize_writes,
                                    std::shared_ptr<const FieldCipher> cipher, std::function<void()> on_close = {});

// Run once per open, after the migrations: refuses a key other than the one the database was
// encrypted with (kInvalidArgument, field key_file, reason key_mismatch), and seals the personal
// fields an older version left in clear (one transaction). Idempotent; safe when two processes
// open the same database at once.
Status PrepareFieldEncryption(Connection& c, const FieldCipher& cipher);

}  // namespace linli::store
