local ok, e = pcall(function() return readExternal("keys/hostile/node1/nodekey") end) error(e, 0)
