readExternal("peer.yaml")
