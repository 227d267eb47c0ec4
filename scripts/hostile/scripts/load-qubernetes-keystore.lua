loadQubernetes("keys/hostile/node1/acctkeyfile.json", { name = "q" })
