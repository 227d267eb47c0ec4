net:addNode { name = "nöde2" }
