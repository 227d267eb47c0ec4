network { name = "org-b", context = "prod\0x" }
