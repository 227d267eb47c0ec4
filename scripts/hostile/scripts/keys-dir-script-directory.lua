local other = network { name = "other", keysDir = "." }
