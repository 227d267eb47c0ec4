local q = loadQubernetes("q/qubernetes.yaml", { name = "q", tessera = false }) q:genKeys { kdf = "light" }
