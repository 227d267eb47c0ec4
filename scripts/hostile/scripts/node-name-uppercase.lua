net:addNode { name = "Node2" }
