file(REMOVE_RECURSE
  "CMakeFiles/mailsim_core.dir/cli/cmd_message.cpp.o"
  "CMakeFiles/mailsim_core.dir/cli/cmd_message.cpp.o.d"
  "CMakeFiles/mailsim_core.dir/core/kernel.cpp.o"
  "CMakeFiles/mailsim_core.dir/core/kernel.cpp.o.d"
  "CMakeFiles/mailsim_core.dir/core/random.cpp.o"
  "CMakeFiles/mailsim_core.dir/core/random.cpp.o.d"
  "CMakeFiles/mailsim_core.dir/core/time.cpp.o"
  "CMakeFiles/mailsim_core.dir/core/time.cpp.o.d"
  "CMakeFiles/mailsim_core.dir/core/trace.cpp.o"
  "CMakeFiles/mailsim_core.dir/core/trace.cpp.o.d"
  "CMakeFiles/mailsim_core.dir/net/dns.cpp.o"
  "CMakeFiles/mailsim_core.dir/net/dns.cpp.o.d"
  "CMakeFiles/mailsim_core.dir/net/network.cpp.o"
  "CMakeFiles/mailsim_core.dir/net/network.cpp.o.d"
  "libmailsim_core.a"
  "libmailsim_core.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/mailsim_core.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
