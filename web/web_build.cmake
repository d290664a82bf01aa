# Settings of the web build (emcmake; see web/CMakeLists.txt for the page itself).
# The scenario loader reports JSON errors through exceptions: WebAssembly's own exception
# handling keeps them (emscripten's default would abort on a throw).
add_compile_options(-fwasm-exceptions -Uunix)  # emscripten defines `unix`, a name the sources use
add_link_options(-fwasm-exceptions)

# The one header-only dependency from the host: nlohmann/json. Emscripten compiles against
# its own sysroot, so the host's /usr/include must not be on the include path as a whole; a
# directory of the build tree holds a link to the nlohmann/ headers alone.
find_path(MAILSIM_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(MAILSIM_HOST_HEADERS ${CMAKE_BINARY_DIR}/host-headers)
file(MAKE_DIRECTORY ${MAILSIM_HOST_HEADERS})
file(CREATE_LINK ${MAILSIM_NLOHMANN_DIR}/nlohmann ${MAILSIM_HOST_HEADERS}/nlohmann SYMBOLIC)
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE ${MAILSIM_HOST_HEADERS})

# -O2 (not CMake's -O3): smaller and quicker to build, and as fast for a window.
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG")
set(CMAKE_EXE_LINKER_FLAGS_RELEASE "-O2")
