writeExternal("../escape.yaml", {})
