net:addNode { name = { "node2" } }
