#include "core/utf8.h"
#include "http/json_reader.h"

#include <gtest/gtest.h>

namespace linli::http {
namespace {

const FieldError* Find(const Error& e, std::string_view field) {
  for (const auto& d : e.details) {
    if (d.field == field) return &d;
  }
  return nullptr;
}

TEST(JsonReaderTest, ReadsTypedFields) {
  auto in = JsonReader::Parse(
      R"({"name":"水月院","floors":6,"area":88.5,"whole":3.0,"ok":true,"ids":[1,2],"tags":["a"],"none":null,"obj":{"k":1}})");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->String("name"), "水月院");
  EXPECT_EQ(in->Int("floors"), 6);
  EXPECT_EQ(in->Double("area"), 88.5);
  EXPECT_EQ(in->Int("whole"), 3);
  EXPECT_EQ(in->Double("floors"), 6.0);
  EXPECT_EQ(in->Bool("ok"), true);
  EXPECT_EQ(in->IdArray("ids"), (std::vector<Id>{1, 2}));
  EXPECT_EQ(in->StringArray("tags"), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(in->Has("none"));
  EXPECT_TRUE(in->IsNull("none"));
  EXPECT_FALSE(in->String("none"));
  EXPECT_NE(in->Object("obj"), nullptr);
  EXPECT_FALSE(in->Int("absent"));
  EXPECT_TRUE(in->Finish().ok());
}

TEST(JsonReaderTest, EveryTypeErrorIsReported) {
  auto in = JsonReader::Parse(
      R"({"s":1,"i":"1","f":1.5,"d":"x","b":"true","id":0,"ids":[1,"2",-1],"o":[],"a":{},"big":18446744073709551615,"sa":[1]})");
  ASSERT_TRUE(in.ok());
  EXPECT_FALSE(in->String("s"));
  EXPECT_FALSE(in->Int("i"));
  EXPECT_FALSE(in->Int("f"));
  EXPECT_FALSE(in->Double("d"));
  EXPECT_FALSE(in->Bool("b"));
  EXPECT_FALSE(in->IdValue("id"));
  EXPECT_FALSE(in->IdArray("ids"));
  EXPECT_EQ(in->Object("o"), nullptr);
  EXPECT_EQ(in->Array("a"), nullptr);
  EXPECT_FALSE(in->Int("big"));
  EXPECT_FALSE(in->StringArray("sa"));
  Status s = in->Finish();
  ASSERT_FALSE(s.ok());
  const Error& e = s.error();
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field, "s");
  for (const char* f : {"s", "i", "f", "d", "b", "o", "a", "big", "ids[1]", "sa[0]"}) {
    const FieldError* d = Find(e, f);
    ASSERT_NE(d, nullptr) << f;
    EXPECT_EQ(d->reason, "type") << f;
    EXPECT_FALSE(d->message.empty());
  }
  ASSERT_NE(Find(e, "id"), nullptr);
  EXPECT_EQ(Find(e, "id")->reason, "id");
  EXPECT_EQ(Find(e, "ids[2]")->reason, "id");
}

TEST(JsonReaderTest, UnknownFieldsAreRefused) {
  auto in = JsonReader::Parse(R"({"name":"x","colour":"red","allowed":1})");
  ASSERT_TRUE(in.ok());
  in->String("name");
  in->Allow({"allowed"});
  Status s = in->Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "colour");
  EXPECT_EQ(s.error().details.at(0).reason, "unknown_field");
  EXPECT_EQ(s.error().details.size(), 1u);
}

TEST(JsonReaderTest, NestedReaderPrefixesFields) {
  auto in = JsonReader::Parse(R"({"grids":[{"code":5,"extra":1}]})");
  ASSERT_TRUE(in.ok());
  const auto* grids = in->Array("grids");
  ASSERT_NE(grids, nullptr);
  auto g = JsonReader::Of((*grids)[0].as_object(), "grids[0]");
  EXPECT_FALSE(g.String("code"));
  Status s = g.Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "grids[0].code");
  EXPECT_NE(Find(s.error(), "grids[0].extra"), nullptr);
}

TEST(JsonReaderTest, MalformedBodies) {
  struct Case {
    std::string body, reason;
  };
  for (const Case& c : std::vector<Case>{{"", "json_syntax"},
                                         {"{", "json_syntax"},
                                         {"{\"a\":1,}", "json_syntax"},
                                         {"{\"a\":1} x", "json_syntax"},
                                         {"[1,2]", "json_object"},
                                         {"\"s\"", "json_object"},
                                         {"null", "json_object"},
                                         {"{\"a\":\"\xff\"}", "utf8"},
                                         {"{\"a\":\"\xc0\xaf\"}", "utf8"},
                                         {"{\"a\":\"\xed\xa0\x80\"}", "utf8"},
                                         {"{\"a\":\"\xe6\xb0\"}", "utf8"}}) {
    auto r = JsonReader::Parse(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "");
    EXPECT_EQ(r.error().details.at(0).reason, c.reason) << c.body;
  }
}

TEST(JsonReaderTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("水月院 2号楼 ok 😀"));
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // overlong
}

}  // namespace
}  // namespace linli::http
