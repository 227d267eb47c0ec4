net:addNode { name = "node\0two" }
