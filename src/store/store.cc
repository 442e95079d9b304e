// OpenStore: picks the back end by URL scheme, opens its pool and applies its migrations.
#include "store/store.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "store/postgres/pg_db.h"
#include "store/sql_deliberations.h"
#include "store/sql_demands.h"
#include "store/sql_halls.h"
#include "store/sql_notices.h"
#include "store/sql_property.h"
#include "store/sql_store.h"
#include "store/sql_votes.h"
#include "store/sqlite/sqlite_db.h"

namespace linli {

namespace {

constexpr int kPoolSize = 8;

Result<std::unique_ptr<Store>> OpenSqlite(std::string path, bool temporary,
                                          std::shared_ptr<const FieldCipher> cipher) {
  auto factory = [path] { return store::OpenSqliteConnection(path); };
  auto pool = std::make_unique<store::Pool>(factory, kPoolSize);
  {
    LINLI_TRY(auto c, pool->Acquire());
    LINLI_TRY_STATUS(store::ApplyMigrations(*c, store::SqliteMigrations()));
    LINLI_TRY_STATUS(store::ApplyMigrations(*c, store::SqliteNoticeMigrations()));
    LINLI_TRY_STATUS(store::ApplyMigrations(*c, store::SqliteDemandMigrations()));
    LINLI_TRY_STATUS(store::ApplyMigrations(*c, store::SqliteVoteMigrations()));
    LINLI_TRY_STATUS(store::ApplyMigrations(*c, store::SqliteHallMigrations()));
    LINLI_TRY_STATUS(store::ApplyMigrations(*c, store::SqlitePropertyMigrations()));
    LINLI_TRY_STATUS(store::ApplyMigrations(*c, store::SqliteDeliberationMigrations()));
    LINLI_TRY_STATUS(store::RebuildSqliteSearchIfNeeded(*c));
    LINLI_TRY_STATUS(store::PrepareFieldEncryption(*c, *cipher));
    LINLI_TRY_STATUS(store::SealDemandPhones(*c, *cipher));
    LINLI_TRY_STATUS(store::RebuildDemandSearch(*c));
  }
  std::function<void()> on_close;
  if (temporary)
    on_close = [path] {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    };
  return store::MakeSqlStore(std::move(pool), /*serialize_writes=*/true, std::move(cipher), std::move(on_close));
}

Result<std::unique_ptr<Store>> OpenPostgres(const std::string& url, std::shared_ptr<const FieldCipher> cipher) {
  auto factory = [url] { return store::OpenPgConnection(url); };
  auto pool = std::make_unique<store::Pool>(factory, kPoolSize);
  {
    LINLI_TRY(auto c, pool->Acquire());
    LINLI_TRY_STATUS(store::ApplyPgMigrations(*c));
    LINLI_TRY_STATUS(store::ApplyPgNoticeMigrations(*c));
    LINLI_TRY_STATUS(store::ApplyPgDemandMigrations(*c));
    LINLI_TRY_STATUS(store::ApplyPgVoteMigrations(*c));
    LINLI_TRY_STATUS(store::ApplyPgHallMigrations(*c));
    LINLI_TRY_STATUS(store::ApplyPgPropertyMigrations(*c));
    LINLI_TRY_STATUS(store::ApplyPgDeliberationMigrations(*c));
    LINLI_TRY_STATUS(store::PrepareFieldEncryption(*c, *cipher));
    LINLI_TRY_STATUS(store::SealDemandPhones(*c, *cipher));
  }
  return store::MakeSqlStore(std::move(pool), /*serialize_writes=*/false, std::move(cipher));
}

// The cipher of the personal fields: a random key for a temporary database, else the key file.
Result<std::shared_ptr<const FieldCipher>> LoadCipher(const std::string& url, const StoreOptions& options) {
  if (url == "sqlite::memory:" && options.key_file.empty())
    return std::make_shared<const FieldCipher>(FieldCipher::Random());
  std::string path = options.key_file.empty() ? DefaultKeyFile(url) : options.key_file;
  LINLI_TRY(auto cipher, FieldCipher::LoadOrCreate(path));
  return std::make_shared<const FieldCipher>(std::move(cipher));
}

}  // namespace

std::string DefaultKeyFile(const std::string& url) {
  if (url == "sqlite::memory:") return {};
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    if (path.empty()) return {};
    return std::filesystem::path(path).replace_extension(".key").string();
  }
  return "data/linli.key";
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) { return OpenStore(url, StoreOptions{}); }

namespace {
Result<std::unique_ptr<Store>> OpenWithCipher(const std::string& url, const StoreOptions& options);
}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const StoreOptions& options) {
  auto store = OpenWithCipher(url, options);
  // A key that does not open this database: say which file was used.
  if (!store.ok() && store.error().field == "key_file" && !store.error().details.empty() &&
      store.error().details[0].reason == "key_mismatch") {
    const std::string path = options.key_file.empty() ? DefaultKeyFile(url) : options.key_file;
    Error e = store.error();
    e.message = "密钥文件 " + path + " 与数据库不匹配：数据库中的个人信息是用另一个密钥加密的，请使用原来的密钥文件";
    e.details[0].message = e.message;
    return e;
  }
  return store;
}

namespace {
Result<std::unique_ptr<Store>> OpenWithCipher(const std::string& url, const StoreOptions& options) {
  const bool known = url == "sqlite::memory:" || url.rfind("sqlite:", 0) == 0 ||
                     url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  if (!known) return Error::Invalid("url", "scheme", "不支持的数据库地址: " + url);
  if (url != "sqlite::memory:" && url.rfind("sqlite:", 0) == 0 && DefaultKeyFile(url).empty())
    return Error::Invalid("url", "format", "SQLite 地址缺少文件路径");
  LINLI_TRY(auto cipher, LoadCipher(url, options));
  if (url == "sqlite::memory:") {
    // A private temporary file (removed when the store closes), so the pool's connections share it.
    std::string dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
    std::string tmpl = dir + "/linli-mem-XXXXXX";
    int fd = mkstemp(tmpl.data());
    if (fd < 0) return Error{ErrorCode::kUnavailable, "无法创建临时数据库", {}, {}};
    close(fd);
    return OpenSqlite(tmpl, true, std::move(cipher));
  }
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) return Error::Invalid("url", "format", "SQLite 地址缺少文件路径");
    return OpenSqlite(path, false, std::move(cipher));
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return OpenPostgres(url, std::move(cipher));
  return Error::Invalid("url", "scheme", "不支持的数据库地址: " + url);
}
}  // namespace

}  // namespace linli
