#include "browser.hpp"

#include <emscripten.h>

namespace mailsim::web {
namespace {

// Each forwards to the page's function of the same name if it has one (a page without
// them, such as emscripten's default shell, still runs the window).
EM_JS(void, js_call, (const char* name, const char* arg), {
  const f = window.mailsim && window.mailsim[UTF8ToString(name)];
  if (f) f(UTF8ToString(arg));
});

}  // namespace

void download(const std::string& path) { js_call("download", path.c_str()); }
void copy_link(const std::string& query) { js_call("copyLink", query.c_str()); }
void pick_file() { js_call("pickFile", ""); }
void store_settings(const std::string& dir) { js_call("storeSettings", dir.c_str()); }
void page_ready() { js_call("ready", ""); }
void page_failed(const std::string& message) { js_call("failed", message.c_str()); }

}  // namespace mailsim::web
