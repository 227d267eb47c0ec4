net:addNode { name = "node2", keyDir = "k2" } net:genKeys { kdf = "light" }
