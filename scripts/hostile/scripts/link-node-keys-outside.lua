net:addNode { name = "node2" } net:genKeys { kdf = "light" }
