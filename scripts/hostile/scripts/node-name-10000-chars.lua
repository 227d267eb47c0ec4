net:addNode { name = string.rep("a", 10000) }
