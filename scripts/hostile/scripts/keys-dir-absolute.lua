local other = network { name = "other", keysDir = "/tmp/qube-hostile-escape-keys" }
other:addNode { name = "n1" }
other:genKeys { kdf = "light" }
