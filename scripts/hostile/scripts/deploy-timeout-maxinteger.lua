net:deploy { wait = true, timeout = math.maxinteger }
