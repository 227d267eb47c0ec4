net:addNode { name = "node2", expose = { type = "NodePort", nodeIp = "1.2.3.4; rm -rf /" } }
