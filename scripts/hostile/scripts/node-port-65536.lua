net:addNode { name = "node2", nodePort = 65536 }
