
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/sim/cli/cmd_message.cpp" "sim/CMakeFiles/mailsim_core.dir/cli/cmd_message.cpp.o" "gcc" "sim/CMakeFiles/mailsim_core.dir/cli/cmd_message.cpp.o.d"
  "/work/main/sim/core/kernel.cpp" "sim/CMakeFiles/mailsim_core.dir/core/kernel.cpp.o" "gcc" "sim/CMakeFiles/mailsim_core.dir/core/kernel.cpp.o.d"
  "/work/main/sim/core/random.cpp" "sim/CMakeFiles/mailsim_core.dir/core/random.cpp.o" "gcc" "sim/CMakeFiles/mailsim_core.dir/core/random.cpp.o.d"
  "/work/main/sim/core/time.cpp" "sim/CMakeFiles/mailsim_core.dir/core/time.cpp.o" "gcc" "sim/CMakeFiles/mailsim_core.dir/core/time.cpp.o.d"
  "/work/main/sim/core/trace.cpp" "sim/CMakeFiles/mailsim_core.dir/core/trace.cpp.o" "gcc" "sim/CMakeFiles/mailsim_core.dir/core/trace.cpp.o.d"
  "/work/main/sim/net/dns.cpp" "sim/CMakeFiles/mailsim_core.dir/net/dns.cpp.o" "gcc" "sim/CMakeFiles/mailsim_core.dir/net/dns.cpp.o.d"
  "/work/main/sim/net/network.cpp" "sim/CMakeFiles/mailsim_core.dir/net/network.cpp.o" "gcc" "sim/CMakeFiles/mailsim_core.dir/net/network.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
