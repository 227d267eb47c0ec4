/// The file names of a network's chain configuration: in `out/<network>/`, as ConfigMap keys,
/// and in the pod under ``PodPaths/genesisDirectory`` and ``PodPaths/peersDirectory``.
public enum ChainFileNames {
    public static let genesis = "genesis.json"
    public static let staticNodes = "static-nodes.json"
    public static let permissionedNodes = "permissioned-nodes.json"
}
