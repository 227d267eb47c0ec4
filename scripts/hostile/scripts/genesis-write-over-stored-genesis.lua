readGenesis("out/hostile/genesis.json"):write("keys/hostile/genesis.json")
