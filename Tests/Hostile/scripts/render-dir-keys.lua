net:render { dir = "keys" }
