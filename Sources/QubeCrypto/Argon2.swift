import CArgon2
import Foundation

/// Argon2 version 1.3 (RFC 9106) with any number of lanes, computed by the reference
/// implementation (libargon2).
///
/// libsodium's `crypto_pwhash` computes Argon2 with one lane only, but Tessera's locked keys
/// name their own parallelism (default 4) and a different lane count gives a different hash.
/// libargon2 wipes its block memory and pre-hash before freeing them (`free_memory` and
/// `clear_internal_memory` in `src/core.c` at tag 20171227, the release Debian ships, whose
/// library does not export the flag that would turn this off); the password copy and the tag
/// buffer are wiped here.
public struct Argon2: Equatable, Sendable {
    /// The Argon2 variant: data-independent (i), data-dependent (d), or the hybrid (id).
    public enum Variant: String, Sendable, CaseIterable {
        case d, i, id

        /// libargon2's type for the variant (the type number y of RFC 9106 §3.2).
        var type: argon2_type {
            switch self {
            case .d: Argon2_d
            case .i: Argon2_i
            case .id: Argon2_id
            }
        }
    }

    /// The variant.
    public var variant: Variant
    /// Passes over memory (t ≥ 1).
    public var iterations: Int
    /// Memory in KiB (m ≥ 8·parallelism).
    public var memoryKiB: Int
    /// Lanes (p ≥ 1).
    public var parallelism: Int

    /// Creates a parameter set; `hash` rejects values outside RFC 9106's ranges.
    public init(variant: Variant, iterations: Int, memoryKiB: Int, parallelism: Int) {
        self.variant = variant
        self.iterations = iterations
        self.memoryKiB = memoryKiB
        self.parallelism = parallelism
    }

    /// Tessera's `Argon2Impl.DEFAULT_OPTIONS` for `tessera -keygen`: Argon2i, 10 passes, 1 GiB, 4 lanes.
    public static let tesseraDefault = Argon2(variant: .i, iterations: 10, memoryKiB: 1 << 20, parallelism: 4)
    /// Argon2i, 2 passes, 8 MiB, 2 lanes: Constellation's test parameters, for tests and
    /// throw-away networks only (the counterpart of geth's light scrypt).
    public static let light = Argon2(variant: .i, iterations: 2, memoryKiB: 8192, parallelism: 2)

    /// The working memory one hash needs, in bytes.
    public var memoryBytes: Int { memoryKiB * 1024 }

    /// Whether the parameters are in range, with memory capped at 4 GiB against hostile files.
    var isUsable: Bool {
        (1...(1 << 24) - 1).contains(parallelism) && iterations >= 1 && iterations <= 1 << 16
            && memoryKiB >= 8 * parallelism && memoryKiB <= 4 << 20
    }

    /// Returns the `length`-byte (16 or more) tag of `password` and `salt` (no secret, no associated data),
    /// or nil when the parameters are not usable.
    public func hash(password: some Collection<UInt8>, salt: [UInt8], length: Int = 32) -> SecretBytes? {
        guard isUsable, length >= 16, salt.count >= 8 else { return nil }
        var passwordBytes = Array(password)
        var saltBytes = salt
        var tag = [UInt8](repeating: 0, count: length)
        defer {
            passwordBytes.wipe()
            tag.wipe()
        }
        // Lanes of one slice fill on threads; the thread count does not change the tag, so a
        // file naming many lanes gets no more threads than the machine has cores.
        let threads = min(parallelism, ProcessInfo.processInfo.activeProcessorCount)
        let status = passwordBytes.withUnsafeMutableBufferPointer { password in
            saltBytes.withUnsafeMutableBufferPointer { salt in
                tag.withUnsafeMutableBufferPointer { out in
                    var context = argon2_context(
                        out: out.baseAddress, outlen: UInt32(out.count),
                        pwd: password.baseAddress, pwdlen: UInt32(password.count),
                        salt: salt.baseAddress, saltlen: UInt32(salt.count),
                        secret: nil, secretlen: 0, ad: nil, adlen: 0,
                        t_cost: UInt32(iterations), m_cost: UInt32(memoryKiB), lanes: UInt32(parallelism),
                        threads: UInt32(threads), version: UInt32(ARGON2_VERSION_13.rawValue),
                        allocate_cbk: nil, free_cbk: nil, flags: 0)
                    return argon2_ctx(&context, variant.type)
                }
            }
        }
        guard status == ARGON2_OK.rawValue else { return nil }
        return SecretBytes(tag)
    }
}
