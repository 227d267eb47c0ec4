local other = network { name = "other", keysDir = "../escape-keys" }
other:addNode { name = "n1" }
other:genKeys { kdf = "light" }
