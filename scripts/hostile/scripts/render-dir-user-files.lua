net:render { dir = "docs" }
