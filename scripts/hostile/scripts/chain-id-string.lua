network { name = "org-b", chainId = "1000" }
