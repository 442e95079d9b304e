#include "http/static_files.h"

#include <gtest/gtest.h>

namespace linli::http {
namespace {

TEST(StaticFilesTest, SafePathRejectsTraversal) {
  EXPECT_EQ(SafeStaticPath("/srv/www", "/"), "/srv/www/index.html");
  EXPECT_EQ(SafeStaticPath("/srv/www/", "/assets/app.js"), "/srv/www/assets/app.js");
  for (const char* bad : {"/..", "/../etc/passwd", "/a/../../b", "/a/..", "/./x", "//etc/passwd", "/a\\..\\b",
                          "/.env", "/a/.git/config", "relative", ""}) {
    EXPECT_FALSE(SafeStaticPath("/srv/www", bad)) << bad;
  }
  EXPECT_FALSE(SafeStaticPath("/srv/www", std::string_view("/a\0b", 4)));
  EXPECT_FALSE(SafeStaticPath("", "/index.html"));
}

TEST(StaticFilesTest, ContentTypes) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
}

}  // namespace
}  // namespace linli::http
