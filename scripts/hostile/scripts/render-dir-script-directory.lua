net:render { dir = "." }
