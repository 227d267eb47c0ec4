-- namespaces.lua: multi-cluster across namespaces via NodePort.
--
-- Two networks in two namespaces of one cluster, reaching each other only
-- through NodePorts on the node address, exactly as two clusters would. A way
-- to rehearse the multi-cluster flow on a single kind or minikube cluster.
-- NodePorts are cluster-wide: the two networks must not share any.
--
--   qube run --dry-run namespaces.lua
--   qube run namespaces.lua          -- with a cluster named "kind-qube"
local exchange = require "qube.exchange"
local nodes = require "qube.nodes"

local cluster = "kind-qube"
local nodeIp = "172.18.0.2"       -- the kind node's address (kubectl get nodes -o wide)

local east = network {
    name = "east",
    namespace = "quorum-east",
    consensus = "istanbul",
    chainId = 3000,
    context = cluster,
    expose = { type = "NodePort", nodeIp = nodeIp },
}
nodes.add(east, { count = 2, prefix = "east-node", nodePort = 31301, tmNodePort = 31401 })
east:genKeys()

local west = network {
    name = "west",
    namespace = "quorum-west",
    genesis = east:genesis(),
    context = cluster,
    expose = { type = "NodePort", nodeIp = nodeIp },
}
nodes.add(west, { count = 2, prefix = "west-node", validator = false, nodePort = 31311, tmNodePort = 31411 })
west:genKeys()

exchange.connect(east, west)
for _, net in ipairs { east, west } do
    net:render()
    net:deploy()
    print(("%s: namespace %s, %d nodes, %d peers in the other namespace"):format(
        net.name, net.namespace, #net:nodes(), #net:externalNodes()))
end
