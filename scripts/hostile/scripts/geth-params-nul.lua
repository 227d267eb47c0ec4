net:addNode { name = "node2", gethParams = "--verbosity\0 5" }
