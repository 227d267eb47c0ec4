network { name = "org-b", accountBalance = "1e18" }
