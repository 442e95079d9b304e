#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <memory>
#include <vector>

#include "io/internal.h"

namespace linli::io::internal {

Result<std::string> DecodeGb18030(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(ucnv_open("GB18030", &status), &ucnv_close);
  if (U_FAILURE(status)) return Error::Internal("无法加载GB18030编码转换器");
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::vector<UChar> utf16(bytes.size() + 1);
  int32_t len16 = ucnv_toUChars(conv.get(), utf16.data(), static_cast<int32_t>(utf16.size()), bytes.data(),
                                static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return Error{ErrorCode::kUnsupportedMediaType, "文件既不是UTF-8也不是GBK编码的文字表格", {}, {}};
  std::string out(static_cast<std::size_t>(len16) * 3 + 1, '\0');
  int32_t len8 = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &len8, utf16.data(), len16, &status);
  if (U_FAILURE(status)) return Error::Internal("编码转换失败");
  out.resize(static_cast<std::size_t>(len8));
  return out;
}

}  // namespace linli::io::internal
