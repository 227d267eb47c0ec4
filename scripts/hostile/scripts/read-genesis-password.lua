readGenesis("keys/hostile/node1/password.txt")
