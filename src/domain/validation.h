// Input rules for the registry: pure functions, no I/O, no clock (today's date is passed in).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/registry.h"

namespace linli {

// The parts of a valid 18-digit GB 11643 ID number.
struct IdNumberInfo {
  std::string area_code;   // first 6 digits
  std::string birth_date;  // YYYY-MM-DD
  Sex sex = Sex::kUnknown; // 17th digit odd = male
};

// Validates an ID number: 18 chars, 17 digits + check char (digit or X, lower x accepted and
// upper-cased by NormalizeIdNumber), a real birth date not after `today` (YYYY-MM-DD), and the
// ISO 7064 MOD 11-2 check digit. Errors are kInvalidArgument with field `field` and reasons
// id_number_length, id_number_chars, id_number_birth_date, id_number_checksum.
Result<IdNumberInfo> ParseIdNumber(std::string_view id, std::string_view today, std::string_view field = "id_number");
// Trims spaces, turns full-width digits/X into ASCII and upper-cases a trailing x. Does not validate.
std::string NormalizeIdNumber(std::string_view id);
// The check character for the first 17 digits ("0".."9" or "X"). Precondition: 17 ASCII digits.
char IdNumberCheckChar(std::string_view first17);

// Phone: a mainland mobile (11 digits, 1[3-9]...) or a landline (0 + 2-3 digit area code, optional
// '-', 7-8 digits, optional extension). Spaces and dashes are tolerated and removed.
// Reason: phone_format.
Result<std::string> NormalizePhone(std::string_view phone, std::string_view field = "phone");

// YYYY-MM-DD, a real calendar date (years 1900..2199). Reason: date_format.
Status ValidateDate(std::string_view date, std::string_view field);
// Accepts the ways people type dates in sheets and returns YYYY-MM-DD: "1990-1-5", "1990/01/05",
// "1990.1.5", "19900105", "1990年1月5日". Reason: date_format.
Result<std::string> NormalizeDate(std::string_view date, std::string_view field);

// Every field rule of a resident at once (all problems in Error::details): name required (1-50
// chars), ID number valid when present, birth date and sex consistent with it when both present,
// phone format, known tag codes (custom needs a detail). Reasons: required, too_long,
// id_number_*, birth_date_mismatch, sex_mismatch, phone_format, date_format, date_in_future,
// tag_unknown, tag_label_required. Duplicate tags are dropped.
// Returns the normalised resident (upper-case X, phone digits, birth date/sex filled from the ID).
Result<Resident> ValidateResident(const Resident& r, std::string_view today);
// Household rules: door required, area_m2 > 0 (reason area_positive), phone format.
Result<Household> ValidateHousehold(const Household& h);
// Community code: 12 digits (reason code_format); name required.
Status ValidateCommunity(const Community& c);
// Name required for compound / building / unit (reason required).
Status ValidateName(std::string_view name, std::string_view field);

}  // namespace linli
