--- qube.nodes: declaring a row of similar nodes in one call.
--
--   local nodes = require "qube.nodes"
--   nodes.add(net, { count = 3, prefix = "quorum-node", nodePort = 30301, tmNodePort = 30401 })
--
-- adds quorum-node1..quorum-node3 with NodePorts 30301..30303 (devp2p) and
-- 30401..30403 (Tessera); `raftNodePort` counts up the same way. Every other
-- key is passed to addNode unchanged.
local nodes = {}

---addNode's options, less `name`, plus the row's shape.
---@class qube.NodeRow: qube.NodeOptions
---@field count integer how many nodes
---@field prefix? string names are prefix .. number (default "quorum-node")
---@field first? integer the first number (default 1)

--- Adds `spec.count` nodes named `spec.prefix .. i` for i = `spec.first`
-- (default 1) onwards; `nodePort`, `tmNodePort` and `raftNodePort`, when given,
-- are the first node's ports and count up with it. Returns the node objects in order.
---@param net qube.Network
---@param spec qube.NodeRow
---@return qube.Node[]
function nodes.add(net, spec)
    if getmetatable(net) ~= "network" then
        error(("nodes.add: argument #1 must be a network, got %s"):format(type(net)), 2)
    end
    if type(spec) ~= "table" then
        error(("nodes.add: argument #2 must be a table, got %s"):format(type(spec)), 2)
    end
    local count, prefix, first = spec.count, spec.prefix or "quorum-node", spec.first or 1
    if math.type(count) ~= "integer" or count < 1 then
        error("nodes.add: count must be a positive integer", 2)
    end
    if type(prefix) ~= "string" then
        error("nodes.add: prefix must be a string", 2)
    end
    if math.type(first) ~= "integer" then
        error("nodes.add: first must be an integer", 2)
    end
    local added = {}
    for i = 0, count - 1 do
        local node = {}
        for key, value in pairs(spec) do
            if key ~= "count" and key ~= "prefix" and key ~= "first" then
                node[key] = value
            end
        end
        node.name = prefix .. (first + i)
        if spec.nodePort then node.nodePort = spec.nodePort + i end
        if spec.tmNodePort then node.tmNodePort = spec.tmNodePort + i end
        if spec.raftNodePort then node.raftNodePort = spec.raftNodePort + i end
        local ok, result = pcall(net.addNode, net, node)
        if not ok then
            -- Report the mistake at the script's line, not at this module's.
            error((tostring(result):gsub("^[^\n]-:%d+: ", "", 1)), 2)
        end
        added[#added + 1] = result
    end
    return added
end

return nodes
