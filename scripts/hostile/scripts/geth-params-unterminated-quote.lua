net:addNode { name = "node2", gethParams = "--identity \"x" }
