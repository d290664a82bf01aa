file(REMOVE_RECURSE
  "../bin/mailsim"
  "../bin/mailsim.pdb"
  "CMakeFiles/mailsim.dir/cli/main.cpp.o"
  "CMakeFiles/mailsim.dir/cli/main.cpp.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/mailsim.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
