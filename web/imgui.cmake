# Dear ImGui for the web build, compiled from the sources of Debian's `imgui` source package
# (1.86+ds, fetched by `./mailsim.sh web` with apt-get source): the same version the desktop
# window links, so both draw the same. Defines the target mailsim_imgui (core, std::string
# InputText, and the GLFW + OpenGL3 backends, which emscripten's GLFW and WebGL 2 serve).
set(MAILSIM_IMGUI_SOURCE_DIR "" CACHE PATH "Dear ImGui 1.86 sources (Debian's imgui source package)")
set(src ${MAILSIM_IMGUI_SOURCE_DIR})
if(NOT EXISTS ${src}/imgui.h)
  message(FATAL_ERROR "MAILSIM_IMGUI_SOURCE_DIR='${src}' holds no imgui.h: `./mailsim.sh web` fetches it")
endif()
file(STRINGS ${src}/imgui.h version_line REGEX "^#define IMGUI_VERSION +\"")
if(NOT version_line MATCHES "\"1\\.86\"")
  message(FATAL_ERROR "${src}/imgui.h is not Dear ImGui 1.86 (${version_line}): the desktop window uses 1.86")
endif()
add_library(mailsim_imgui STATIC
  ${src}/imgui.cpp ${src}/imgui_draw.cpp ${src}/imgui_tables.cpp ${src}/imgui_widgets.cpp
  ${src}/misc/cpp/imgui_stdlib.cpp
  ${src}/backends/imgui_impl_glfw.cpp ${src}/backends/imgui_impl_opengl3.cpp)
target_include_directories(mailsim_imgui SYSTEM PUBLIC ${src} ${src}/misc/cpp ${src}/backends)
target_compile_options(mailsim_imgui PRIVATE -w)
target_link_options(mailsim_imgui PUBLIC -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
unset(src)
