// Message parsing throughput: generates a corpus (plain text, quoted-printable, multipart/
// alternative, mixed with base64 attachments, nested trees with message/rfc822 and
// multipart/digest), then parses every message and decodes every leaf body, several
// times; prints the median MB/s. When built with GMime 3 (MAILSIM_HAVE_GMIME), the same
// corpus goes through GMime's parser and decoder in the same run, for comparison.
// Last line: "message ours_mb_s=X gmime_mb_s=Y ratio=Z" (ratio = ours / GMime).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "benches.hpp"
#include "core/random.hpp"
#include "message/builder.hpp"
#include "message/mime.hpp"

#ifdef MAILSIM_HAVE_GMIME
#include <gmime/gmime.h>
#endif

namespace mailsim::bench {

namespace {

using message::AttachmentSpec;
using message::MessageSpec;

constexpr const char* kFrenchLine = "Le modèle révisé arrive à l'équipe de Jussieu : déjà vu, très réussi, à corriger.\n";
constexpr const char* kEnglishLine = "The quick brown fox jumps over the lazy dog while the relay keeps the queue moving.\n";

std::string repeat(const char* line, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += line;
  return out;
}

MessageSpec base_spec(std::size_t i) {
  MessageSpec spec;
  spec.from = "Anne Wei <anne.wei@cnam.fr>";
  spec.to = {"jean@jussieu.fr", "Zoé <zoe@uvsq.fr>"};
  spec.subject = "Message numéro " + std::to_string(i);
  spec.date = "Thu, 21 Mar 2002 15:15:39 +0100";
  spec.message_id = "<" + std::to_string(i) + "@bench.cnam.fr>";
  return spec;
}

std::string build(const MessageSpec& spec) {
  auto r = message::build_message(spec);
  if (!r.ok()) {
    std::fprintf(stderr, "bench message: cannot build the corpus: %s\n", r.errors.front().c_str());
    std::exit(2);
  }
  return r.bytes;
}

// A nested tree built by hand: mixed { alternative { text, related { html, image } },
// message/rfc822 { a whole message }, digest { three messages } }.
std::string nested(std::size_t i, Random& rng) {
  MessageSpec inner = base_spec(i);
  inner.text = repeat(kEnglishLine, 20);
  inner.attachments.push_back({"inner.bin", "application/octet-stream", {}, {}, 8000, i});
  const std::string encapsulated = build(inner);
  MessageSpec image_spec;
  image_spec.from = "a@b.fr";
  image_spec.attachments.push_back({"logo.png", "image/png", {}, {}, static_cast<std::size_t>(rng.uniform(4000, 30000)), i});
  const message::Message image_message = message::Message::parse(build(image_spec));
  const std::string image(image_message.root().children[0].raw);
  std::string m =
      "From: Anne Wei <anne.wei@cnam.fr>\r\nTo: jean@jussieu.fr\r\nSubject: nested " + std::to_string(i) +
      "\r\nDate: Thu, 21 Mar 2002 15:15:39 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"=_out\"\r\n\r\n"
      "--=_out\r\nContent-Type: multipart/alternative; boundary=\"=_alt\"\r\n\r\n--=_alt\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" +
      repeat(kEnglishLine, 15) + "\r\n--=_alt\r\nContent-Type: multipart/related; boundary=\"=_rel\"; type=\"text/html\"\r\n\r\n"
      "--=_rel\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<html><body><img src=\"cid:logo\">" + repeat(kEnglishLine, 15) +
      "</body></html>\r\n--=_rel\r\nContent-ID: <logo>\r\n" + image + "\r\n--=_rel--\r\n\r\n--=_alt--\r\n\r\n"
      "--=_out\r\nContent-Type: message/rfc822\r\n\r\n" + encapsulated + "\r\n--=_out\r\nContent-Type: multipart/digest; boundary=\"=_dig\"\r\n\r\n";
  for (int k = 0; k < 3; ++k) {
    MessageSpec d = base_spec(i * 10 + static_cast<std::size_t>(k));
    d.text = repeat(kEnglishLine, 5);
    m += "--=_dig\r\n\r\n" + build(d) + "\r\n";
  }
  m += "--=_dig--\r\n\r\n--=_out--\r\n";
  return m;
}

std::vector<std::string> make_corpus(std::uint64_t seed, std::size_t scale) {
  Random rng(seed);
  std::vector<std::string> corpus;
  for (std::size_t i = 0; i < 60 * scale; ++i) {
    MessageSpec s = base_spec(i);
    s.text = repeat(kEnglishLine, static_cast<std::size_t>(rng.uniform(10, 60)));
    corpus.push_back(build(s));
  }
  for (std::size_t i = 0; i < 60 * scale; ++i) {
    MessageSpec s = base_spec(i);
    s.text = repeat(kFrenchLine, static_cast<std::size_t>(rng.uniform(20, 100)));
    s.charset = "iso-8859-1";
    s.encoding = "quoted-printable";
    corpus.push_back(build(s));
  }
  for (std::size_t i = 0; i < 60 * scale; ++i) {
    MessageSpec s = base_spec(i);
    s.text = repeat(kFrenchLine, static_cast<std::size_t>(rng.uniform(10, 50)));
    s.html = "<html><body><p>" + repeat(kFrenchLine, static_cast<std::size_t>(rng.uniform(10, 50))) + "</p></body></html>";
    corpus.push_back(build(s));
  }
  for (std::size_t i = 0; i < 40 * scale; ++i) {
    MessageSpec s = base_spec(i);
    s.text = repeat(kEnglishLine, 10);
    const auto attachments = rng.uniform(1, 3);
    for (std::int64_t k = 0; k < attachments; ++k)
      s.attachments.push_back({"file" + std::to_string(k) + ".bin", "application/octet-stream", {}, {},
                               static_cast<std::size_t>(rng.uniform(20000, 120000)), i * 7 + static_cast<std::uint64_t>(k)});
    corpus.push_back(build(s));
  }
  for (std::size_t i = 0; i < 30 * scale; ++i) corpus.push_back(nested(i, rng));
  return corpus;
}

struct Totals {
  std::size_t leaves = 0, decoded_bytes = 0;
};

Totals run_ours(const std::vector<std::string>& corpus) {
  Totals t;
  for (const auto& bytes : corpus) {
    const message::Message m = message::Message::parse(bytes);
    for (const message::Entity* e : m.entities()) {
      if (!e->children.empty() || e->is_multipart()) continue;
      t.decoded_bytes += message::decoded_content(*e).size();
      ++t.leaves;
    }
  }
  return t;
}

#ifdef MAILSIM_HAVE_GMIME
void gmime_walk(GMimeObject* object, Totals& t) {
  if (GMIME_IS_MESSAGE_PART(object)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (inner) gmime_walk(g_mime_message_get_mime_part(inner), t);
  } else if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    const int n = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < n; ++i) gmime_walk(g_mime_multipart_get_part(multipart, i), t);
  } else if (GMIME_IS_PART(object)) {
    GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(object));
    if (!content) return;
    GMimeStream* out = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(content, out);
    t.decoded_bytes += g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out))->len;
    ++t.leaves;
    g_object_unref(out);
  }
}

Totals run_gmime(const std::vector<std::string>& corpus) {
  Totals t;
  for (const auto& bytes : corpus) {
    GMimeStream* stream = g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size());
    GMimeParser* parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage* m = g_mime_parser_construct_message(parser, nullptr);
    if (m) {
      gmime_walk(g_mime_message_get_mime_part(m), t);
      g_object_unref(m);
    }
    g_object_unref(parser);
    g_object_unref(stream);
  }
  return t;
}
#endif

template <class F>
double median_mb_s(F&& run, std::size_t corpus_bytes, int runs, Totals& totals) {
  std::vector<double> rates;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    totals = run();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rates.push_back(static_cast<double>(corpus_bytes) / 1e6 / seconds);
  }
  return median(rates);
}

}  // namespace

int bench_message(const Args& args) {
  std::uint64_t seed = 1, runs = 7, scale = 1;
  if (!parse_counts(args, "message", {{"--seed", &seed}, {"--runs", &runs}, {"--scale", &scale}})) return 2;
  const std::vector<std::string> corpus = make_corpus(seed, scale);
  std::size_t corpus_bytes = 0;
  for (const auto& m : corpus) corpus_bytes += m.size();
  std::printf("corpus messages=%zu bytes=%zu runs=%llu\n", corpus.size(), corpus_bytes, static_cast<unsigned long long>(runs));
  Totals ours_totals;
  const double ours = median_mb_s([&] { return run_ours(corpus); }, corpus_bytes, static_cast<int>(runs), ours_totals);
  std::printf("ours  leaves=%zu decoded_bytes=%zu mb_s=%.1f\n", ours_totals.leaves, ours_totals.decoded_bytes, ours);
#ifdef MAILSIM_HAVE_GMIME
  g_mime_init();
  Totals gmime_totals;
  const double gmime = median_mb_s([&] { return run_gmime(corpus); }, corpus_bytes, static_cast<int>(runs), gmime_totals);
  std::printf("gmime leaves=%zu decoded_bytes=%zu mb_s=%.1f (GMime %u.%u.%u)\n", gmime_totals.leaves, gmime_totals.decoded_bytes,
              gmime, gmime_major_version, gmime_minor_version, gmime_micro_version);
  g_mime_shutdown();
  std::printf("message ours_mb_s=%.1f gmime_mb_s=%.1f ratio=%.2f\n", ours, gmime, ours / gmime);
#else
  std::printf("message ours_mb_s=%.1f gmime_mb_s=n/a ratio=n/a\n", ours);
#endif
  return 0;
}

}  // namespace mailsim::bench
