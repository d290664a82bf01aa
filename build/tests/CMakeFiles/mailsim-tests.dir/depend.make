# Empty dependencies file for mailsim-tests.
# This may be replaced when dependencies are built.
