readExternal("nodes\0.yaml")
