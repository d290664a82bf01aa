// The mail store the POP3 and IMAP server targets serve: user "bob" (password "secret"),
// a plain message, a multipart one with an attachment, an encoded-word subject and RFC 2231
// parameters, and one with a dot-started line, so that RETR/TOP stuffing, FETCH
// BODYSTRUCTURE and SEARCH all have something to work on.
#pragma once
#include <memory>
#include <string>

#include "store/credentials.hpp"
#include "store/mailstore.hpp"

namespace mailsim::fuzz {

struct StoreFixture {
  Mailstore store;
  CredentialTable credentials{{{"bob", "secret"}, {"eve", "pw"}}};
  StoreFixture() {
    static const char* const kMessages[] = {
        "From: Anne <anne@example.org>\r\nTo: bob@example.net, \"Carl, Jr.\" <carl@example.net>\r\n"
        "Subject: Lunch\r\nDate: Tue, 2 Jan 2024 10:00:00 +0000\r\nMessage-ID: <m1@example.org>\r\n\r\n"
        "Noon?\r\n.\r\n..dots\r\n",
        "From: carl@example.net\r\nTo: bob@example.net\r\nSubject: =?utf-8?Q?R=C3=A9sum=C3=A9?=\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\npreamble\r\n--XX\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nSee attached.\r\n--XX\r\n"
        "Content-Type: application/pdf; name*=utf-8''r%C3%A9.pdf\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename=r.pdf\r\n\r\nJVBERi0=\r\n--XX\r\n"
        "Content-Type: message/rfc822\r\n\r\nFrom: d@example.com\r\nSubject: inner\r\n\r\ninner\r\n--XX--\r\n",
        "From: x@example.com\r\nSubject: empty body\r\n\r\n",
    };
    store.set_epoch(1704067200);  // 2024-01-01 00:00:00 UTC
    store.add_user("bob");
    store.add_user("eve");
    SimTime at = 0;
    std::uint32_t id = 1;
    for (const char* m : kMessages) store.deliver("bob", "INBOX", std::make_shared<const std::string>(m), id++, at += kHour);
    store.deliver("bob", "Archive", std::make_shared<const std::string>(kMessages[0]), id++, at += kHour);
  }
};

}  // namespace mailsim::fuzz
