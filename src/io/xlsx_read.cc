// .xlsx reading: minizip over an in-memory buffer, pugixml for the parts we need.
#include <minizip/unzip.h>

#include <pugixml.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "io/internal.h"

namespace linli::io::internal {

namespace {

// ---- minizip I/O callbacks over a read-only memory buffer.
struct MemoryFile {
  const char* data = nullptr;
  ZPOS64_T size = 0;
  ZPOS64_T pos = 0;
};

voidpf ZCALLBACK MemOpen(voidpf opaque, const void*, int) { return opaque; }
uLong ZCALLBACK MemRead(voidpf, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<MemoryFile*>(stream);
  ZPOS64_T left = f->size - f->pos;
  uLong n = static_cast<uLong>(std::min<ZPOS64_T>(left, size));
  std::memcpy(buf, f->data + f->pos, n);
  f->pos += n;
  return n;
}
uLong ZCALLBACK MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK MemTell(voidpf, voidpf stream) { return static_cast<MemoryFile*>(stream)->pos; }
long ZCALLBACK MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<MemoryFile*>(stream);
  ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? f->pos : f->size;
  ZPOS64_T target = base + offset;
  if (target > f->size) return -1;
  f->pos = target;
  return 0;
}
int ZCALLBACK MemClose(voidpf, voidpf) { return 0; }
int ZCALLBACK MemError(voidpf, voidpf) { return 0; }

Error Corrupt() { return Error::Invalid("file", "corrupt", "文件不完整或已损坏，请在Excel里重新保存后再上传"); }
Error NotAWorkbook() {
  return Error{ErrorCode::kUnsupportedMediaType, "压缩包里不是Excel表格：请上传.xlsx或CSV文件", {}, {}};
}
Error Bomb() {
  return Error{ErrorCode::kTooLarge, "文件解压后过大，超过上限，可能不是正常的表格文件", {}, {}};
}

// An open zip plus the inflate budget shared by every entry read from it.
class Zip {
 public:
  Zip(std::string_view bytes, const ReadLimits& limits) : limits_(limits) {
    mem_.data = bytes.data();
    mem_.size = bytes.size();
    zlib_filefunc64_def def{};
    def.zopen64_file = MemOpen;
    def.zread_file = MemRead;
    def.zwrite_file = MemWrite;
    def.ztell64_file = MemTell;
    def.zseek64_file = MemSeek;
    def.zclose_file = MemClose;
    def.zerror_file = MemError;
    def.opaque = &mem_;
    zf_ = unzOpen2_64("memory.xlsx", &def);
    input_size_ = bytes.size();
  }
  ~Zip() {
    if (zf_) unzClose(zf_);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;
  bool ok() const { return zf_ != nullptr; }

  bool Has(const std::string& name) { return unzLocateFile(zf_, name.c_str(), 0) == UNZ_OK; }

  // Inflates one entry, counting every byte against the limits while inflating (sizes in the zip
  // headers are not trusted).
  Result<std::string> Read(const std::string& name) {
    if (unzLocateFile(zf_, name.c_str(), 0) != UNZ_OK) return NotAWorkbook();
    if (unzOpenCurrentFile(zf_) != UNZ_OK) return Corrupt();
    std::string out;
    char buf[1 << 16];
    for (;;) {
      int n = unzReadCurrentFile(zf_, buf, sizeof buf);
      if (n < 0) {
        unzCloseCurrentFile(zf_);
        return Corrupt();
      }
      if (n == 0) break;
      total_ += static_cast<std::int64_t>(n);
      if (total_ > limits_.max_uncompressed_bytes ||
          (total_ > (1 << 20) && static_cast<double>(total_) > limits_.max_ratio * static_cast<double>(input_size_))) {
        unzCloseCurrentFile(zf_);
        return Bomb();
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    if (unzCloseCurrentFile(zf_) != UNZ_OK) return Corrupt();  // CRC mismatch
    return out;
  }

 private:
  MemoryFile mem_;
  unzFile zf_ = nullptr;
  const ReadLimits& limits_;
  std::size_t input_size_ = 0;
  std::int64_t total_ = 0;
};

Result<pugi::xml_document*> Parse(pugi::xml_document& doc, const std::string& xml) {
  auto res = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!res) return Corrupt();
  return &doc;
}

// Text of a shared/inline string item: <t> directly, or the <t> of each rich-text run <r>;
// phonetic hints (<rPh>) are skipped.
std::string ItemText(const pugi::xml_node& si) {
  std::string s;
  for (auto child : si.children()) {
    std::string_view name = child.name();
    if (name == "t") s += child.text().get();
    else if (name == "r") s += child.child("t").text().get();
  }
  return s;
}

// Whether a number format shows a date: the built-in date ids, or a custom code with y/m/d outside
// quotes and brackets (and not only h:mm:ss).
bool IsDateFormat(int id, const std::map<int, std::string>& custom) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return true;
  auto it = custom.find(id);
  if (it == custom.end()) return false;
  bool quoted = false, bracket = false, date_part = false;
  for (char c : it->second) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '[') bracket = true;
    else if (!quoted && c == ']') bracket = false;
    else if (!quoted && !bracket && (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e')) date_part = true;
  }
  return date_part;
}

// Excel serial day -> YYYY-MM-DD (1900 system with its phantom 1900-02-29, or the 1904 system).
std::string SerialToDate(double serial, bool date1904) {
  long days = static_cast<long>(std::floor(serial));
  // Days since 1970-01-01 of Excel's epoch.
  long z = date1904 ? days + (-24107) : (days >= 61 ? days - 25569 : days - 25568);
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = static_cast<long>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04ld-%02u-%02u", y, m, d);
  return buf;
}

// A number as Excel shows it in a General cell, except that integers never use an exponent
// (an ID number typed as a number comes back as its digits).
std::string NumberText(std::string_view v) {
  bool plain = !v.empty();
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!(v[i] >= '0' && v[i] <= '9') && !(i == 0 && v[i] == '-')) plain = false;
  if (plain) return std::string(v);
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d)) return std::string(v);
  char buf[64];
  if (d == std::floor(d) && std::fabs(d) < 1e21) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

// "BC12" -> column 54 (0-based), row 12. Returns false when malformed.
bool ParseRef(std::string_view ref, int* col, long* row) {
  int c = 0;
  std::size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    c = c * 26 + (ref[i] - 'A' + 1);
    if (c > 16384) return false;
    ++i;
  }
  if (i == 0) return false;
  long r = 0;
  auto [p, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (ec != std::errc() || p != ref.data() + ref.size() || r < 1) return false;
  *col = c - 1;
  *row = r;
  return true;
}

std::string ResolveTarget(std::string_view target) {
  if (target.starts_with("/")) return std::string(target.substr(1));
  std::string path = "xl/" + std::string(target);
  return path;
}

// A complete zip ends with its end-of-central-directory record (plus its comment), and the central
// directory it points to lies before it. A cut-off upload fails this before minizip is asked.
bool EndRecordComplete(std::string_view b) {
  constexpr std::size_t kEocd = 22;
  if (b.size() < kEocd) return false;
  auto u16 = [&](std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(b[at])) |
           (static_cast<std::size_t>(static_cast<unsigned char>(b[at + 1])) << 8);
  };
  auto u32 = [&](std::size_t at) { return u16(at) | (u16(at + 2) << 16); };
  std::size_t lowest = b.size() > kEocd + 0xFFFF ? b.size() - kEocd - 0xFFFF : 0;
  for (std::size_t at = b.size() - kEocd + 1; at-- > lowest;) {
    if (b.compare(at, 4, std::string_view("PK\x05\x06", 4)) != 0) continue;
    if (at + kEocd + u16(at + 20) != b.size()) return false;
    std::size_t cd_size = u32(at + 12), cd_offset = u32(at + 16);
    if (cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF) return true;  // zip64: leave it to minizip
    return cd_offset + cd_size <= at;
  }
  return false;
}

}  // namespace

Result<Table> ReadXlsx(std::string_view bytes, const ReadLimits& limits) {
  if (!EndRecordComplete(bytes)) return Corrupt();
  Zip zip(bytes, limits);
  if (!zip.ok()) return Corrupt();
  if (!zip.Has("xl/workbook.xml")) return NotAWorkbook();

  // First sheet: workbook.xml <sheets><sheet r:id=...>, resolved through workbook.xml.rels.
  LINLI_TRY(std::string workbook_xml, zip.Read("xl/workbook.xml"));
  pugi::xml_document workbook;
  LINLI_TRY_STATUS(Parse(workbook, workbook_xml));
  auto wb = workbook.child("workbook");
  bool date1904 = false;
  if (auto pr = wb.child("workbookPr")) {
    std::string_view v = pr.attribute("date1904").value();
    date1904 = v == "1" || v == "true";
  }
  auto sheet = wb.child("sheets").child("sheet");
  if (!sheet) return Error::Invalid("file", "no_data_rows", "文件里没有数据行");
  std::string rid;
  for (auto a : sheet.attributes())
    if (std::string_view(a.name()).ends_with(":id")) rid = a.value();
  std::string sheet_path = "xl/worksheets/sheet1.xml";
  if (zip.Has("xl/_rels/workbook.xml.rels")) {
    LINLI_TRY(std::string rels_xml, zip.Read("xl/_rels/workbook.xml.rels"));
    pugi::xml_document rels;
    LINLI_TRY_STATUS(Parse(rels, rels_xml));
    for (auto rel : rels.child("Relationships").children("Relationship"))
      if (rid == rel.attribute("Id").value()) sheet_path = ResolveTarget(rel.attribute("Target").value());
  }

  std::vector<std::string> shared;
  if (zip.Has("xl/sharedStrings.xml")) {
    LINLI_TRY(std::string sst_xml, zip.Read("xl/sharedStrings.xml"));
    pugi::xml_document sst;
    LINLI_TRY_STATUS(Parse(sst, sst_xml));
    for (auto si : sst.child("sst").children("si")) shared.push_back(ItemText(si));
  }

  std::vector<bool> style_is_date;  // by cell style index (s attribute)
  if (zip.Has("xl/styles.xml")) {
    LINLI_TRY(std::string styles_xml, zip.Read("xl/styles.xml"));
    pugi::xml_document styles;
    LINLI_TRY_STATUS(Parse(styles, styles_xml));
    auto ss = styles.child("styleSheet");
    std::map<int, std::string> custom;
    for (auto f : ss.child("numFmts").children("numFmt"))
      custom[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").value();
    for (auto xf : ss.child("cellXfs").children("xf"))
      style_is_date.push_back(IsDateFormat(xf.attribute("numFmtId").as_int(), custom));
  }

  LINLI_TRY(std::string sheet_xml, zip.Read(sheet_path));
  pugi::xml_document doc;
  LINLI_TRY_STATUS(Parse(doc, sheet_xml));
  sheet_xml.clear();
  sheet_xml.shrink_to_fit();

  Table table;
  table.format = "xlsx";
  table.encoding = "utf-8";
  auto& rows = table.rows;
  long next_row = 1;
  for (auto row : doc.child("worksheet").child("sheetData").children("row")) {
    long r = row.attribute("r").as_llong(next_row);
    if (r < next_row) r = next_row;  // out of order: append
    std::vector<std::string> cells;
    int next_col = 0;
    for (auto c : row.children("c")) {
      int col = next_col;
      long ignored_row = 0;
      if (auto ref = c.attribute("r")) {
        if (!ParseRef(ref.value(), &col, &ignored_row)) return Corrupt();
      }
      if (col < next_col) col = next_col;
      std::string_view type = c.attribute("t").value();
      std::string text;
      if (type == "s") {
        long idx = c.child("v").text().as_llong(-1);
        if (idx < 0 || idx >= static_cast<long>(shared.size())) return Corrupt();
        text = shared[static_cast<std::size_t>(idx)];
      } else if (type == "inlineStr") {
        text = ItemText(c.child("is"));
      } else if (type == "str" || type == "e") {
        text = c.child("v").text().get();
      } else if (type == "b") {
        text = std::string_view(c.child("v").text().get()) == "1" ? "TRUE" : "FALSE";
      } else {
        std::string_view v = c.child("v").text().get();
        if (!v.empty()) {
          long s = c.attribute("s").as_llong(-1);
          double d = 0;
          auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
          bool is_date = s >= 0 && s < static_cast<long>(style_is_date.size()) && style_is_date[s];
          if (is_date && ec == std::errc() && d >= 1 && d < 2958466) text = SerialToDate(d, date1904);
          else text = NumberText(v);
        }
      }
      if (col >= static_cast<int>(cells.size())) cells.resize(static_cast<std::size_t>(col));
      cells.push_back(std::move(text));
      next_col = col + 1;
    }
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    next_row = r + 1;
    if (cells.empty()) continue;  // empty (often only styled) rows are materialised only before data
    if (r - 1 > limits.max_rows) return TooManyRows(limits.max_rows);  // row r is data row r - 1
    while (static_cast<long>(rows.size()) < r - 1) rows.emplace_back();  // gaps keep Excel's row numbers
    rows.push_back(std::move(cells));
  }
  return table;
}

}  // namespace linli::io::internal
