network { name = "org\"b" }
