net:addNode { name = "${HOME}" }
