readGenesis("keys/hostile/node1/tm.key")
