/// The CPU and memory each container of a node's pod reserves (requests) and may use (limits).
///
/// Sized for a small cluster: a node with Tessera asks the scheduler for 200m CPU and 1 GiB
/// (the init container runs before the others, so it adds nothing), and may grow to 2 CPUs and
/// 4 GiB. geth's limit leaves room above its default 1024 MiB cache (`--cache`, cmd/utils/flags.go
/// `CacheFlag` at v2.7.0 @6005360c90b6 and later); Tessera's JVM heap is bounded to half of its
/// limit (``tesseraJVMOptions``), leaving the rest for metaspace, threads and buffers.
public enum PodResources {
    /// The init container: copies files and, on the first start, runs `geth init` (which opens
    /// the chain database with no cache).
    public static let initContainer = Container.Resources(
        requests: Container.ResourceList(cpu: "50m", memory: "64Mi"), limits: Container.ResourceList(cpu: "500m", memory: "256Mi"))
    /// The quorum container (geth).
    public static let quorum = Container.Resources(
        requests: Container.ResourceList(cpu: "100m", memory: "512Mi"), limits: Container.ResourceList(cpu: "1", memory: "3Gi"))
    /// Tessera's memory limit in MiB, the one number its container limit and JVM heap derive from.
    static let tesseraMemoryLimitMiB = 1024
    /// The tessera container.
    public static let tessera = Container.Resources(
        requests: Container.ResourceList(cpu: "100m", memory: "512Mi"),
        limits: Container.ResourceList(cpu: "1", memory: "\(tesseraMemoryLimitMiB)Mi"))

    /// The JVM options that bound Tessera's heap to half of its container's memory limit.
    ///
    /// An explicit `-Xmx`, not `-XX:MaxRAMPercentage`: the percentage is of the memory the JVM
    /// detects, and the JDK 11 builds of the older Tessera images (adoptopenjdk/openjdk11:alpine,
    /// tessera-notes.md) read only cgroup v1 limits (cgroup v2 support came with JDK 11.0.16), so
    /// on a cgroup v2 node they would size the heap from the host's memory and be OOM-killed.
    static let tesseraJVMOptions = ["-Xmx\(tesseraMemoryLimitMiB / 2)m"]
}
