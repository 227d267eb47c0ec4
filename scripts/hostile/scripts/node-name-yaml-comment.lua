net:addNode { name = "node2 #x" }
