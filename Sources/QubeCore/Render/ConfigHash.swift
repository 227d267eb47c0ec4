import Crypto
import Foundation
import QubeCrypto

/// A SHA-256 over named inputs, for the `qube.dev/config-hash` pod annotation: any change to
/// what a pod reads only at start (argv, keys, genesis, Tessera settings) changes the pod
/// template, so Kubernetes rolls the pod. What a running node takes live (the peer lists, the
/// peers of a Tessera config) is left out, so a peer change restarts nothing.
///
/// Each input is framed as `name 0x00 length(8 bytes, big-endian) bytes`, so no two different
/// sets of inputs hash the same framed stream.
struct ConfigHash {
    private var hasher = SHA256()

    /// Adds one named input.
    mutating func add(_ name: String, _ data: Data) {
        hasher.update(data: Data(name.utf8))
        hasher.update(data: Data([0]))
        withUnsafeBytes(of: UInt64(data.count).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: data)
    }

    /// Adds a list of strings (an argv) as one input.
    mutating func add(_ name: String, _ strings: [String]) {
        var inner = ConfigHash()
        for (index, string) in strings.enumerated() { inner.add(String(index), Data(string.utf8)) }
        add(name, inner.digest)
    }

    /// The digest of everything added so far.
    var digest: Data { Data(hasher.finalize()) }

    /// The digest as 64 lowercase hex characters.
    var hex: String { Hex.encode(digest) }
}
