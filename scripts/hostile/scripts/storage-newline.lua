net:addNode { name = "node2", storage = "5Gi\nkind: Secret" }
