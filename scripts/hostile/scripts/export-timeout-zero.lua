net:exportExternal { timeout = "0s" }
