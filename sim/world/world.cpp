#include "world/world.hpp"

#include "mail/mua.hpp"
#include "mail/node.hpp"
#include "world/retrieval.hpp"

namespace mailsim {

World::World(const Scenario& scenario, std::uint64_t seed)
    : scenario_(scenario), retrieval_(std::make_unique<Retrieval>(*this)), kernel_(seed), network_(kernel_, trace_),
      dns_(kernel_, trace_) {
  network_.set_default_latency(scenario.default_latency);
  build_hosts();
  build_dns();
  schedule_faults();
  mua_ = std::make_unique<Mua>(*this);
  for (const auto& action : scenario_.clients) {
    if (action.kind == ClientAction::Kind::Pop3 || action.kind == ClientAction::Kind::Imap) retrieval_->schedule(action);
    else mua_->schedule(action);
  }
}

World::~World() = default;

void World::build_hosts() {
  for (const HostSpec& spec : scenario_.hosts) network_.add_host(spec.name, spec.address);
  for (const LinkSpec& link : scenario_.links)
    network_.set_link_latency(network_.find_host(link.a), network_.find_host(link.b), link.latency);
  for (HostId id = 0; id < scenario_.hosts.size(); ++id) {
    const HostSpec& spec = scenario_.hosts[id];
    if (spec.has(Role::Mda)) {
      Mailstore& store = stores_.emplace(spec.name, Mailstore(spec.mailbox_format)).first->second;
      store.set_epoch(scenario_.epoch);
      store.set_listener([this, id](const MailboxChange& change, std::uint32_t message) {
        note(TraceKind::MailboxChanged, id, message, format_mailbox_change(change));
      });
      for (const auto& user : spec.users) {
        Mailbox& box = store.add_user(user);
        for (const auto& folder : spec.folders) box.create_folder(folder);
        if (auto q = spec.quotas.find(user); q != spec.quotas.end()) box.quota_bytes = q->second;
      }
      retrieval_->serve(id, spec, store);
    }
    const bool relays = spec.has(Role::Msa) || spec.has(Role::Mta) || spec.has(Role::Mx);
    if (!relays && !spec.has(Role::Mda)) continue;
    auto node = std::make_unique<MailNode>(*this, id, spec);
    MailNode* raw = node.get();
    nodes_.emplace(id, std::move(node));
    auto factory = [raw](const ConnectionInfo& info) { return raw->accept_smtp(info); };
    if (spec.has(Role::Mta) || spec.has(Role::Mx)) network_.listen(id, 25, Protocol::Smtp, factory);
    for (const HostSpec& mx : scenario_.hosts)  // the MDA of another host's domains: LMTP (RFC 2033) on 24
      if (mx.mda_host == spec.name) {
        network_.listen(id, 24, Protocol::Lmtp, factory);
        break;
      }
    if (spec.has(Role::Msa)) network_.listen(id, 587, Protocol::Submission, factory);
  }
}

void World::build_dns() {
  if (scenario_.auto_a_records)
    for (const HostSpec& spec : scenario_.hosts) dns_.add_a(spec.name, spec.address);
  for (const DnsRecordSpec& r : scenario_.dns) {
    if (r.type == "MX") dns_.add_mx(r.name, r.preference, r.value);
    else dns_.add_a(r.name, r.value);
  }
}

void World::schedule_faults() {
  for (const FaultSpec& f : scenario_.faults) {
    switch (f.kind) {
      case FaultSpec::Kind::HostDown: {
        const HostId h = network_.find_host(f.target);
        kernel_.schedule_at(f.from, [this, h] { network_.set_host_up(h, false); });
        if (f.until) kernel_.schedule_at(*f.until, [this, h] { network_.set_host_up(h, true); });
        break;
      }
      case FaultSpec::Kind::PortClosed: {
        const HostId h = network_.find_host(f.target);
        const std::uint16_t port = f.port;
        kernel_.schedule_at(f.from, [this, h, port] {
          network_.set_port_open(h, port, false);
          note(TraceKind::Note, h, 0, "port " + std::to_string(port) + " closed (fault)");
        });
        if (f.until)
          kernel_.schedule_at(*f.until, [this, h, port] {
            network_.set_port_open(h, port, true);
            note(TraceKind::Note, h, 0, "port " + std::to_string(port) + " open again");
          });
        break;
      }
      case FaultSpec::Kind::DropDuringData:
        break;  // applied by the server host's smtpd when a DATA transfer starts (mail/smtpd.cpp)
      case FaultSpec::Kind::DnsFault: {
        const DnsFault fault = f.dns_fault == "nxdomain" ? DnsFault::NxDomain
                               : f.dns_fault == "servfail" ? DnsFault::ServFail
                                                           : DnsFault::Timeout;
        const std::string name = f.target;
        kernel_.schedule_at(f.from, [this, name, fault] { dns_.set_fault(name, fault); });
        if (f.until) kernel_.schedule_at(*f.until, [this, name] { dns_.set_fault(name, DnsFault::None); });
        break;
      }
    }
  }
}

void World::submit_local(HostId host, std::uint32_t message, QueuedEnvelope envelope, std::string_view data) {
  nodes_.at(host)->submit_local(message, std::move(envelope), data);
}

Mailstore* World::mailstore(const std::string& host) {
  auto it = stores_.find(host);
  return it == stores_.end() ? nullptr : &it->second;
}

const Mailstore* World::mailstore(const std::string& host) const {
  auto it = stores_.find(host);
  return it == stores_.end() ? nullptr : &it->second;
}

void World::note(TraceKind kind, HostId host, std::uint32_t message, std::string_view text, HostId peer,
                 std::int16_t code, Recipients rcpts) {
  TraceEvent e;
  e.time = kernel_.now();
  e.kind = kind;
  e.host = network_.host(host).ref;
  if (peer != kNoHostId) e.peer = network_.host(peer).ref;
  e.message = message;
  e.code = code;
  trace_.append(e, text, rcpts);
}

}  // namespace mailsim
