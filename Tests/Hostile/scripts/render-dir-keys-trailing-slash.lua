net:render { dir = "keys/" }
