net:addNode { name = "node2", expose = { type = "NodePort", annotations = { ["a b"] = "x" } } }
