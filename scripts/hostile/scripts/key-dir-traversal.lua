net:addNode { name = "node2", keyDir = "../../escape" }
