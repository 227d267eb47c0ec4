-- qbft-current.lua: current GoQuorum and Tessera, QBFT consensus, LoadBalancer exposure.
--
-- Four QBFT validators on GoQuorum 24.4.1 with Tessera 24.4.2. Each node gets
-- an external LoadBalancer Service carrying devp2p and Tessera P2P only (never
-- RPC); the cloud assigns the addresses. Tessera must advertise the address
-- others reach it at, so with a deploy pending, the export applies only the
-- Namespace and the LoadBalancer Services first, waits for their addresses,
-- records them (addresses/qbft.json), and the deploy at the end of the run
-- starts nodes that advertise them: one run, each node started once.
--
--   qube run --dry-run qbft-current.lua       -- render, and show what deploy would apply
--   qube run qbft-current.lua                 -- deploy to cluster "prod-eu"
--   qube run qbft-current.lua -- export       -- the same, and write qbft.external.yaml
local nodes = require "qube.nodes"

local net = network {
    name = "qbft",
    consensus = "qbft",
    chainId = 1337,
    quorum = "24.4.1",
    tessera = "24.4.2",
    blockPeriod = 2,
    context = "prod-eu",
    namespace = "quorum",
    expose = {
        type = "LoadBalancer",
        annotations = { ["service.beta.kubernetes.io/aws-load-balancer-type"] = "nlb" },
    },
}
nodes.add(net, { count = 4, prefix = "validator", storage = "20Gi", gethParams = "--verbosity 3" })
net:genKeys()
net:render()
net:deploy()

if qube.args[1] == "export" then
    writeExternal("qbft.external.yaml", net:exportExternal { wait = true, timeout = "10m" })
    print("wrote qbft.external.yaml")
end
print(("qbft: %d validators, genesis sha256 %s"):format(#net:nodes(), net:genesis().sha256))
