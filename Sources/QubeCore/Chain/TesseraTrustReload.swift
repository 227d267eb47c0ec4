/// How the tessera container of a node with Tessera P2P over TLS picks up a change of whom the
/// network trusts, restarting only that container.
///
/// Tessera's WHITELIST trust manager reads the known-peers file once, in its constructor
/// (`AbstractTrustManager`, security/.../ssl/trust), when Tessera builds its TLS contexts at
/// start. The file is the network-wide ConfigMap mounted as a whole directory at
/// ``PodPaths/tesseraKnownPeersDirectory`` (no `subPath`), so the kubelet's volume sync
/// replaces it in place within about a minute of the ConfigMap's update. Putting it in the pod's
/// config hash would roll every pod whenever another organisation's node joins or leaves,
/// which issue 16 forbids; instead the container runs a fixed `sh` script that starts Tessera,
/// its argv passed as the script's positional parameters (`"$@"`, never parsed by the shell),
/// and polls the file's `cksum` every ``pollSeconds``. When the checksum changes, the script
/// logs one line, stops Tessera with TERM, waits for it and exits 0, so the kubelet restarts
/// this container alone (the pod's `restartPolicy` is `Always`) while geth keeps running. When
/// Tessera exits by itself, the script exits with its status. The environment reaches Tessera
/// unchanged (the distribution launcher's `JAVA_OPTS`, ``TesseraRelease/Launcher``).
///
/// `trap`: the shell is the container's PID 1, which ignores SIGTERM without a handler; the
/// handler, set before Tessera starts, forwards TERM (and INT) to Tessera, waits for it and
/// exits 143. The poll sleeps in
/// the background (`sleep & wait $!`), so a signal interrupts the `wait` and runs the handler at
/// once rather than after the sleep.
///
/// Every supported image has `/bin/sh` and `cksum`: the 0.10.x–21.4.x images are built
/// `FROM adoptopenjdk/openjdk11:alpine` (busybox) or `FROM openjdk:11` (Debian), and 21.7 and
/// later `FROM eclipse-temurin:17-jre-jammy` (Ubuntu), whose `/tessera/bin/tessera` launcher is
/// itself a `sh` script (ConsenSys/tessera `Dockerfile`, `docker/tessera.Dockerfile`).
public enum TesseraTrustReload {
    /// How often the script compares the known-peers file's checksum, in seconds.
    static let pollSeconds = 10
    /// `$0` of the script, naming it in `ps` output and shell errors.
    static let scriptName = "qube-tessera-trust-reload"
    /// The line the script logs before it restarts Tessera.
    static let changedMessage = "qube: the known-peers file changed; restarting Tessera so that it trusts the new list"

    /// The fixed script for the mounted known-peers file, made once: every node's argv then
    /// shares its storage instead of a copy per node.
    static let script = makeScript(knownPeersPath: TesseraTLS.knownPeersPath, pollSeconds: pollSeconds)

    /// The script that watches `knownPeersPath` every `pollSeconds`; Tessera's argv follows it as `"$@"`.
    static func makeScript(knownPeersPath: String, pollSeconds: Int) -> String {
        """
        known_peers='\(knownPeersPath)'
        tessera=
        trap '[ -z "$tessera" ] || { kill -TERM "$tessera" 2>/dev/null; wait "$tessera"; }; exit 143' TERM INT
        trusted=$(cksum < "$known_peers" 2>/dev/null)
        "$@" &
        tessera=$!
        while kill -0 "$tessera" 2>/dev/null; do
          sleep \(pollSeconds) &
          wait $!
          if [ "$(cksum < "$known_peers" 2>/dev/null)" != "$trusted" ]; then
            echo "\(changedMessage)"
            kill -TERM "$tessera" 2>/dev/null
            wait "$tessera"
            exit 0
          fi
        done
        wait "$tessera"
        """
    }

    /// The tessera container's argv that runs `tessera` (the launcher's argv) and restarts it
    /// when the known-peers file changes.
    public static func command(running tessera: [String]) -> [String] {
        ["sh", "-c", script, scriptName] + tessera
    }
}
