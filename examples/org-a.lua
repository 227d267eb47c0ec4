-- org-a.lua: organisation A's side of a two-organisation network, exchanging files only.
--
-- A and B each run their own script against their own cluster. They trade three
-- files, by whatever channel they trust:
--
--   A → B  org-a-genesis.json     the chain B joins (compare its sha256 by phone)
--   A → B  org-a.external.yaml    A's nodes: enode URL, Tessera URL, validator address
--   B → A  org-b.external.yaml    B's nodes
--
-- Run order: org-a.lua, then org-b.lua (with A's two files), then org-a.lua
-- again (with B's file) so A's peer lists hold B. Every run converges: keys
-- are made once, and running the scripts again changes no byte.
--
--   qube run --dry-run org-a.lua     -- everything but touching cluster-a
local exchange = require "qube.exchange"
local nodes = require "qube.nodes"

local a = network {
    name = "org-a",
    consensus = "istanbul",
    chainId = 2024,
    quorum = "2.7.0",
    tessera = "0.10.6",
    context = "cluster-a",
    expose = { type = "NodePort", nodeIp = "192.0.2.10" },
}
nodes.add(a, { count = 3, prefix = "a-node", nodePort = 30301, tmNodePort = 30401 })
a:genKeys()

-- deploy applies when the script ends, with B's nodes once B's file is here.
-- Asked for before the export, it lets the export learn cluster-assigned ports
-- by applying only A's external Services (fixed NodePorts need no cluster).
a:deploy()

-- What A sends to B: the genesis and A's nodes.
local genesis = a:genesis()
genesis:write("org-a-genesis.json")
exchange.publish(a, "org-a.external.yaml")

-- What B sent back, once it has: A peers with B's nodes from then on.
local theirs = exchange.adopt(a, "org-b.external.yaml")

local peers = theirs and (#theirs .. " nodes of org-b") or "no other organisation yet (org-b.external.yaml not here)"
print(("org-a: genesis sha256 %s; peers with %s"):format(genesis.sha256, peers))
