-- raft-two-orgs.lua: a raft chain across two organisations, both in one script.
--
-- Organisation A (network raft-a) founds a raft cluster of three nodes in
-- cluster-a; organisation B (raft-b) joins A's chain with two nodes in
-- cluster-b, one of them a learner. Raft membership is explicit, as GoQuorum
-- has it: a running member of A adds each of B's nodes (raft.addPeer, or
-- raft.addLearner), which gives it its raft ID, and B's node starts with
-- --raftjoinexisting <id>. IDs are kept in keys/raft-a/raft-ids.json (A's
-- side) and keys/raft-b/raft-ids.json (B's side), so a re-run adds nobody
-- twice and renumbers nobody. Both sides expose devp2p, raft and Tessera
-- through fixed NodePorts, so the records are known before any cluster runs.
-- A's must be: raft members (B's nodes too) dial a founder for the life of the
-- chain at the address A's static-nodes.json gives it when the raft cluster
-- first starts, so A's nodes are listed there at nodeIp and their fixed
-- ports, not at in-cluster names B cannot resolve (exportExternal refuses a
-- founder whose ports the cluster assigns):
--
--   qube run raft-two-orgs.lua            -- A deploys, adds B's nodes, B deploys
--   qube run --dry-run raft-two-orgs.lua  -- B's nodes render with no pod (no ID yet)
--
-- A node that has no raft ID yet is rendered with replicas: 0: it never starts
-- on its own, which would found a second raft cluster.
local exchange = require "qube.exchange"
local nodes = require "qube.nodes"

-- 1. A founds the raft cluster: its nodes' raft IDs are 1, 2, 3, their
--    positions in static-nodes.json.
local a = network {
    name = "raft-a",
    consensus = "raft",
    chainId = 1002,
    quorum = "2.7.0",
    tessera = "0.10.6",
    context = "cluster-a",
    expose = { type = "NodePort", nodeIp = "192.0.2.10" },
}
nodes.add(a, { count = 3, prefix = "a-node", nodePort = 30301, tmNodePort = 30401, raftNodePort = 30501 })
a:genKeys()
local genesis = a:genesis()
a:render()
-- A's nodes must run before A's syncRaft below. Until A has added B's nodes (its
-- raft-ids.json records them) they are deployed now, before B's nodes are A's peers: a node
-- static-nodes.json lists at a founder's first start founds the cluster with it. Once A has,
-- A is deployed at the end of the run only, with B's nodes, so a re-run applies nothing twice.
if not qube.exists("keys/raft-a/raft-ids.json") then a:deploy { now = true, wait = true } end
a:deploy()

-- 2. B joins A's chain with two nodes; b-node2 joins as a learner (set
--    raftLearner = false later, and A's next syncRaft promotes it).
local b = network {
    name = "raft-b",
    genesis = genesis,
    quorum = "2.7.0",
    tessera = "0.10.6",
    context = "cluster-b",
    expose = { type = "NodePort", nodeIp = "198.51.100.20" },
}
nodes.add(b, { count = 1, prefix = "b-node", nodePort = 30311, tmNodePort = 30411, raftNodePort = 30511 })
b:addNode { name = "b-node2", raftLearner = true, nodePort = 30312, tmNodePort = 30412, raftNodePort = 30512 }
b:genKeys()

-- 3. A peers with B's nodes and adds them to its raft cluster: raft.addPeer
--    on a running node of A, once per node, ever.
exchange.share(b, a)
a:render()
a:deploy()
for _, member in ipairs(a:syncRaft()) do
    print(("raft-a: %s has raft ID %d%s%s"):format(
        member.name, member.raftId, member.learner and " (learner)" or "", member.removed and " (removed)" or ""))
end

-- 4. B takes A's records: A's nodes to peer with, and the raft IDs A gave
--    B's own nodes; B's nodes then start with --raftjoinexisting <id>.
exchange.share(a, b)
b:render()
b:deploy()

for _, node in ipairs(b:nodes()) do
    print(("raft-b: %s %s"):format(node.name, node.enode))
end
