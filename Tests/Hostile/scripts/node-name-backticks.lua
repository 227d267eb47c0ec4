net:addNode { name = "`id`" }
