network { name = "org-b", chainId = 2^63 }
