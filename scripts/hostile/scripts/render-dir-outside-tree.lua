net:render { dir = "../escape-out" }
