network { name = "org-b", namespace = "$(id)" }
