net:addExternal { name = "x\"\n- kind: Secret", enode = "enode://" .. string.rep("ab", 64) .. "@1.2.3.4:30303" }
