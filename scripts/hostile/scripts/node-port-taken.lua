net:addNode { name = "node2", nodePort = 30301 }
