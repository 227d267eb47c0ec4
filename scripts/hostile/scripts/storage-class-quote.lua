net:addNode { name = "node2", storageClass = "fast\"; x" }
