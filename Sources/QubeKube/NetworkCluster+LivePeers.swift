import Foundation
import QubeCore

extension NetworkCluster {
    /// Brings the running `nodes` to the peer list the apply just put into the peers ConfigMap,
    /// without restarting them: each is asked to connect (`admin.addPeer`) to every listed node
    /// it is not connected to (its `admin.peers`), and to drop (`admin.removePeer`) every node
    /// the list no longer holds. Only the difference is sent, so a re-run sends nothing.
    ///
    /// The connection comes once both sides admit each other: each node reads its
    /// permissioned-nodes.json, a link to the ConfigMap's mounted file, on every connection, and
    /// the kubelet updates that file within about a minute; geth keeps redialling a static peer
    /// until then. A node that does not answer reads the new lists when it next starts. Raft
    /// networks are left out: raft membership, not admin.addPeer, decides their peers.
    ///
    /// Said as one phase: `deploy <network>: updating the peer lists of N running nodes live`,
    /// then on how many it is live (updated, or already connected as listed) and how many were
    /// not running; each node's step is detail.
    func updateLivePeers(_ manifests: RenderedManifests, previous: String, nodes: [String], in target: KubeTarget) throws(KubeError) {
        guard network.spec.consensus != .raft, let current = manifests.object(peersReference)?.data(ChainFileNames.staticNodes) else { return }
        let listed = try peerList(current, in: target)
        let listedIDs = Set(listed.map(\.nodeID))
        let dropped = try peerList(previous, in: target).filter { !listedIDs.contains($0.nodeID) }
        guard !nodes.isEmpty else { return }
        let name = network.spec.name
        let progress = phase(
            "deploy \(name): peers", announcement: "deploy \(name): updating the peer lists of \(counted(nodes.count, "running node")) live")
        var updated = 0, stopped = 0
        for (index, node) in nodes.enumerated() {
            defer { progress?.update(done: index + 1, of: nodes.count) }
            let own = manifests.object(statefulSetReference(node))?.annotation(NodeAnnotations.nodeID)
            let console = GethConsole(client: client, target: target, node: node)
            do {
                let connected = try console.peerIDs()
                let added = listed.filter { $0.nodeID != own && !connected.contains($0.nodeID) }
                let removed = dropped.filter { $0.nodeID != own }
                for peer in added { try console.addPeer(peer) }
                for peer in removed { try console.removePeer(peer) }
                if !added.isEmpty || !removed.isEmpty {
                    updated += 1
                    detail("node '\(node)': \(added.count) peers added, \(removed.count) removed, live (admin.addPeer, admin.removePeer; no restart)")
                }
            } catch .consoleUnreachable {
                stopped += 1
                detail("node '\(node)' is not running; it reads the new peer list when it starts")
            }
        }
        let running = nodes.count - stopped
        progress?.finish(
            "deploy \(name): the new peer list is live on \(counted(running, "running node")) (\(updated) given peers through "
                + "admin.addPeer and admin.removePeer, \(running - updated) already connected as listed; no restart)"
                + (stopped == 0 ? "" : "; \(stopped) not running \(stopped == 1 ? "reads it when it starts" : "read it when they start")"))
    }

    /// Warns, for a raft network, of each local node the apply lists at another address in
    /// static-nodes.json than the deployed list did (`previous`).
    ///
    /// A raft member keeps the addresses the cluster started with: GoQuorum reads
    /// static-nodes.json for raft only on a node's first start (with no raft log), and
    /// cannot update a member's address (ConfChangeUpdateNode is not handled), so a running chain
    /// goes on dialling the old address; only devp2p takes the new one.
    func warnOfMovedRaftAddresses(_ manifests: RenderedManifests, previous: String, in target: KubeTarget) throws(KubeError) {
        guard network.spec.consensus == .raft, let current = manifests.object(peersReference)?.data(ChainFileNames.staticNodes) else { return }
        let before = Dictionary(try peerList(previous, in: target).map { ($0.nodeID, $0) }) { first, _ in first }
        let owned = Dictionary(
            localNodes.compactMap { node in
                manifests.object(statefulSetReference(node.name))?.annotation(NodeAnnotations.nodeID).map { ($0, node.name) }
            }
        ) { first, _ in first }
        for url in try peerList(current, in: target) {
            guard let node = owned[url.nodeID], let old = before[url.nodeID],
                old.host != url.host || old.port != url.port || old.raftPort != url.raftPort
            else { continue }
            warn(
                "node '\(node)' of raft network '\(network.spec.name)' moves in static-nodes.json from "
                    + "\(old.host):\(old.raftPort ?? Ports.raft) to \(url.host):\(url.raftPort ?? Ports.raft) (raft); a raft cluster that "
                    + "already runs keeps dialling the address it started with (GoQuorum reads static-nodes.json for raft only on a "
                    + "first start), so only a new chain uses the new one")
        }
    }

    /// The enode URLs of a static-nodes.json.
    func peerList(_ json: String, in target: KubeTarget) throws(KubeError) -> [EnodeURL] {
        let action = "read \(ChainFileNames.staticNodes) of configmap/\(peersReference.name)"
        guard let urls = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else {
            throw .unreadableOutput(context: target.context, action: action, detail: "not a JSON list of enode URLs")
        }
        var peers: [EnodeURL] = []
        for url in urls {
            do { peers.append(try EnodeURL(parsing: url)) } catch {
                throw .unreadableOutput(context: target.context, action: action, detail: error.description)
            }
        }
        return peers
    }
}
