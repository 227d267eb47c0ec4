net:deploy { wait = true, timeout = "9223372036854775807h" }
