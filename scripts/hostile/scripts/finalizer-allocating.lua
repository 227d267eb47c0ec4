local t = setmetatable({}, { __gc = function() local a = {} for i = 1, 1e12 do a[i] = ("x"):rep(4096) end end })
