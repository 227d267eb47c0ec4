net:addNode { name = "a: b" }
