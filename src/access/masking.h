// Masking of personal data (个人信息保护法): the default form of every sensitive value in every
// response and export. Pure; UTF-8 aware.
#pragma once

#include <string>
#include <string_view>

namespace linli {

// ID number: first digit and last two characters only: "110101199003071234" -> "1***************34".
// Shorter values (< 4 chars) become all stars; empty stays empty.
std::string MaskIdNumber(std::string_view id);
// Phone: a mobile keeps its first 3 and last 4 digits ("13812345678" -> "138****5678"); other
// numbers keep only their last 4; shorter than 5 chars -> all stars.
std::string MaskPhone(std::string_view phone);
// Name in public lists: the surname (first character) and one star per remaining character:
// "刘艳霞" -> "刘**". One-character names stay as they are.
std::string MaskName(std::string_view name);
// Exact birth date -> the year only ("1990-03-07" -> "1990-**-**").
std::string MaskBirthDate(std::string_view date);

}  // namespace linli
