# Empty compiler generated dependencies file for mailsim.
# This may be replaced when dependencies are built.
