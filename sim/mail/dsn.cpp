#include "mail/dsn.hpp"

#include "core/time.hpp"

namespace mailsim {

namespace {
std::string header_of(const std::string& message) {
  const std::size_t end = message.find("\r\n\r\n");
  return end == std::string::npos ? message : message.substr(0, end + 2);
}
}  // namespace

std::string build_dsn(const DsnInput& in) {
  bool failed = false, delayed = false;
  for (const auto& r : in.recipients) {
    failed = failed || r.action == "failed";
    delayed = delayed || r.action == "delayed";
  }
  const std::string kind = failed ? "failure" : delayed ? "delay" : "success";
  const std::string boundary = "=_dsn_M" + std::to_string(in.dsn_message) + "_" + in.reporting_mta;
  std::string out;
  out += "From: Mail Delivery System <MAILER-DAEMON@" + in.reporting_mta + ">\r\n";
  out += "To: <" + in.sender + ">\r\n";
  out += std::string("Subject: ") +
         (failed ? "Undelivered Mail Returned to Sender" : delayed ? "Delayed Mail (still being retried)" : "Successful Mail Delivery Report") +
         "\r\n";
  out += "Date: " + format_rfc5322_date(in.now_unix) + "\r\n";
  out += "Message-ID: <M" + std::to_string(in.dsn_message) + ".dsn@" + in.reporting_mta + ">\r\n";
  out += "Auto-Submitted: auto-replied\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"\r\n";
  out += "\r\nThis is a MIME-encapsulated delivery status notification (RFC 3464).\r\n";
  // 1. For people.
  out += "\r\n--" + boundary + "\r\n";
  out += "Content-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
  out += "This is the mail system at host " + in.reporting_mta + ".\r\n\r\n";
  if (kind == "failure")
    out += "I'm sorry to have to inform you that your message could not be delivered to one or more\r\n"
           "recipients. It is attached below.\r\n";
  else if (kind == "delay")
    out += "Your message could not be delivered yet. The mail system will keep trying.\r\n";
  else
    out += "Your message was successfully delivered, as you asked with NOTIFY=SUCCESS.\r\n";
  for (const auto& r : in.recipients) {
    out += "\r\n<" + r.final_recipient + ">: " + r.action;
    if (!r.diagnostic.empty()) out += ": " + r.diagnostic;
    out += "\r\n";
  }
  // 2. For programs.
  out += "\r\n--" + boundary + "\r\n";
  out += "Content-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n";
  out += "Reporting-MTA: dns; " + in.reporting_mta + "\r\n";
  if (!in.envid.empty()) out += "Original-Envelope-Id: " + in.envid + "\r\n";
  out += "Arrival-Date: " + format_rfc5322_date(in.arrival_unix) + "\r\n";
  for (const auto& r : in.recipients) {
    out += "\r\n";
    out += "Final-Recipient: rfc822; " + r.final_recipient + "\r\n";
    if (!r.original_recipient.empty()) out += "Original-Recipient: " + r.original_recipient + "\r\n";
    out += "Action: " + r.action + "\r\n";
    out += "Status: " + r.status + "\r\n";
    if (!r.remote_mta.empty()) out += "Remote-MTA: dns; " + r.remote_mta + "\r\n";
    if (!r.diagnostic.empty()) out += "Diagnostic-Code: smtp; " + r.diagnostic + "\r\n";
    out += "Last-Attempt-Date: " + format_rfc5322_date(in.now_unix) + "\r\n";
  }
  // 3. The original message, or its header only (RET=HDRS).
  out += "\r\n--" + boundary + "\r\n";
  // Its label says what happened to it: "Undelivered" only in a failure report.
  const std::string label = kind == "failure" ? "Undelivered Message" : kind == "delay" ? "Delayed Message" : "Delivered Message";
  if (in.headers_only) {
    out += "Content-Description: " + label + " Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n";
    out += header_of(in.original);
  } else {
    out += "Content-Description: " + label + "\r\nContent-Type: message/rfc822\r\n\r\n";
    out += in.original;
    if (in.original.size() < 2 || in.original.compare(in.original.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  }
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace mailsim
