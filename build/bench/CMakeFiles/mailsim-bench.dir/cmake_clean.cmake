file(REMOVE_RECURSE
  "../bin/mailsim-bench"
  "../bin/mailsim-bench.pdb"
  "CMakeFiles/mailsim-bench.dir/bench_hold.cpp.o"
  "CMakeFiles/mailsim-bench.dir/bench_hold.cpp.o.d"
  "CMakeFiles/mailsim-bench.dir/main.cpp.o"
  "CMakeFiles/mailsim-bench.dir/main.cpp.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/mailsim-bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
