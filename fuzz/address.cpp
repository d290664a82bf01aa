// Fuzz target address: the small grammars of header fields and SMTP commands, fed any
// text: RFC 5322 address lists and single addresses, RFC 5321 paths (both roles) and
// domains or address literals, RFC 2047 encoded words both ways, MIME parameters (RFC
// 2045, RFC 2231 continuations) and media types.
// Properties: a path the SMTP parser accepts is accepted again, with the same mailbox, when
// written back as <mailbox()>; an address's addr_spec() parses to the same mailbox; text
// encoded as encoded words decodes back to itself.
#include "message/address.hpp"
#include "message/charset.hpp"
#include "message/content_type.hpp"
#include "message/encoded_word.hpp"
#include "message/smtp_path.hpp"

using namespace mailsim::message;

namespace {

void path_round_trip(std::string_view text, PathRole role) {
  const PathParse first = parse_smtp_path(text, role);
  if (!first.ok || first.path.null_path || first.path.postmaster) return;
  const std::string again = "<" + first.path.mailbox() + ">";
  const PathParse second = parse_smtp_path(again, role);
  if (!second.ok || second.path.mailbox() != first.path.mailbox()) __builtin_trap();
}

void address_round_trip(std::string_view text) {
  const AddressParse first = parse_address_list(text);
  if (!first.ok) return;
  for (const Address& a : first.addresses)
    for (const Mailbox& m : a.mailboxes) {
      const AddressParse second = parse_address(m.addr_spec());
      if (!second.ok || second.addresses.size() != 1 || second.addresses[0].mailboxes.size() != 1 ||
          !same_mailbox(second.addresses[0].mailboxes[0], m))
        __builtin_trap();
    }
}

bool valid_utf8(std::string_view s) {
  std::size_t replaced = 0;
  (void)to_utf8(s, Charset::utf_8, &replaced);
  return replaced == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  address_round_trip(text);
  (void)parse_address(text);
  path_round_trip(text, PathRole::forward);
  path_round_trip(text, PathRole::reverse);
  std::string error;
  (void)domain_or_literal_length(text, error);
  std::string problem;
  (void)decode_header_text(text, &problem);
  if (valid_utf8(text)) {
    for (const WordEncoding e : {WordEncoding::q, WordEncoding::b}) {
      const std::string encoded = encode_header_text(text, Charset::utf_8, e);
      if (decode_header_text(encoded) != text) __builtin_trap();
    }
    (void)encode_header_text(text, Charset::iso_8859_1);
    (void)format_parameter("filename", text);
  }
  std::vector<std::string> problems;
  (void)parse_parameterized_value(text, &problems);
  (void)parse_media_type(text, &problems);
  return 0;
}
