network { name = string.rep("o", 10000) }
