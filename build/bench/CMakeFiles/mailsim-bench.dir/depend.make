# Empty dependencies file for mailsim-bench.
# This may be replaced when dependencies are built.
