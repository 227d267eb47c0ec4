local other = network { name = "other", namespace = "elsewhere" }; other:addNode { name = "o1", nodePort = 30401 }
