local other = network { name = "other" }
