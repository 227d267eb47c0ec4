local other = network { name = "other", keysDir = "keys/hostile/node1" }
