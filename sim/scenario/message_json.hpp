// Theory of operation: a send action's "message" object, read once when the scenario loads.
//
// read_message_description() types the JSON form that message/builder.hpp documents (plus
// "eml" alone for a raw file, "body" as another name for "text", and "leave_to_msa") into
// a MessageDescription, so the run composes from typed fields and never reads JSON. Each
// error names its field ("message.to[1]: expected a string"); the description is only
// usable when there are none.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "message/compose.hpp"

namespace mailsim {

MessageDescription read_message_description(const nlohmann::json& d, std::vector<std::string>& errors);

}  // namespace mailsim
