net:addNode { name = "node2", rpcApis = { "eth", "$(id)" } }
