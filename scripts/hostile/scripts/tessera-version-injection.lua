network { name = "org-b", tessera = "0.10.6$(id)" }
