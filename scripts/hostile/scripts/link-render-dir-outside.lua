net:render { dir = "elsewhere/tree" }
