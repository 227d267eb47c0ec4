-- org-b.lua: organisation B's side, joining A's chain from the files A sent.
--
-- Needs org-a-genesis.json and org-a.external.yaml from organisation A (run
-- org-a.lua first); writes org-b.external.yaml for A. See org-a.lua for the
-- whole exchange.
--
--   qube run --dry-run org-b.lua
local exchange = require "qube.exchange"
local nodes = require "qube.nodes"

for _, file in ipairs { "org-a-genesis.json", "org-a.external.yaml" } do
    if not qube.exists(file) then
        error(file .. " is missing: organisation A sends it (run org-a.lua first)", 0)
    end
end

-- B joins A's chain: chainId and consensus come from A's genesis, whose bytes
-- B renders unchanged. B's nodes are members, not validators.
local b = network {
    name = "org-b",
    genesis = readGenesis "org-a-genesis.json",
    quorum = "2.7.0",
    tessera = "0.10.6",
    context = "cluster-b",
    expose = { type = "NodePort", nodeIp = "198.51.100.20" },
}
nodes.add(b, { count = 2, prefix = "b-node", validator = false, nodePort = 30311, tmNodePort = 30411 })
b:genKeys()
b:deploy() -- applied when the script ends, in B's final state

local theirs = exchange.adopt(b, "org-a.external.yaml")
exchange.publish(b, "org-b.external.yaml")

print(("org-b: joined chain %d (genesis sha256 %s); peers with %d nodes of org-a"):format(
    b.chainId, b:genesis().sha256, #theirs))
