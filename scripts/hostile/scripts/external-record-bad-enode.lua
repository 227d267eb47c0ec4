net:addExternal { name = "org-b-node1", enode = "enode://00@1.2.3.4:30303" }
