local other = network { name = "other", tessera = false } other:addNode { name = "x" } other:render { dir = "out/hostile" }
