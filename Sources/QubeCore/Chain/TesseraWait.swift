/// How the quorum container of a node with Tessera holds geth back until Tessera answers.
///
/// geth exits when its privacy manager is not up: 2.7.0 dials the Q2T socket at start
/// (private/privatetransactionmanager) and 24.4.1 stops with "Error initialising Private
/// Transaction Manager" (cmd/geth/config.go), so a pod whose geth starts before Tessera
/// crash-loops on every cold start and roll. The container therefore runs a fixed `sh` script
/// that polls Tessera's P2P `/upcheck` and then `exec`s geth, its argv passed as the script's
/// positional parameters (`"$@"`): no word of it is ever parsed by the shell, so hostile
/// `gethParams` stay literal, and geth replaces the shell as the container's main process and
/// receives its signals.
///
/// Why the P2P port: every Tessera line serves `/upcheck` on each REST server (0.10.5
/// `TesseraRestApplication.getClasses` @dd0f7f693f3a; the newest `P2PRestApp`, `ThirdPartyRestApp`
/// and `Q2TRestApp` each register `UpCheckResource` @b10eca7383e6), and the launcher starts the
/// servers one after the other in config order (0.10.5 tessera-launcher `Main.runWebServer`;
/// the newest tessera-dist `Main`, `for (TesseraServer ts : servers) ts.start()`). qube's config
/// lists ThirdParty, Q2T, then P2P (``TesseraConfig``), so once P2P answers, the Q2T socket geth
/// dials is bound. With P2P over TLS (``TesseraTLS``) the P2P server demands a client
/// certificate that `wget` has none of, so the config lists Q2T, P2P, then ThirdParty, and the
/// script polls ThirdParty's plain-HTTP `/upcheck` instead: the last server again. The probe is busybox `wget`, which every GoQuorum image has (alpine runtime
/// stage at every tag; `curl` only from 22.4.0, goquorum-notes.md "Docker images").
///
/// The wait is bounded: after ``seconds`` the script exits 1 naming the URL, and the kubelet
/// restarts the container, which waits again. Tessera 0.10's JVM can take 30–60 s to start
/// on a loaded node; ``seconds`` is three times that.
public enum TesseraWait {
    /// How long geth waits for Tessera before the container exits.
    static let seconds = 180
    /// The URL the script polls: the `/upcheck` of the server Tessera starts last.
    static func upcheckURL(tls: Bool) -> String { "http://127.0.0.1:\(tls ? Ports.tesseraThirdParty : Ports.tesseraP2P)/upcheck" }
    /// `$0` of the script, naming it in `ps` output and shell errors.
    static let scriptName = "qube-wait-for-tessera"

    /// The fixed script; geth's argv follows it as `"$@"`.
    ///
    /// `trap`: the shell runs as the container's PID 1, which ignores SIGTERM without a handler,
    /// so a pod deleted during the wait would otherwise hang for its whole grace period.
    static func script(tls: Bool) -> String { tls ? scripts.tls : scripts.plain }

    /// The script for each setting, made once: every node's argv then shares its storage
    /// instead of a copy per node (a megabyte at 1000 nodes).
    private static let scripts = (plain: makeScript(tls: false), tls: makeScript(tls: true))

    private static func makeScript(tls: Bool) -> String {
        let upcheckURL = upcheckURL(tls: tls)
        return """
        trap 'exit 143' TERM INT
        deadline=$(( $(date +%s) + \(seconds) ))
        until wget -q -T 5 -O /dev/null \(upcheckURL); do
          if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "qube: Tessera did not answer \(upcheckURL) within \(seconds) s; exiting so that the container restarts" >&2
            exit 1
          fi
          echo "qube: waiting for Tessera to answer \(upcheckURL)"
          sleep 2
        done
        echo "qube: Tessera answers \(upcheckURL); starting geth"
        exec "$@"
        """
    }

    /// The quorum container's argv that runs `geth` (an argv starting with `geth`) once Tessera answers.
    /// `tls`: the network's Tessera P2P runs over TLS, so the script polls ThirdParty.
    public static func command(running geth: [String], tls: Bool = false) -> [String] {
        ["sh", "-c", script(tls: tls), scriptName] + geth
    }
}
