# Included by the top CMakeLists.txt when MAILSIM_FUZZ is ON: every object of the tree is
# compiled with libFuzzer's coverage hooks and the address and undefined-behaviour
# sanitizers, so that the fuzz targets (fuzz/CMakeLists.txt) see inside the core library.
# Only clang has libFuzzer (Debian: clang with libclang-rt-14-dev); GCC builds leave this off.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "MAILSIM_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ "
                      "or use ./mailsim.sh fuzz, which does")
endif()
# -O1 and line tables only: the build is several times quicker than -O2 -g (CI builds it),
# the targets are nearly as fast, and a stack trace still names file and line.
add_compile_options(-O1 -gline-tables-only -fsanitize=fuzzer-no-link,address,undefined
                    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
