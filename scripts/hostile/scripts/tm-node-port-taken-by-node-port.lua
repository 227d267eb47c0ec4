net:addNode { name = "node2", tmNodePort = 30301 }
