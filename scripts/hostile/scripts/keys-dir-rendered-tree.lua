local other = network { name = "other", keysDir = "out/hostile" }
