// The JSON trace export (`--trace FILE.json`): the scenario's name, the epoch, the hosts
// with their addresses and every trace event as `mailsim run --format json` prints it. A
// "mailbox" event (a message arrived in, had its flags changed in or left a folder) also
// carries its text parsed: "mailbox": {"user", "folder", "uid", "change": "new"|"flags"|
// "removed", "set": [flags], "cleared": [flags]} (core/mailbox_change.hpp). A "queued"
// event that ends a failed delivery attempt carries that attempt's number: "attempt": 2.
#pragma once
#include <string>

#include "core/trace.hpp"
#include "export/common.hpp"

namespace mailsim {

// `not_utf8` (optional) receives the number of texts whose bytes were not UTF-8 and are
// written as U+FFFD (dump_json).
bool write_trace_json(const Trace& trace, const ExportOptions& options, const std::string& scenario_name,
                      const std::string& path, std::string& error, std::size_t* not_utf8 = nullptr);

}  // namespace mailsim
