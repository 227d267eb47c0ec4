readExternal("keys/hostile/node1/nodekey")
