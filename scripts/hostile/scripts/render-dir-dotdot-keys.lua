net:render { dir = "sub/../keys/" }
