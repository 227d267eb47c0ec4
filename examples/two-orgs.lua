-- two-orgs.lua: the Qubernetes multi-cluster flow, both organisations in one script.
--
-- Organisation A (network two-orgs-a) runs three IBFT validators in cluster-a;
-- organisation B (two-orgs-b) joins A's chain with two member nodes in cluster-b. Both expose devp2p and Tessera
-- through fixed NodePorts, so each side's coordinates are known before any
-- cluster assigns them, and the whole exchange runs offline:
--
--   qube run two-orgs.lua            -- keys, genesis, peer lists, manifests; deploys
--   qube run --dry-run two-orgs.lua  -- the same, but deploy only shows what it would apply
--
-- The steps follow the multi-cluster design of Qubernetes: A creates its
-- network; A exports its nodes and shares its genesis; B joins with them and
-- exports; A adds B's nodes. deploy applies at the end of the run, so each
-- network reaches its cluster once, in its final state: A's nodes start with
-- B's in their peer lists, and a second run changes nothing.
local exchange = require "qube.exchange"
local nodes = require "qube.nodes"

-- 1. A declares its network and three validators.
local a = network {
    name = "two-orgs-a",
    consensus = "istanbul",
    chainId = 1000,
    quorum = "2.7.0",
    tessera = "0.10.6",
    context = "cluster-a",
    expose = { type = "NodePort", nodeIp = "192.0.2.10" },
}
nodes.add(a, { count = 3, prefix = "a-node", nodePort = 30301, tmNodePort = 30401 })

-- 2. A generates its keys (once; re-runs reuse them) and its genesis.
a:genKeys()
local genesis = a:genesis()

-- 3. A asks for its deploy: applied when the script ends, with what A holds by then.
a:deploy()

-- 4. B joins A's chain: same genesis bytes, so same chainId and consensus.
--    B's nodes are members; a validator added to a live chain is voted in
--    (istanbul.propose), never written into a genesis others already run.
local b = network {
    name = "two-orgs-b",
    genesis = genesis,
    quorum = "2.7.0",
    tessera = "0.10.6",
    context = "cluster-b",
    expose = { type = "NodePort", nodeIp = "198.51.100.20" },
}
nodes.add(b, { count = 2, prefix = "b-node", validator = false, nodePort = 30311, tmNodePort = 30411 })
b:genKeys()

-- 5. B peers with A's exported nodes, and asks for its deploy.
exchange.share(a, b)
b:deploy()

-- 6. A adds B's exported nodes: the deploy asked for in step 3 carries them.
exchange.share(b, a)

print(("%s: %d validators, %s: %d members, shared genesis sha256 %s"):format(
    a.name, #a:nodes(), b.name, #b:nodes(), genesis.sha256))
for _, net in ipairs { a, b } do
    for _, record in ipairs(net:externalNodes()) do
        print(("  %s peers with %-7s %s"):format(net.name, record.Node_UserIdent, record.Enode_Url:match("@([^?]*)")))
    end
end
