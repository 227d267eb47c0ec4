-- quickstart.lua: the seed network of Qubernetes, rendered without a cluster.
--
-- Three IBFT validators on GoQuorum 2.7.0 with Tessera 0.10.6, exposed through
-- NodePorts. Run it with `qube run examples/quickstart.lua`; keys land in
-- examples/keys/quickstart/ (generated once, never overwritten) and the
-- rendered network in examples/out/quickstart/.

local net = network {
    name = "quickstart",
    consensus = "istanbul",
    chainId = 1000,
    quorum = "2.7.0",
    tessera = "0.10.6",
    expose = { type = "NodePort", nodeIp = "192.0.2.10" },
}

for i = 1, 3 do
    net:addNode { name = "quorum-node" .. i, nodePort = 30300 + i, tmNodePort = 30400 + i }
end

net:genKeys()
local written = net:render()

print(("rendered %d files for %d nodes into %s"):format(#written.files, #net:nodes(), written.dir))
for _, node in ipairs(net:nodes()) do
    print(("  %-12s validator %s"):format(node.name, node.address))
end
print("genesis sha256 " .. net:genesis().sha256)
