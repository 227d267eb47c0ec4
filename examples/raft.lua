-- raft.lua: a single-cluster raft network.
--
-- Five raft nodes on GoQuorum 2.7.0 with Tessera 0.10.6, reachable only inside
-- the cluster (ClusterIP, the default exposure). Raft has no validators: every
-- node is a member of the raft cluster, and blocks are minted by its leader.
--
--   qube run --dry-run raft.lua
--   qube run raft.lua               -- deploy to cluster "kind-qube"
local nodes = require "qube.nodes"

local net = network {
    name = "raft",
    consensus = "raft",
    chainId = 10,
    quorum = "2.7.0",
    tessera = "0.10.6",
    context = "kind-qube",
}
nodes.add(net, { count = 5, prefix = "raft-node" })
net:genKeys()
net:render()
net:deploy()

for _, node in ipairs(net:nodes()) do
    print(("%-10s %s"):format(node.name, node.enode))
end
