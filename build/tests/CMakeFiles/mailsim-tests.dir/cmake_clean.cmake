file(REMOVE_RECURSE
  "../bin/mailsim-tests"
  "../bin/mailsim-tests.pdb"
  "CMakeFiles/mailsim-tests.dir/unit/main.cpp.o"
  "CMakeFiles/mailsim-tests.dir/unit/main.cpp.o.d"
  "mailsim-tests_tests-b858cb2.cmake"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/mailsim-tests.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
