// Theory of operation: what the web edition asks of the page around it (web/index.html).
//
// The C++ side never touches the DOM itself: these calls go to small JavaScript functions
// of the page (window.mailsim.*), which turn files of the in-memory file system into
// downloads, put text on the clipboard, open the file picker, store the settings files in
// localStorage and take the loading screen away. The page calls back into the exported
// functions of web/main.cpp (mailsim_open, mailsim_state, ...).
#pragma once
#include <string>

namespace mailsim::web {

void download(const std::string& path);        // a file of the in-memory file system
void copy_link(const std::string& query);      // this page's address with that query
void pick_file();                              // the page's <input type=file>
void store_settings(const std::string& dir);   // the files of dir into localStorage
void page_ready();                             // the first frame is drawn
void page_failed(const std::string& message);  // shown instead of the window

}  // namespace mailsim::web
