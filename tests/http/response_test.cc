#include "http/response.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace linli::http {
namespace {

TEST(ResponseTest, ErrorShapeAndStatus) {
  Error e = Error::Invalid("id_number", "id_number_checksum", "身份证号校验位不正确");
  Response r = ErrorResponse(e);
  EXPECT_EQ(r.status, 400);
  auto v = boost::json::parse(r.body);
  const auto& err = v.at("error");
  EXPECT_EQ(err.at("code"), "invalid_argument");
  EXPECT_EQ(err.at("message"), "身份证号校验位不正确");
  EXPECT_EQ(err.at("field"), "id_number");
  EXPECT_EQ(err.at("details").at(0).at("reason"), "id_number_checksum");
  EXPECT_EQ(ErrorResponse(Error::NotFound("x")).status, 404);
  EXPECT_EQ(ErrorResponse(Error::Conflict("x")).status, 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
}

TEST(ResponseTest, FromResultAndStatus) {
  EXPECT_EQ(FromResult(boost::json::value(boost::json::object{{"a", 1}}), 201).status, 201);
  EXPECT_EQ(FromResult(Error::NotFound("x")).status, 404);
  EXPECT_EQ(FromStatus(Ok()).status, 204);
}

TEST(ResponseTest, BinaryHasUtf8Filename) {
  Response r = Binary("PK..", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "住户 名册.xlsx");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Content-Disposition");
  EXPECT_EQ(r.headers[0].second,
            "attachment; filename=\"______ ______.xlsx\"; "
            "filename*=UTF-8''%E4%BD%8F%E6%88%B7%20%E5%90%8D%E5%86%8C.xlsx");
}

}  // namespace
}  // namespace linli::http
