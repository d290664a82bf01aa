// Theory of operation: the arguments of MAIL and RCPT.
//
// "FROM:<path> PARAM=VALUE ..." is split into the keyword check, the path between angle
// brackets, and the ESMTP parameters (RFC 5321 section 4.1.2 / 3.3). Syntax problems come
// back as a reason string that the server puts in its 501 reply.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace mailsim::smtp {

struct PathArgument {
  bool ok = false;
  std::string error;  // why it is not valid (when !ok)
  std::string path;   // between the brackets, source route removed; "" for <>
  std::vector<std::pair<std::string, std::string>> params;  // keyword upper-cased
};

// keyword is "FROM" or "TO".
PathArgument parse_path_argument(const std::string& arg, const char* keyword);

}  // namespace mailsim::smtp
