net:addNode { name = "&a *a" }
