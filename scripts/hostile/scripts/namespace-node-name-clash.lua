local other = network { name = "other", namespace = "hostile" }; other:addNode { name = "node1" }
