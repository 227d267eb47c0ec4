extension NodeCommands {
    /// The init container script: a fixed text built only from ``PodPaths`` constants.
    ///
    /// On every start it copies static-nodes.json from ``PodPaths/peersDirectory`` (geth reads it
    /// once, at start-up: the next start finds the current list) and the account keystore from
    /// ``PodPaths/keys`` into the data directory, links permissioned-nodes.json there to the
    /// peers ConfigMap's mounted file, creates Tessera's directory, and runs `geth init` with the
    /// genesis from ``PodPaths/genesisDirectory`` only when the data directory holds no chain yet.
    ///
    /// The link is what lets a peer change reach a running node without a restart: GoQuorum
    /// 2.7.0 reads `<datadir>/permissioned-nodes.json` afresh on every connection
    /// (`isNodePermissioned` calls `ParsePermissionedNodes(datadir)` for each handshake,
    /// p2p/permissions.go at v2.7.0, called from `p2p/server.go` `setupConn`), and the kubelet
    /// updates a ConfigMap volume mounted without `subPath` in place (`ln -sf` replaces the copy
    /// an older init script left).
    /// `PRIVATE_CONFIG=ignore`: `geth init` needs no privacy manager, and Tessera is not up yet.
    static let initScript = """
        set -eu
        mkdir -p \(PodPaths.quorumData)/keystore \(PodPaths.tesseraData)
        cp \(PodPaths.peersDirectory)/\(ChainFileNames.staticNodes) \(PodPaths.quorumData)/\(ChainFileNames.staticNodes)
        ln -sf \(PodPaths.peersDirectory)/\(ChainFileNames.permissionedNodes) \(PodPaths.quorumData)/\(ChainFileNames.permissionedNodes)
        cp \(PodPaths.keys)/acctkeyfile.json \(PodPaths.quorumData)/keystore/acctkeyfile.json
        if [ ! -d \(PodPaths.quorumData)/geth/chaindata ]; then
          PRIVATE_CONFIG=ignore geth --datadir \(PodPaths.quorumData) init \(PodPaths.genesisDirectory)/\(ChainFileNames.genesis)
        fi
        """

    /// What the containers of `node` run, spelled for the network's GoQuorum and Tessera releases.
    ///
    /// The quorum container runs geth (the image's `geth` on PATH) with: the data directory and
    /// nodekey, network id = chain id, no discovery, file permissioning, devp2p on 30303, full
    /// sync; the consensus flags (IBFT mining, plus `--istanbul.blockperiod` when the genesis has
    /// the legacy `config.istanbul` section, which takes the period from the flag, and never with
    /// `config.ibft`, whose period is in the genesis and where the flag is deprecated; QBFT mining,
    /// its period being in the genesis; clique mining with the account as etherbase; raft `--raft
    /// --raftport 50401 --raftdnsenable`); HTTP and WebSocket JSON-RPC on 0.0.0.0:8545/8546 serving
    /// `rpcAPIs`, spelled `--rpc*` or `--http.*` as the release names them; metrics on 0.0.0.0:9545 from
    /// the release's metrics server (``GoQuorumRelease/MetricsServer``); accepting the node's
    /// Service names as `Host` and WebSocket origin unless `gethParams` set them (``RPCAccess``); the account unlocked
    /// with `password.txt` only when ``NodeSpec/unlocksAccount(in:)`` (clique signers, or
    /// `unlockAccount = true`; `--allow-insecure-unlock` because HTTP is on: geth refuses to unlock
    /// with HTTP otherwise), so that by default nobody who reaches RPC can sign with the account;
    /// `--verbosity 3`; then the node's `gethParams`, split by ``ShellWords``. Every flag is one
    /// the release accepts (goquorum-flags-matrix.tsv). `PRIVATE_CONFIG` is the Q2T socket, or
    /// `ignore` without Tessera.
    ///
    /// With Tessera, the quorum container starts geth only once Tessera answers (``TesseraWait``).
    ///
    /// The tessera container runs the line's launcher with `-configfile` ``TesseraConfig/podPath(of:)``
    /// and its JVM heap bounded to the container (``PodResources/tesseraJVMOptions``); with P2P
    /// over TLS, under a script that restarts it when the known-peers file changes (``TesseraTrustReload``).
    ///
    /// `ibftSection` is the IBFT section of the genesis the network runs: that of a joined or
    /// stored genesis (``ImportedGenesis/ibftSection``), or by default the one qube renders for
    /// the release.
    ///
    /// `raftJoin` says whether a raft node founds its cluster (its raft ID is its position in
    /// static-nodes.json) or joins a running one: then it starts with `--raftjoinexisting <id>`,
    /// the ID a member's `raft.addPeer` gave it, and without one it awaits it (``awaitsRaftID``;
    /// its argv has no `--raftjoinexisting`, and its StatefulSet runs no pod).
    public init(
        for node: NodeSpec, in network: Network, keys: NodeKeys, ibftSection: GoQuorumRelease.IBFTSection? = nil,
        raftJoin: RaftJoin = .founder
    ) throws(ValidationError) {
        let spec = network.spec
        let releases = try NetworkReleases(spec)
        try node.checkRPCAPIs()
        let userParameters = try ShellWords.split(node.gethParams)

        var geth = [
            "geth", "--datadir", PodPaths.quorumData, "--nodekey", PodPaths.keys + "/nodekey",
            "--networkid", String(spec.chainID), "--nodiscover", "--permissioned", "--port", String(Ports.p2p),
            "--syncmode", "full",
        ]
        let mining = ["--mine", "--miner.threads", "1"]
        switch spec.consensus {
        case .istanbul:
            switch ibftSection ?? releases.quorum.ibftSection {
            case .istanbul: geth += ["--istanbul.blockperiod", String(spec.blockPeriod)] + mining
            case .ibft: geth += mining
            }
        case .qbft: geth += mining
        case .clique: geth += mining + ["--miner.etherbase", keys.accountAddress]
        case .raft:
            geth += ["--raft", "--raftport", String(Ports.raft), "--raftdnsenable"]
            if case .joining(let raftID?) = raftJoin { geth += ["--raftjoinexisting", String(raftID)] }
        }
        let apis = node.rpcAPIs.joined(separator: ",")
        switch releases.quorum.rpcFlags {
        case .rpc:
            geth += ["--rpc", "--rpcaddr", "0.0.0.0", "--rpcport", String(Ports.rpc), "--rpcapi", apis]
            geth += ["--ws", "--wsaddr", "0.0.0.0", "--wsport", String(Ports.ws), "--wsapi", apis]
        case .http:
            geth += ["--http", "--http.addr", "0.0.0.0", "--http.port", String(Ports.rpc), "--http.api", apis]
            geth += ["--ws", "--ws.addr", "0.0.0.0", "--ws.port", String(Ports.ws), "--ws.api", apis]
        }
        geth += releases.quorum.metricsServer.flags(port: Ports.metrics)
        geth += RPCAccess.arguments(for: node.name, namespace: spec.namespace, spelling: releases.quorum.rpcFlags, userWords: userParameters)
        if node.unlocksAccount(in: spec.consensus) {
            geth += ["--unlock", keys.accountAddress, "--password", PodPaths.keys + "/password.txt", "--allow-insecure-unlock"]
        }
        geth += ["--verbosity", "3"]
        geth += userParameters

        let tessera = releases.tessera.map {
            $0.line.launcher.command(configFile: TesseraConfig.podPath(of: node.name), jvmOptions: PodResources.tesseraJVMOptions)
        }
        self.init(
            initContainer: ["sh", "-c", Self.initScript],
            geth: geth,
            quorumContainer: tessera == nil ? geth : TesseraWait.command(running: geth, tls: network.usesTesseraTLS),
            gethEnvironment: [("PRIVATE_CONFIG", tessera == nil ? "ignore" : PodPaths.tesseraSocket)],
            tessera: tessera.map { network.usesTesseraTLS ? TesseraTrustReload.command(running: $0.argv) : $0.argv },
            tesseraEnvironment: tessera?.environment ?? [],
            awaitsRaftID: spec.consensus == .raft && raftJoin == .joining(raftID: nil))
    }
}
