network { name = "org-b", context = string.rep("c", 10000) }
