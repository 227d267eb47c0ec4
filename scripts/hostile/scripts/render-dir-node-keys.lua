net:render { dir = "keys/hostile/node1" }
