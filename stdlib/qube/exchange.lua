--- qube.exchange: connecting networks of different organisations.
--
-- Each organisation exports its nodes' public coordinates (enode URL, Tessera
-- URL, validator address) and imports the other's, in the external_nodes
-- format qctl users already exchange. Within one script the networks trade
-- records directly; between organisations they trade files.
--
--   local exchange = require "qube.exchange"
--   exchange.share(a, b)                          -- B peers with A's nodes
--   exchange.connect(a, b)                        -- both ways
--   exchange.publish(a, "org-a.external.yaml")    -- export mine to a file
--   exchange.adopt(a, "org-b.external.yaml")      -- import theirs, once they sent it
local exchange = {}

local function check_network(value, position, name)
    if getmetatable(value) ~= "network" then
        error(("%s: argument #%d must be a network, got %s"):format(name, position, type(value)), 3)
    end
end

-- Adds `records` to `net`; an empty list adds nothing.
local function add(net, records)
    if #records > 0 then
        net:addExternal(records)
    end
end

local function check_path(value, position, name)
    if type(value) ~= "string" or value == "" then
        error(("%s: argument #%d must be a file path, got %s"):format(name, position, type(value)), 3)
    end
end

--- Adds the nodes `from` exports to `to`, and returns those records.
-- `options` are exportExternal's (nodeIp, wait, timeout).
---@param from qube.Network
---@param to qube.Network
---@param options? qube.ExportOptions
---@return qube.ExternalRecord[]
function exchange.share(from, to, options)
    check_network(from, 1, "exchange.share")
    check_network(to, 2, "exchange.share")
    local records = from:exportExternal(options)
    add(to, records)
    return records
end

--- Shares both ways: `a` peers with `b`'s nodes and `b` with `a`'s.
-- Returns the records of `a`, then those of `b`.
---@param a qube.Network
---@param b qube.Network
---@param options? qube.ExportOptions
---@return qube.ExternalRecord[], qube.ExternalRecord[]
function exchange.connect(a, b, options)
    check_network(a, 1, "exchange.connect")
    check_network(b, 2, "exchange.connect")
    return exchange.share(a, b, options), exchange.share(b, a, options)
end

--- Writes the nodes `net` exports to the external_nodes file `path`, and
-- returns the records. Writing the same records again leaves the file's bytes
-- unchanged.
---@param net qube.Network
---@param path string
---@param options? qube.ExportOptions
---@return qube.ExternalRecord[]
function exchange.publish(net, path, options)
    check_network(net, 1, "exchange.publish")
    check_path(path, 2, "exchange.publish")
    local records = net:exportExternal(options)
    writeExternal(path, records)
    return records
end

--- Adds the nodes of the external_nodes file `path` to `net` when the file
-- exists, and returns its records; returns nil when the other organisation has
-- not sent it yet.
---@param net qube.Network
---@param path string
---@return qube.ExternalRecord[]?
function exchange.adopt(net, path)
    check_network(net, 1, "exchange.adopt")
    check_path(path, 2, "exchange.adopt")
    if not qube.exists(path) then
        return nil
    end
    local records = readExternal(path)
    add(net, records)
    return records
end

return exchange
