// Fuzz target lesson: the lesson parser reads any text as a lesson file (front matter,
// `::: fr` / `::: en` blocks, steps with anchors, predictions, try-it changes, activities,
// every error with file:line). For a lesson that loads, what needs no simulation is done
// too: each address or message step's subject summed up in both languages and its
// prediction judged against one of its choices. (Steps over a trace run a scenario, some
// 100 ms each: the scenario target covers runs; here they would leave the parser starved.)
// The file stands in lessons/ so that scenario and message names resolve as for the
// shipped lessons.
#include "lesson/lesson.hpp"

using namespace mailsim;
using namespace mailsim::lesson;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<LessonError> errors;
  const std::optional<Lesson> loaded = load_lesson_text(text, MAILSIM_SOURCE_DIR "/lessons/99-fuzz.md", errors);
  for (const LessonError& e : errors)
    if (e.pos.line == 0) __builtin_trap();  // every error says where
  if (!loaded) return 0;
  for (const Step& step : loaded->steps) {
    if (step.address.empty() && step.message_file.empty()) continue;
    for (const Lang lang : {Lang::En, Lang::Fr}) {
      (void)subject_summary(step, lang);
      if (step.predict) {
        const std::string answer = step.predict->options.empty() ? "yes" : step.predict->options.front();
        (void)evaluate_prediction(step, nullptr, answer, lang);
      }
    }
  }
  return 0;
}
