net:addNode { name = "node2\nkind: Secret" }
