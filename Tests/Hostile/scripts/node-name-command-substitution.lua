net:addNode { name = "$(id)" }
