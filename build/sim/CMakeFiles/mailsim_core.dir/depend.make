# Empty dependencies file for mailsim_core.
# This may be replaced when dependencies are built.
