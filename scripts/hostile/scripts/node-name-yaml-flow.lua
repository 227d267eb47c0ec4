net:addNode { name = "{x: [1]}" }
