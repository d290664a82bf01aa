file(REMOVE_RECURSE
  "libmailsim_core.a"
)
