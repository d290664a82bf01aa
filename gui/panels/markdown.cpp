#include "panels/markdown.hpp"

#include <imgui.h>

#include <string>
#include <vector>

namespace mailsim::gui {
namespace {

enum class Style { Plain, Code, Emphasis };

struct Word {
  std::string text;
  Style style;
  bool space_before;
};

// The words of one paragraph with their style; the markers (` * **) are consumed.
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  Style style = Style::Plain;
  bool space = false;  // whitespace since the last word
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    words.push_back({current, style, space});
    space = false;
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '`' || (c == '*' && style != Style::Code)) {
      flush();
      if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') ++i;
      const Style marked = c == '`' ? Style::Code : Style::Emphasis;
      style = style == marked ? Style::Plain : marked;
    } else if (c == ' ' || c == '\n' || c == '\t') {
      flush();
      space = !words.empty();
    } else {
      current += c;
    }
  }
  flush();
  return words;
}

// Draws the words from the cursor, breaking lines before a word that would not fit.
void draw_words(const std::vector<Word>& words, const Fonts& fonts, const Palette& palette) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float space = ImGui::CalcTextSize(" ").x;
  bool first = true;
  for (const Word& w : words) {
    ImFont* font = w.style == Style::Code && fonts.mono ? fonts.mono : ImGui::GetFont();
    ImGui::PushFont(font);
    const float width = ImGui::CalcTextSize(w.text.c_str()).x;
    if (!first) {
      ImGui::SameLine(0, w.space_before ? space : 0);
      if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
    }
    const ImU32 colour = w.style == Style::Code ? palette.client : w.style == Style::Emphasis ? palette.message : palette.text;
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(w.text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    first = false;
  }
}

bool starts_item(std::string_view line) {
  if (line.starts_with("- ") || line.starts_with("* ")) return true;
  std::size_t k = 0;
  while (k < line.size() && line[k] >= '0' && line[k] <= '9') ++k;
  return k > 0 && line.substr(k).starts_with(". ");
}

}  // namespace

void draw_markdown(std::string_view md, const Fonts& fonts, const Palette& palette) {
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, ImGui::GetStyle().ItemSpacing.y));
  std::string paragraph;
  bool item = false, fenced = false;
  auto end_paragraph = [&] {
    if (paragraph.empty()) return;
    if (item) {
      ImGui::Bullet();
      ImGui::SameLine(0, ImGui::GetFontSize() * 0.3f);
      ImGui::BeginGroup();
    }
    draw_words(words_of(paragraph), fonts, palette);
    if (item) ImGui::EndGroup();
    ImGui::Spacing();
    paragraph.clear();
    item = false;
  };
  std::size_t start = 0;
  while (start <= md.size()) {
    std::size_t end = md.find('\n', start);
    if (end == std::string_view::npos) end = md.size();
    const std::string_view line = md.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("```")) {
      end_paragraph();
      fenced = !fenced;
      continue;
    }
    if (fenced || line.starts_with("|") || line.starts_with("    ")) {  // kept as written
      end_paragraph();
      ImGui::PushFont(fonts.mono ? fonts.mono : ImGui::GetFont());
      ImGui::TextUnformatted(line.data(), line.data() + line.size());
      ImGui::PopFont();
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      end_paragraph();
      continue;
    }
    if (starts_item(line)) {
      end_paragraph();
      item = true;
      paragraph = line.substr(line.find(' ') + 1);
      continue;
    }
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += line;
  }
  end_paragraph();
  ImGui::PopStyleVar();
}

}  // namespace mailsim::gui
