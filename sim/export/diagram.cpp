#include "export/diagram.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

namespace mailsim {

namespace {

struct Row {
  enum class Kind { Arrow, Note } kind = Kind::Arrow;
  int from = 0, to = 0;  // participant indexes (a note spans from..to)
  bool reply = false;
  SimTime time = 0;
  std::string label;
};

struct Model {
  std::vector<std::string> participants;
  std::vector<Row> rows;
};


std::string clip(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  return s.substr(0, max - 3) + "...";
}

// Message text and literals are folded into one arrow per run of lines, unless the
// options ask for every line. The arrow stands where the run starts (with the time of the
// line that announced it) and gets its count of lines when the run ends.
bool folded(const TraceEvent& e) { return e.role == LineRole::Data || e.role == LineRole::Literal; }

struct Fold {
  bool active = false;
  int dir = 0;            // 0 client lines, 1 server lines are being folded
  std::size_t lines = 0;
  std::size_t row = 0;    // the arrow that stands for them
  SimTime last_line = 0;  // the time of the connection's last line
};

Model build(const Trace& trace, const ExportOptions& options) {
  Model m;
  std::unordered_map<HostRef, int> index;
  auto who = [&](HostRef h) {
    auto it = index.find(h);
    if (it != index.end()) return it->second;
    const int i = static_cast<int>(m.participants.size());
    m.participants.push_back(trace.name(h));
    index.emplace(h, i);
    return i;
  };
  std::unordered_map<std::uint32_t, Fold> folds;
  auto note = [&](int a, int b, SimTime t, std::string text) {
    Row r;
    r.kind = Row::Kind::Note;
    r.from = std::min(a, b);
    r.to = std::max(a, b);
    r.time = t;
    r.label = std::move(text);
    m.rows.push_back(std::move(r));
  };
  auto arrow = [&](int a, int b, SimTime t, bool reply, std::string text) {
    Row r;
    r.from = a;
    r.to = b;
    r.reply = reply;
    r.time = t;
    r.label = std::move(text);
    m.rows.push_back(std::move(r));
  };
  auto close_fold = [&](std::uint32_t conn) {
    Fold& f = folds[conn];
    if (!f.active) return;
    f.active = false;
    m.rows[f.row].label = "[message: " + std::to_string(f.lines) + (f.lines == 1 ? " line]" : " lines]");
  };

  const PreparedEvents prepared = prepare_events(trace, options, true);
  for (const TraceEvent& e : prepared.events) {
    switch (e.kind) {
      case TraceKind::ConnectAttempt:
        note(who(e.host), who(e.peer), e.time,
             "c" + std::to_string(e.conn) + " connect to port " + std::to_string(e.port));
        break;
      case TraceKind::ConnectRefused:
      case TraceKind::ConnectTimeout:
      case TraceKind::ConnectionClosed:
        if (e.kind == TraceKind::ConnectionClosed) close_fold(e.conn);
        note(who(e.host), who(e.peer), e.time,
             "c" + std::to_string(e.conn) + " " + std::string(trace_kind_name(e.kind)) +
                 (e.text.empty() ? "" : ": " + std::string(e.text)));
        break;
      case TraceKind::Line: {
        const int dir = e.dir == Direction::ClientToServer ? 0 : 1;
        Fold& f = folds[e.conn];
        const SimTime before = std::exchange(f.last_line, e.time);
        if (f.active && f.dir == dir && folded(e)) {
          ++f.lines;
          break;
        }
        close_fold(e.conn);  // any other line ends the text, so that the reply to it comes after it
        if (!options.full && folded(e)) {
          f = Fold{true, dir, 1, m.rows.size(), e.time};
          arrow(who(e.host), who(e.peer), before, dir == 1, {});
          break;
        }
        arrow(who(e.host), who(e.peer), e.time, dir == 1, std::string(e.text));
        break;
      }
      case TraceKind::DnsQuery:
        arrow(who(e.host), who(e.peer), e.time, false, "DNS " + std::string(e.text));
        break;
      case TraceKind::DnsAnswer:
        arrow(who(e.host), who(e.peer), e.time, true, "DNS " + std::string(e.text));
        break;
      case TraceKind::MessageAccepted:
      case TraceKind::MessageQueued:
      case TraceKind::Relayed:
      case TraceKind::Delivered:
      case TraceKind::Bounced:
      case TraceKind::Decision:
      case TraceKind::Note:
      case TraceKind::MailboxChanged:
      case TraceKind::HostDown:
      case TraceKind::HostUp: {
        std::string text(trace_kind_name(e.kind));
        if (e.message) text += " " + message_label(e.message);
        if (!e.text.empty()) {
          text += ": ";
          text += e.text;
        }
        const int a = who(e.host);
        note(a, a, e.time, text);
        break;
      }
      default:
        break;
    }
  }
  for (auto& [conn, f] : folds) close_fold(conn);
  return m;
}

std::string mermaid_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '#': out += "#35;"; break;
      case ';': out += "#59;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '\r': case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

std::string mermaid(const Model& m) {
  std::string out = "sequenceDiagram\n";
  for (std::size_t i = 0; i < m.participants.size(); ++i)
    out += "  participant p" + std::to_string(i) + " as " + mermaid_escape(m.participants[i]) + "\n";
  for (const Row& r : m.rows) {
    const std::string label = mermaid_escape(clip(r.label, 120));
    if (r.kind == Row::Kind::Note) {
      out += "  Note over p" + std::to_string(r.from);
      if (r.to != r.from) out += ",p" + std::to_string(r.to);
      out += ": " + label + "\n";
    } else {
      out += "  p" + std::to_string(r.from) + (r.reply ? "-->>" : "->>") + "p" + std::to_string(r.to) + ": " +
             (label.empty() ? " " : label) + "\n";
    }
  }
  return out;
}

std::string msc_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') c = ' ';
    out += c;
  }
  return out;
}

std::string msc(const Model& m) {
  std::string out = "msc {\n  hscale=\"2\";\n\n  ";
  for (std::size_t i = 0; i < m.participants.size(); ++i)
    out += (i ? ", p" : "p") + std::to_string(i) + " [label=\"" + msc_escape(m.participants[i]) + "\"]";
  out += ";\n\n";
  for (const Row& r : m.rows) {
    const std::string label = msc_escape(clip(r.label, 120));
    const std::string a = "p" + std::to_string(r.from), b = "p" + std::to_string(r.to);
    if (r.kind == Row::Kind::Note) out += "  " + a + " note " + b + " [label=\"" + label + "\"];\n";
    else out += "  " + a + (r.reply ? " >> " : " => ") + b + " [label=\"" + label + "\"];\n";
  }
  out += "}\n";
  return out;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (c < 0x20) out += ' ';
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::string svg(const Model& m) {
  const int left = 100, col = 260, top = 60, row_h = 26;
  const int n = std::max<int>(1, static_cast<int>(m.participants.size()));
  const int width = left + col * n;
  const int height = top + row_h * static_cast<int>(m.rows.size() + 1) + 40;
  auto x_of = [&](int p) { return left + col * p + col / 2; };
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                "font-family=\"DejaVu Sans Mono, monospace\" font-size=\"12\">\n"
                "<defs><marker id=\"a\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">"
                "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#222\"/></marker></defs>\n"
                "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                width, height, width, height);
  out += buf;
  for (int p = 0; p < static_cast<int>(m.participants.size()); ++p) {
    const int x = x_of(p);
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"30\" rx=\"4\" fill=\"#e8eef8\" stroke=\"#345\"/>\n"
                  "<text x=\"%d\" y=\"30\" text-anchor=\"middle\" font-weight=\"bold\">",
                  x - col / 2 + 10, col - 20, x);
    out += buf;
    out += xml_escape(clip(m.participants[p], 30)) + "</text>\n";
    std::snprintf(buf, sizeof buf, "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>\n",
                  x, x, height - 10);
    out += buf;
  }
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    const Row& r = m.rows[i];
    const int y = top + row_h * static_cast<int>(i + 1);
    std::snprintf(buf, sizeof buf, "<text x=\"6\" y=\"%d\" fill=\"#777\">%s</text>\n", y - 4, format_time(r.time).c_str());
    out += buf;
    const int span = std::abs(r.to - r.from) + 1;
    const std::size_t max_chars = static_cast<std::size_t>(std::max(12, (col * span - 20) / 7));
    const std::string label = xml_escape(clip(r.label, max_chars));
    const std::string title = "<title>" + xml_escape(r.label) + "</title>";
    if (r.kind == Row::Kind::Note) {
      const int x1 = x_of(r.from) - col / 2 + 10, x2 = x_of(r.to) + col / 2 - 10;
      std::snprintf(buf, sizeof buf,
                    "<g><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"#fff8c4\" stroke=\"#aa9\"/>"
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
                    x1, y - 16, x2 - x1, (x1 + x2) / 2, y - 2);
      out += buf + label + "</text>" + title + "</g>\n";
    } else if (r.from == r.to) {
      const int x = x_of(r.from);
      std::snprintf(buf, sizeof buf,
                    "<g><path d=\"M%d,%d h30 v10 h-28\" fill=\"none\" stroke=\"#222\"%s marker-end=\"url(#a)\"/>"
                    "<text x=\"%d\" y=\"%d\">",
                    x, y - 8, r.reply ? " stroke-dasharray=\"5 3\"" : "", x + 36, y);
      out += buf + label + "</text>" + title + "</g>\n";
    } else {
      const int x1 = x_of(r.from), x2 = x_of(r.to);
      std::snprintf(buf, sizeof buf,
                    "<g><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s marker-end=\"url(#a)\"/>"
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\"%s>",
                    x1, y, x2 + (x2 > x1 ? -2 : 2), y, r.reply ? "#236" : "#222",
                    r.reply ? " stroke-dasharray=\"5 3\"" : "", (x1 + x2) / 2, y - 4, r.reply ? " fill=\"#236\"" : "");
      out += buf + label + "</text>" + title + "</g>\n";
    }
  }
  out += "</svg>\n";
  return out;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::optional<DiagramFormat> diagram_format_for(const std::string& path) {
  if (ends_with(path, ".mmd") || ends_with(path, ".mermaid")) return DiagramFormat::Mermaid;
  if (ends_with(path, ".svg")) return DiagramFormat::Svg;
  if (ends_with(path, ".msc")) return DiagramFormat::Msc;
  return std::nullopt;
}

std::string diagram_text(const Trace& trace, const ExportOptions& options, DiagramFormat format) {
  const Model m = build(trace, options);
  switch (format) {
    case DiagramFormat::Svg: return svg(m);
    case DiagramFormat::Msc: return msc(m);
    default: return mermaid(m);
  }
}

bool write_diagram(const Trace& trace, const ExportOptions& options, const std::string& path, std::string& error) {
  const auto format = diagram_format_for(path);
  if (!format) {
    error = "unknown diagram format for " + path + " (use .mmd, .svg or .msc)";
    return false;
  }
  if (options.only_conn) {
    // A connection that does not exist would give an empty diagram: say which ones do.
    std::set<std::uint32_t> conns;
    for (const TraceEvent& e : trace.events())
      if (e.conn != 0) conns.insert(e.conn);
    if (!conns.count(*options.only_conn)) {
      error = "no connection c" + std::to_string(*options.only_conn) + " in this run; ";
      if (conns.empty()) error += "it has none";
      else if (conns.size() <= 12) {
        error += "its connections:";
        for (const std::uint32_t c : conns) error += " c" + std::to_string(c);
      } else {
        error += std::to_string(conns.size()) + " connections, c" + std::to_string(*conns.begin()) + " to c" +
                 std::to_string(*conns.rbegin());
      }
      return false;
    }
  }
  return write_file(path, diagram_text(trace, options, *format), error);
}

}  // namespace mailsim
