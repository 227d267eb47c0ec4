net:addNode { name = "\"}, {\"name\": \"x" }
