#include "mail/mua.hpp"

#include <algorithm>
#include <filesystem>

#include "message/compose.hpp"
#include "mail/node.hpp"
#include "smtp/client.hpp"
#include "smtp/raw_client.hpp"
#include "mail/environment.hpp"

namespace mailsim {

void Mua::schedule(const ClientAction& action) {
  for (int i = 0; i < action.count; ++i)
    env_.kernel().schedule_at(action.at + i * action.interval, [this, &action, i] { perform(action, i); });
}

void Mua::perform(const ClientAction& action, int) {
  if (action.kind == ClientAction::Kind::Send) send(action);
  else raw(action);
}

namespace {
std::uint16_t submission_port(const ClientAction& action, const HostSpec* server) {
  if (action.port != 0) return action.port;
  return server && server->has(Role::Msa) ? 587 : 25;
}

// Why the server refused the submission: the command and its reply, and, for 530 (AUTH
// required), what the scenario lacks. Empty when no reply refused it.
std::string refusal(const smtp::Client& c, const smtp::Transaction& t, const ClientAction& action) {
  std::string stage;
  const smtp::Reply* r = nullptr;
  const bool every_rcpt_refused = !t.rcpt_replies.empty() && std::all_of(t.rcpt_replies.begin(), t.rcpt_replies.end(),
                                                                          [](const smtp::Reply& x) { return x.code >= 400; });
  if (t.mail_reply.code >= 400) stage = "MAIL", r = &t.mail_reply;
  else if (every_rcpt_refused) stage = "RCPT", r = &t.rcpt_replies.front();
  else if (t.data_reply.code >= 400) stage = "DATA", r = &t.data_reply;
  else if (t.final_reply.code >= 400) stage = "the message text", r = &t.final_reply;
  if (!r) return "";
  std::string out = stage + " refused with " + r->summary();
  if (r->code == 530 && !c.offers("AUTH")) out += "; the server requires AUTH but does not offer it (add AUTH to its extensions)";
  else if (r->code == 530 && action.auth_user.empty())
    out += "; the server requires AUTH and the client gave no credentials (add \"auth\" to the send action)";
  return out;
}

}  // namespace

void Mua::send(const ClientAction& action) {
  Network& net = env_.network();
  const HostId self = net.find_host(action.host);
  const std::uint32_t message = env_.ledger().new_message_id();
  ComposeInput in;
  in.description = &action.message;
  in.envelope_from = action.mail_from;
  in.envelope_to = action.rcpt_to;
  in.unix_time = env_.unix_now();
  in.message = message;
  in.sender_host = action.host;
  in.base_dir = std::filesystem::path(env_.scenario().file).parent_path().string();
  in.add_date_and_id = !action.via.empty();
  ComposeResult composed = compose_message(in);
  if (!composed.ok()) {  // the loader checks descriptions, so only an unreadable file gets here
    env_.note(TraceKind::Note, self, message, "cannot compose the message: " + composed.errors.front());
    return;
  }
  std::string data = std::move(composed.bytes);
  if (action.via.empty()) {  // like `sendmail -N success -R hdrs -V envid`: DSN options go with it
    QueuedEnvelope env;
    env.mail_from = action.mail_from;
    env.ret = action.dsn_ret;
    env.envid = action.dsn_envid;
    for (std::size_t i = 0; i < action.rcpt_to.size(); ++i) {
      const auto pick = [i](const std::vector<std::string>& v) {
        return v.empty() ? std::string() : v.size() == 1 ? v.front() : i < v.size() ? v[i] : std::string();
      };
      env.rcpts.push_back(QueuedRecipient{action.rcpt_to[i], pick(action.dsn_notify), pick(action.dsn_orcpt)});
    }
    env_.submit_local(self, message, std::move(env), data);
    return;
  }
  const HostId server = net.find_host(action.via);
  const std::uint16_t port = submission_port(action, env_.scenario().find_host(action.via));
  env_.note(TraceKind::Note, self, message, "MUA submits to " + action.via + ":" + std::to_string(port));
  smtp::Transaction t;
  t.mail_from = action.mail_from;
  t.rcpt_to = action.rcpt_to;
  t.data = std::make_shared<const std::string>(std::move(data));
  t.ret = action.dsn_ret;
  t.envid = action.dsn_envid;
  t.binary = action.binary;
  // DSN NOTIFY/ORCPT: one value for every recipient, or one per recipient.
  for (std::size_t i = 0; i < t.rcpt_to.size(); ++i) {
    const auto pick = [i](const std::vector<std::string>& v) {
      return v.empty() ? std::string() : v.size() == 1 ? v.front() : i < v.size() ? v[i] : std::string();
    };
    t.notify.push_back(pick(action.dsn_notify));
    t.orcpt.push_back(pick(action.dsn_orcpt));
  }
  std::vector<smtp::Transaction> transactions;
  transactions.push_back(std::move(t));
  smtp::ClientOptions options;
  options.use_pipelining = action.pipelining;
  options.use_chunking = action.bdat;
  options.chunk_size = action.chunk_size;
  options.starttls = action.starttls;
  options.auth_user = action.auth_user;
  options.auth_password = action.auth_password;
  options.auth_mechanism = action.auth_mechanism;
  auto client = std::make_unique<smtp::Client>(action.host, std::move(transactions), options);
  ClientCallbacks callbacks;
  callbacks.on_closed = [this, self, message, &action](Engine& engine, const std::string&) {
    const auto& c = static_cast<const smtp::Client&>(engine);
    const smtp::Transaction& tr = c.transactions().front();
    const std::string refused = refusal(c, tr, action);
    std::string outcome = tr.delivered()                  ? "submitted: " + tr.final_reply.summary()
                          : !c.session_error().empty()   ? "not submitted: " + c.session_error()
                          : !refused.empty()             ? "not submitted: " + refused
                                                         : "not submitted";
    if (tr.downgraded) outcome += " (8-bit body downgraded to 7 bits)";
    env_.note(TraceKind::Note, self, message, "MUA " + outcome, env_.network().find_host(action.via));
  };
  callbacks.on_failed = [this, self, message](ConnectFailure f) {
    env_.note(TraceKind::Note, self, message,
                std::string("MUA could not connect: ") + (f == ConnectFailure::Refused ? "refused" : "timed out"));
  };
  const std::uint32_t conn = net.connect(self, server, port, port == 587 ? Protocol::Submission : Protocol::Smtp,
                                         std::move(client), std::move(callbacks));
  env_.ledger().carry(conn, {message});
}

void Mua::raw(const ClientAction& action) {
  Network& net = env_.network();
  const HostId self = net.find_host(action.host);
  const HostId server = net.find_host(action.via);
  const std::uint16_t port = submission_port(action, env_.scenario().find_host(action.via));
  net.connect(self, server, port, port == 587 ? Protocol::Submission : Protocol::Smtp,
              std::make_unique<smtp::RawClient>(action.lines), ClientCallbacks{});
}

}  // namespace mailsim
