// mailsim-shotcheck PNG MODE: checks that a screenshot of mailsim-gui shows something.
// The layout is fixed (no settings are read for screenshots), so regions are known: the
// topology in the left half and the transcript in the right half of the upper body. The
// check counts pixels near the theme's colours there: node fill on the left, client
// lines and 2xx replies on the right; and the whole image must not be blank. Mode
// `panels` (any theme, any text size) checks that each of the four panes of the body
// (topology, transcript, events, inspectors) shows content: enough pixels unlike the
// pane's own background, in enough colours.
#include <stb/stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>
#include <string>

namespace {

struct Rgb {
  int r, g, b;
};

struct Image {
  int w = 0, h = 0;
  unsigned char* px = nullptr;
  Rgb at(int x, int y) const {
    const unsigned char* p = px + (static_cast<std::size_t>(y) * w + x) * 3;
    return {p[0], p[1], p[2]};
  }
};

// Pixels within `tol` of `c` in the rectangle given as fractions of the image.
int count(const Image& img, float x0, float y0, float x1, float y1, Rgb c, int tol = 10) {
  int n = 0;
  for (int y = static_cast<int>(y0 * img.h); y < static_cast<int>(y1 * img.h); ++y)
    for (int x = static_cast<int>(x0 * img.w); x < static_cast<int>(x1 * img.w); ++x) {
      const Rgb p = img.at(x, y);
      if (std::abs(p.r - c.r) <= tol && std::abs(p.g - c.g) <= tol && std::abs(p.b - c.b) <= tol) ++n;
    }
  return n;
}

// Pixels of the rectangle (fractions) unlike its most common colour, and their colours.
std::pair<int, int> ink(const Image& img, float x0, float y0, float x1, float y1) {
  std::map<int, int> histogram;
  for (int y = static_cast<int>(y0 * img.h); y < static_cast<int>(y1 * img.h); ++y)
    for (int x = static_cast<int>(x0 * img.w); x < static_cast<int>(x1 * img.w); ++x) {
      const Rgb p = img.at(x, y);
      ++histogram[p.r << 16 | p.g << 8 | p.b];
    }
  int background = 0, total = 0;
  for (const auto& [colour, n] : histogram) {
    background = std::max(background, n);
    total += n;
  }
  return {total - background, static_cast<int>(histogram.size())};
}

bool expect(bool ok, const char* what, int value) {
  std::printf("%s %s (%d)\n", ok ? "ok:  " : "FAIL:", what, value);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: mailsim-shotcheck PNG main|contrast|panels\n");
    return 2;
  }
  Image img;
  int channels = 0;
  img.px = stbi_load(argv[1], &img.w, &img.h, &channels, 3);
  if (!img.px) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  if (std::string(argv[2]) == "panels") {
    // Below the menu and the timeline (at most a third of the height at 2.5x text): the
    // upper panes, then the lower ones (the upper take 55% of the body).
    struct Pane {
      const char* name;
      float x0, y0, x1, y1;
    };
    const Pane panes[] = {{"topology", 0.02f, 0.36f, 0.48f, 0.64f},
                          {"transcript", 0.52f, 0.36f, 0.98f, 0.64f},
                          {"events", 0.02f, 0.76f, 0.48f, 0.98f},
                          {"inspectors", 0.52f, 0.76f, 0.98f, 0.98f}};
    bool ok = true;
    for (const Pane& p : panes) {
      const auto [pixels, colours] = ink(img, p.x0, p.y0, p.x1, p.y1);
      const int area = static_cast<int>((p.x1 - p.x0) * img.w * (p.y1 - p.y0) * img.h);
      ok &= expect(pixels * 100 >= area, (std::string(p.name) + ": content, 1% of the pane at least").c_str(), pixels);
      ok &= expect(colours >= 8, (std::string(p.name) + ": colours").c_str(), colours);
    }
    stbi_image_free(img.px);
    return ok ? 0 : 1;
  }
  const bool contrast = std::string(argv[2]) == "contrast";
  const Rgb node = contrast ? Rgb{0, 0, 160} : Rgb{30, 100, 115};
  const Rgb client = contrast ? Rgb{0, 255, 255} : Rgb{120, 190, 255};
  const Rgb ok2xx = contrast ? Rgb{0, 255, 0} : Rgb{110, 220, 120};

  std::set<int> colours;
  for (int y = 0; y < img.h; y += 2)
    for (int x = 0; x < img.w; x += 2) {
      const Rgb p = img.at(x, y);
      colours.insert(p.r << 16 | p.g << 8 | p.b);
    }
  bool ok = expect(img.w >= 640 && img.h >= 400, "image size", img.w);
  ok &= expect(colours.size() >= 50, "distinct colours (not blank)", static_cast<int>(colours.size()));
  const int nodes = count(img, 0.0f, 0.15f, 0.5f, 0.62f, node);
  ok &= expect(nodes >= 1500, "topology: host boxes on the left", nodes);
  const int right_nodes = count(img, 0.5f, 0.15f, 1.0f, 0.62f, node);
  ok &= expect(right_nodes < nodes / 4, "no host boxes in the transcript", right_nodes);
  const int cmds = count(img, 0.5f, 0.15f, 1.0f, 0.62f, client, 30);
  ok &= expect(cmds >= 150, "transcript: client commands on the right", cmds);
  const int replies = count(img, 0.5f, 0.15f, 1.0f, 0.62f, ok2xx, 30);
  ok &= expect(replies >= 100, "transcript: 2xx replies on the right", replies);
  stbi_image_free(img.px);
  return ok ? 0 : 1;
}
