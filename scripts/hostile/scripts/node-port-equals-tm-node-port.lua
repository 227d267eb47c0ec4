net:addNode { name = "node2", nodePort = 30302, tmNodePort = 30302 }
