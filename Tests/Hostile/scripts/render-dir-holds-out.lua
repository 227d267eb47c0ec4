net:render { dir = "out" }
