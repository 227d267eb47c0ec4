---@meta qube
-- LuaCATS annotations of qube's Lua surface, for lua-language-server: completion, hover
-- documentation and type checks of topology scripts. `qube stubs` writes this file; point
-- lua-language-server at it (and at qube's stdlib/ for `require "qube.exchange"`), e.g. in
-- .luarc.json: { "workspace.library": ["qube.d.lua"], "runtime.version": "Lua 5.4" }

-- The option classes below are generated from qube's option schemas
-- (Sources/QubeLua/Surface/LuaSurface.swift); regenerate them with
-- QUBE_UPDATE_DOCS=1 swift test --filter LuaSurfaceDocsTests
-- generated: options
---@alias qube.ServiceType "ClusterIP"|"NodePort"|"LoadBalancer"
---@alias qube.Consensus "istanbul"|"qbft"|"raft"|"clique"
---@alias qube.Duration integer|string seconds, or a string like "90s", "5m", "1h"

---How a network's or a node's devp2p and Tessera P2P ports are reached from outside the cluster.
---@class qube.ExposeOptions
---@field type? qube.ServiceType the external Service's type once `expose` is given (default "NodePort")
---@field nodeIp? string the address other organisations dial for NodePort services (IPv4 or DNS name)
---@field loadBalancerIP? string a fixed LoadBalancer IP, where the provider supports one
---@field annotations? table<string, string> annotations of the external Service

---Pods outside the network admitted to some of its ports, as a NetworkPolicy peer selects them (at least one selector).
---@class qube.PeerSelector
---@field namespaceSelector? table<string, string> labels of the namespaces the pods run in; `{}` means every namespace (default the network's namespace)
---@field podSelector? table<string, string> labels of the pods (default every pod of those namespaces)

---The settings of `network{...}`.
---@class qube.NetworkOptions
---@field name string DNS-1123 label: default namespace, `app.kubernetes.io/part-of` label, `keys/<name>/` and `out/<name>/`
---@field consensus? qube.Consensus the consensus engine (default `"istanbul"`, or the joined genesis')
---@field chainId? integer the chain id, also geth's `--networkid` (default `1000`, or the joined genesis')
---@field quorum? string GoQuorum release ([versions](versions.md)) (default `"2.7.0"`)
---@field tessera? string|false Tessera release, or `false` for no privacy manager (default `"0.10.6"`)
---@field context? string the kube context this network may touch; `"current"` means kubectl's current one. Without it, deploy, destroy and exportExternal refuse to run
---@field namespace? string the Kubernetes namespace (default `name`)
---@field createNamespace? boolean whether render emits the Namespace (default true)
---@field expose? qube.ExposeOptions how nodes' devp2p and Tessera P2P ports are reached from outside the cluster (RPC never is) (default ClusterIP)
---@field genesis? qube.Genesis join the chain this genesis starts (`readGenesis(path)` or `other:genesis()`); its bytes are rendered unchanged
---@field blockPeriod? integer seconds between blocks (IBFT, QBFT, clique). A genesis that fixes the period (`config.ibft`/`config.qbft` `blockperiodseconds`, clique `period`) is the chain's: another value is refused (default `1`, or the joined genesis' period)
---@field accountBalance? string|integer wei funded to each local node's account in a new genesis (default 10^27)
---@field keysDir? string the key store; a Qubernetes `Key_Dir_Base` works as is (default `keys/<name>`)
---@field networkPolicy? boolean render a NetworkPolicy per node: devp2p, raft and Tessera P2P open as exposed, RPC, WebSocket, Tessera third-party and metrics only from the network's pods and the peers below ([security](security.md)) (default true)
---@field rpcFrom? qube.PeerSelector pods outside the network that may reach RPC, WebSocket and Tessera third-party (your dapps, your gateway) (default none)
---@field monitoring? boolean render Prometheus Operator ServiceMonitors (geth's metrics; Tessera's `/metrics` on its third-party port, which `metricsFrom` then reaches) and a Grafana dashboard ConfigMap; the cluster needs the Operator's CRDs (default false)
---@field metricsFrom? qube.PeerSelector pods that may scrape the metrics port (default pods labelled `app.kubernetes.io/name: prometheus`, any namespace)
---@field tesseraTls? boolean serve Tessera P2P over TLS (`tls: STRICT`), each side trusting only the certificates the other's records name (`Tm_Tls_Fingerprint`) ([security](security.md)) (default `true` when the network runs Tessera and exposes a node, else `false`)

---The overrides `loadQubernetes` accepts: the keys of `network{...}`, over the file's settings.
---@class qube.LoadQubernetesOptions
---@field name? string DNS-1123 label: default namespace, `app.kubernetes.io/part-of` label, `keys/<name>/` and `out/<name>/` (default the file's `k8s.namespace`, else its base name)
---@field consensus? qube.Consensus the consensus engine (default `"istanbul"`, or the joined genesis')
---@field chainId? integer the chain id, also geth's `--networkid` (default `1000`, or the joined genesis')
---@field quorum? string GoQuorum release ([versions](versions.md)) (default `"2.7.0"`)
---@field tessera? string|false Tessera release, or `false` for no privacy manager (default `"0.10.6"`)
---@field context? string the kube context this network may touch; `"current"` means kubectl's current one. Without it, deploy, destroy and exportExternal refuse to run
---@field namespace? string the Kubernetes namespace (default `name`)
---@field createNamespace? boolean whether render emits the Namespace (default true)
---@field expose? qube.ExposeOptions how nodes' devp2p and Tessera P2P ports are reached from outside the cluster (RPC never is) (default ClusterIP)
---@field genesis? qube.Genesis join the chain this genesis starts (`readGenesis(path)` or `other:genesis()`); its bytes are rendered unchanged
---@field blockPeriod? integer seconds between blocks (IBFT, QBFT, clique). A genesis that fixes the period (`config.ibft`/`config.qbft` `blockperiodseconds`, clique `period`) is the chain's: another value is refused (default `1`, or the joined genesis' period)
---@field accountBalance? string|integer wei funded to each local node's account in a new genesis (default 10^27)
---@field keysDir? string the key store; a Qubernetes `Key_Dir_Base` works as is (default the file's `config.Key_Dir_Base`, else `keys/<name>`)
---@field networkPolicy? boolean render a NetworkPolicy per node: devp2p, raft and Tessera P2P open as exposed, RPC, WebSocket, Tessera third-party and metrics only from the network's pods and the peers below ([security](security.md)) (default true)
---@field rpcFrom? qube.PeerSelector pods outside the network that may reach RPC, WebSocket and Tessera third-party (your dapps, your gateway) (default none)
---@field monitoring? boolean render Prometheus Operator ServiceMonitors (geth's metrics; Tessera's `/metrics` on its third-party port, which `metricsFrom` then reaches) and a Grafana dashboard ConfigMap; the cluster needs the Operator's CRDs (default false)
---@field metricsFrom? qube.PeerSelector pods that may scrape the metrics port (default pods labelled `app.kubernetes.io/name: prometheus`, any namespace)
---@field tesseraTls? boolean serve Tessera P2P over TLS (`tls: STRICT`), each side trusting only the certificates the other's records name (`Tm_Tls_Fingerprint`) ([security](security.md)) (default `true` when the network runs Tessera and exposes a node, else `false`)

---@class qube.NodeOptions
---@field name string DNS-1123 label, unique in the network; names the StatefulSet, Services and Secret
---@field validator? boolean in the genesis validator set (ignored for raft). A node joining a running chain is a member; make it a validator by vote (see [two-orgs](two-orgs.md)) (default true)
---@field gethParams? string extra geth parameters, split like a POSIX shell, after qube's own (so they win) (default "")
---@field keyDir? string the node's directory under the key store (`key1` for a Qubernetes key directory) (default `name`)
---@field nodePort? integer fixed NodePort for devp2p (default cluster-assigned)
---@field tmNodePort? integer fixed NodePort for Tessera P2P (default cluster-assigned)
---@field raftNodePort? integer fixed NodePort for the raft transport (raft networks) (default cluster-assigned)
---@field raftLearner? boolean join the raft cluster as a learner (`raft.addLearner`), not as a voting peer; set it back to false to promote the node (`raft.promoteToPeer`). Only for a raft network that joins another's chain (default false)
---@field expose? qube.ExposeOptions this node's exposure instead of the network's (default the network's)
---@field storage? string data volume size (default "5Gi")
---@field storageClass? string StorageClass of the data volume (default the cluster default)
---@field rpcApis? string[] geth RPC APIs; admin, personal and debug only when asked (default { "eth", "net", "web3", "quorum" })
---@field unlockAccount? boolean unlock the node's account in geth. RISK: whoever reaches the node's RPC (its pods, and the `rpcFrom` peers) can then send transactions signed by it; clique refuses `false` (default `true` for clique (it seals with the account), else `false`)

---@class qube.GenKeysOptions
---@field kdf? "standard"|"light" keystore scrypt strength: geth's standard, or light (default "standard")
---@field tesseraPassword? boolean lock tm.key with a random password (argon2) (default false)
---@field accountPassword? "random"|"empty" the account keystore's password (default "random")
---@field verify? boolean decrypt every keystore after writing it (default false)

---@class qube.RenderOptions
---@field dir? string the directory to render into (default `out/<network>`)

---@class qube.DeployOptions
---@field wait? boolean wait until every node is ready and in consensus (connected to a peer, not syncing, its chain advancing) (default false)
---@field timeout? qube.Duration how long waiting may take (default "5m")
---@field force? boolean take over fields another field manager owns (default false)
---@field now? boolean apply at this line as well as at the end of the run. Costs a roll: a change to the network later in the run is applied again at the end, restarting the nodes it touches (default false)

---@class qube.DestroyOptions
---@field volumes? boolean also delete the nodes' volumes, and with them the chain data (default false)

---@class qube.ExportOptions
---@field nodeIp? string the address to export for NodePort services (default `expose.nodeIp`, else a cluster node's ExternalIP)
---@field inCluster? boolean export ClusterIP nodes by their in-cluster DNS names, for another namespace of the same cluster (else they are refused) (default false)
---@field wait? boolean wait for LoadBalancer addresses (default false)
---@field timeout? qube.Duration how long to wait (default "5m")

---@class qube.VoteOptions
---@field add? qube.Node|qube.ExternalRecord|(qube.Node|qube.ExternalRecord)[] candidates to vote into the validator set (a record needs `Node_Acct_Addr`) (default with neither `add` nor `remove`: the nodes declared `validator = true`)
---@field remove? qube.Node|qube.ExternalRecord|(qube.Node|qube.ExternalRecord)[] validators to vote out; refused when the rest could not seal blocks (default with neither: the nodes declared `validator = false`)
---@field wait? boolean wait until the set has changed (default false)
---@field timeout? qube.Duration how long waiting may take; then the vote fails with its tally (default "5m")

---A node of another organisation, in the `external_nodes` format qctl users exchange.
---Also accepted: `address` for `Node_Acct_Addr`, `blockPeriod` for `Istanbul_Block_Period`, `enode` for `Enode_Url`, `name` for `Node_UserIdent`, `raftId` for `Raft_Id`, `raftLearner` for `Raft_Learner`, `tmTlsFingerprint` for `Tm_Tls_Fingerprint`, `tmUrl` for `Tm_Url`, `validatorCandidate` for `Validator_Candidate`.
---@class qube.ExternalRecord
---@field Node_UserIdent string the node's name
---@field Enode_Url string enode://<node id>@<host>:<port>?discport=0&raftport=50401
---@field Tm_Url? string Tessera P2P host:port (qctl's form), or https://host:port for a Tessera serving P2P over TLS
---@field Node_Acct_Addr? string the address that seals the node's blocks (EIP-55): the nodekey's for IBFT/QBFT, the account's for clique
---@field Istanbul_Block_Period? string an IBFT chain's block period in seconds, a string like the others (qube's key; qctl's readers ignore it)
---@field Validator_Candidate? string `"true"` for a node declared a validator that the chain's genesis lacks: it awaits votes, `net:vote { add = records }` (qube's key; qctl's readers ignore it)
---@field Raft_Id? string a raft chain's raft ID of the node, as the member that added it (`raft.addPeer`) assigned it (qube's key; qctl's readers ignore it)
---@field Raft_Learner? string `"true"` for a node that joins a raft cluster as a learner (qube's key)
---@field Tm_Tls_Fingerprint? string the SHA-1 of the certificate the node's Tessera serves P2P TLS with, 40 lowercase hex digits; its Tm_Url is https:// (qube's key; qctl's readers ignore it)
-- end generated

---@class qube.RenderedObject
---@field kind string
---@field name string
---@field namespace? string
---@field file string the manifest file holding it

---@class qube.RenderReport
---@field dir string the rendered directory
---@field files string[] the files written, relative to dir
---@field objects qube.RenderedObject[] the Kubernetes objects, in apply order

---A network: its model, keys, genesis, rendered tree and cluster.
---@class qube.Network
---@field name string
---@field namespace string
---@field context string?
---@field consensus qube.Consensus
---@field chainId integer
---@field quorum string the GoQuorum release
---@field tessera string|false the Tessera release, or false
local Network = {}

---Adds a node this network runs.
---@param options qube.NodeOptions
---@return qube.Node
function Network:addNode(options) end

---Adds (or replaces, by name) another organisation's nodes: one record or a list of them.
---@param records qube.ExternalRecord|qube.ExternalRecord[]
function Network:addExternal(records) end

---Makes sure every node has keys, generating only what is missing; never rewrites a key.
---@param options? qube.GenKeysOptions
function Network:genKeys(options) end

---The network's genesis: created on first use and kept under keys/<network>/, or the joined one.
---@return qube.Genesis
function Network:genesis() end

---Writes the genesis, peer lists, Tessera configs and Kubernetes manifests (out/<network>/).
---@param options? qube.RenderOptions
---@return qube.RenderReport
function Network:render(options) end

---Applies the rendered tree to the network's context (server-side, field manager qube) and
---prunes what the script no longer declares; with `qube run --dry-run`, shows what it would do.
---@param options? qube.DeployOptions
function Network:deploy(options) end

---Deletes the network's objects from its context (volumes only when asked).
---@param options? qube.DestroyOptions
function Network:destroy(options) end

---This network's nodes as other organisations reach them (fixed NodePorts need no cluster).
---@param options? qube.ExportOptions
---@return qube.ExternalRecord[]
function Network:exportExternal(options) end

---Casts this network's validators' votes to add or remove validators (IBFT, QBFT, clique),
---each only once; with neither `add` nor `remove`, converges to the `validator` flags.
---@param options? qube.VoteOptions
---@return qube.VoteTally[]
function Network:vote(options) end

---The local nodes and the chain as their consoles report them; `print` it for one line per node.
---@return qube.Status
function Network:status() end

---Raft networks: adds (raft.addPeer / raft.addLearner), promotes and removes the other
---organisations' nodes in the raft cluster, recording each raft ID in keys/<network>/raft-ids.json.
---@return qube.RaftMember[]
function Network:syncRaft() end

---A raft member as syncRaft records it.
---@class qube.RaftMember
---@field name string
---@field nodeId string 128 hex digits
---@field raftId integer
---@field learner boolean
---@field removed boolean

---The local nodes, in declaration order.
---@return qube.Node[]
function Network:nodes() end

---The other organisations' nodes added so far.
---@return qube.ExternalRecord[]
function Network:externalNodes() end

---Where one validator change stands after `net:vote`.
---@class qube.VoteTally
---@field name string the candidate's node or record name
---@field address string the candidate's address (EIP-55)
---@field add boolean true to add, false to remove
---@field done boolean whether the set already is as wanted
---@field votes integer votes cast for the change, every organisation's
---@field needed integer votes that pass it: floor(n/2)+1 of the current set

---One local node in `net:status()`; a node that is down has `ready = false`, `down` and nothing else.
---@class qube.NodeStatus
---@field name string
---@field ready boolean whether its geth answers on its console
---@field down string? why it is down
---@field blockNumber integer?
---@field peers integer?
---@field validator boolean? whether it is in the validator set (nil for raft)
---@field syncing boolean?

---The chain in `net:status()` (nil for raft, or when no node answers).
---@class qube.ChainStatus
---@field validators string[] the current set, as the first answering node sees it
---@field live string[] this network's validators that answer
---@field down string[] this network's validators that do not
---@field remote string[] other organisations' validators (qube cannot reach their consoles)
---@field majorityNeeded integer votes that change the set: floor(n/2)+1
---@field sealingQuorum integer validators that must be up to seal blocks

---What `net:status()` returns.
---@class qube.Status
---@field network string
---@field nodes qube.NodeStatus[]
---@field chain qube.ChainStatus?
local Status = {}

---One line per node and one for the chain, as `print(status)` shows them.
---@return string
function Status:report() end

---A local node. Key facts are nil until genKeys has run.
---@class qube.Node
---@field name string
---@field network qube.Network
---@field validator boolean
---@field keyDir string
---@field enode string? enode URL as peers inside the cluster dial it
---@field nodeId string? 128 hex digits
---@field address string? the address that seals: the nodekey's for IBFT and QBFT, the account's for clique
---@field accountAddress string? the account keystore's address
---@field tmPub string? Tessera public key (Base64)

---A genesis file, byte for byte.
---@class qube.Genesis
---@field sha256 string of the file's bytes, as organisations compare it
---@field chainId integer
---@field consensus qube.Consensus
---@field validators string[] the validator addresses in the extraData (EIP-55)
---@field json string the file's bytes
local Genesis = {}

---Writes the genesis' exact bytes to `path` (relative to the script).
---@param path string
function Genesis:write(path) end

---Declares a network.
---@param options qube.NetworkOptions
---@return qube.Network
function network(options) end

---Reads an `external_nodes` file (qctl's or qube's), validating every record.
---@param path string
---@return qube.ExternalRecord[]
function readExternal(path) end

---Writes records as an `external_nodes` file, as qctl writes it.
---@param path string
---@param records qube.ExternalRecord|qube.ExternalRecord[]
function writeExternal(path, records) end

---Reads another organisation's genesis, to join its chain (`network{ genesis = ... }`).
---@param path string
---@return qube.Genesis
function readGenesis(path) end

---Declares globals of the script: globals are strict, so assigning one that was not declared
---is an error (`global "helper"` then `function helper() end`).
---@param name string
---@param ... string
function global(name, ...) end

---A network from a qctl / Qubernetes configuration: consensus, versions, chain id, k8s
---namespace, service type and storage, nodes with their Key_Dir and geth parameters,
---external_nodes. `options` (network{} keys) override the file; keys qube does not honour are
---printed as warnings.
---@param path string
---@param options? qube.LoadQubernetesOptions
---@return qube.Network
function loadQubernetes(path, options) end

---qube's helpers.
---@class qube.Helpers
---@field version string qube's version
---@field args string[] the arguments after `--` on the qube run command line
qube = {}

---A value as JSON text (sorted keys).
---@param value any
---@return string
function qube.json(value) end

---A value as YAML text (sorted keys).
---@param value any
---@return string
function qube.yaml(value) end

---Whether a file or directory exists at `path` (relative to the script).
---@param path string
---@return boolean
function qube.exists(path) end
