network { name = "org\0b" }
