net:render { dir = "keys/hostile" }
