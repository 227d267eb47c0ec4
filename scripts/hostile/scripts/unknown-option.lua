net:addNode { nmae = "node2" }
