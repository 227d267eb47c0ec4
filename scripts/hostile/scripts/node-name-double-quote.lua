net:addNode { name = "node\"2" }
