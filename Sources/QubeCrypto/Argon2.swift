import CSodium
import Dispatch

/// Argon2 version 1.3 (RFC 9106) with any number of lanes.
///
/// libsodium's `crypto_pwhash` computes Argon2 with one lane only, but Tessera's locked keys
/// name their own parallelism (default 4) and a different lane count gives a different hash,
/// so the memory-hard core lives here, on libsodium's BLAKE2b. Lanes of one slice fill in
/// parallel, as the reference implementation's threads do.
public struct Argon2: Equatable, Sendable {
    /// The Argon2 variant: data-independent (i), data-dependent (d), or the hybrid (id).
    public enum Variant: String, Sendable, CaseIterable {
        case d, i, id

        /// The type number y hashed into H0 (RFC 9106 §3.2).
        var type: UInt64 {
            switch self {
            case .d: 0
            case .i: 1
            case .id: 2
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
    public var isUsable: Bool {
        (1...(1 << 24) - 1).contains(parallelism) && iterations >= 1 && iterations <= 1 << 16
            && memoryKiB >= 8 * parallelism && memoryKiB <= 4 << 20
    }

    /// Returns the `length`-byte (16 or more) tag of `password` and `salt` (no secret, no associated data),
    /// or nil when the parameters are not usable.
    public func hash(password: some Collection<UInt8>, salt: [UInt8], length: Int = 32) -> SecretBytes? {
        guard isUsable, length >= 16, salt.count >= 8 else { return nil }
        var passwordBytes = Array(password)
        defer { passwordBytes.wipe() }
        let le32 = Blake2b.littleEndian32
        var h0 = Blake2b.hash(
            [
                le32(parallelism), le32(length), le32(memoryKiB), le32(iterations), le32(0x13), le32(Int(variant.type)),
                le32(passwordBytes.count), passwordBytes, le32(salt.count), salt, le32(0), le32(0),
            ], outputLength: 64)
        defer { h0.wipe() }

        let memory = Memory(parameters: self)
        defer { memory.release() }
        for lane in 0..<parallelism {
            for column in 0..<2 {
                var block = Blake2b.variableLength(h0 + le32(column) + le32(lane), length: Memory.blockBytes)
                memory.store(block, at: memory.index(lane: lane, column: column))
                block.wipe()
            }
        }
        for pass in 0..<iterations {
            for slice in 0..<4 {
                DispatchQueue.concurrentPerform(iterations: parallelism) { lane in
                    memory.fillSegment(pass: pass, slice: slice, lane: lane)
                }
            }
        }
        var final = memory.xorOfLastColumn()
        defer { final.wipe() }
        var tag = Blake2b.variableLength(final, length: length)
        defer { tag.wipe() }
        return SecretBytes(tag)
    }
}

extension Argon2 {
    /// The m' blocks of 1 KiB each, lanes × columns, and the filling rules of RFC 9106 §3.4.
    private final class Memory: @unchecked Sendable {
        static let blockBytes = 1024
        static let words = 128

        let parameters: Argon2
        let lanes: Int
        let laneLength: Int
        let segmentLength: Int
        let blockCount: Int
        let blocks: UnsafeMutablePointer<UInt64>

        init(parameters: Argon2) {
            self.parameters = parameters
            lanes = parameters.parallelism
            segmentLength = parameters.memoryKiB / (4 * lanes)
            laneLength = segmentLength * 4
            blockCount = laneLength * lanes
            blocks = .allocate(capacity: blockCount * Memory.words)
            blocks.initialize(repeating: 0, count: blockCount * Memory.words)
        }

        /// Wipes and frees the memory.
        func release() {
            sodium_memzero(blocks, blockCount * Memory.blockBytes)
            blocks.deallocate()
        }

        func index(lane: Int, column: Int) -> Int { lane * laneLength + column }

        func block(_ index: Int) -> UnsafeMutablePointer<UInt64> { blocks + index * Memory.words }

        func store(_ bytes: [UInt8], at index: Int) {
            let target = block(index)
            for word in 0..<Memory.words {
                var value: UInt64 = 0
                for byte in 0..<8 { value |= UInt64(bytes[word * 8 + byte]) << (8 * byte) }
                target[word] = value
            }
        }

        func xorOfLastColumn() -> [UInt8] {
            var words = [UInt64](repeating: 0, count: Memory.words)
            for lane in 0..<lanes {
                let last = block(index(lane: lane, column: laneLength - 1))
                for word in 0..<Memory.words { words[word] ^= last[word] }
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Memory.blockBytes)
            for word in words { for byte in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: word >> (8 * byte))) } }
            words.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
            return bytes
        }

        /// Fills one segment (a quarter of a lane) of one pass.
        func fillSegment(pass: Int, slice: Int, lane: Int) {
            let dataIndependent = parameters.variant == .i || (parameters.variant == .id && pass == 0 && slice < 2)
            let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: 5 * Memory.words)
            scratch.initialize(repeating: 0, count: 5 * Memory.words)
            defer {
                sodium_memzero(scratch, 5 * Memory.blockBytes)
                scratch.deallocate()
            }
            let zero = scratch, input = scratch + Memory.words, addresses = scratch + 2 * Memory.words
            let work = scratch + 3 * Memory.words  // two blocks: compress's working copy and saved input
            if dataIndependent {
                let header = [pass, lane, slice, blockCount, parameters.iterations, Int(parameters.variant.type)]
                for (i, value) in header.enumerated() { input[i] = UInt64(value) }
            }
            func nextAddresses() {
                input[6] &+= 1
                Memory.compress(zero, input, into: addresses, xor: false, scratch: work)
                Memory.compress(zero, addresses, into: addresses, xor: false, scratch: work)
            }

            var start = 0
            if pass == 0 && slice == 0 {
                start = 2
                if dataIndependent { nextAddresses() }
            }
            var current = index(lane: lane, column: slice * segmentLength + start)
            var previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1
            for i in start..<segmentLength {
                if current % laneLength == 1 { previous = current - 1 }
                let pseudoRandom: UInt64
                if dataIndependent {
                    if i % Memory.words == 0 { nextAddresses() }
                    pseudoRandom = addresses[i % Memory.words]
                } else {
                    pseudoRandom = block(previous)[0]
                }
                let referenceLane = pass == 0 && slice == 0 ? lane : Int((pseudoRandom >> 32) % UInt64(lanes))
                let referenceColumn = referenceIndex(
                    pass: pass, slice: slice, index: i, sameLane: referenceLane == lane, j1: pseudoRandom & 0xffff_ffff)
                Memory.compress(
                    block(previous), block(index(lane: referenceLane, column: referenceColumn)), into: block(current),
                    xor: pass > 0, scratch: work)
                current += 1
                previous += 1
            }
        }

        /// The column a block references (RFC 9106 §3.4.1.2, the reference `index_alpha`).
        private func referenceIndex(pass: Int, slice: Int, index: Int, sameLane: Bool, j1: UInt64) -> Int {
            let areaSize: Int
            if pass == 0 {
                if slice == 0 {
                    areaSize = index - 1
                } else if sameLane {
                    areaSize = slice * segmentLength + index - 1
                } else {
                    areaSize = slice * segmentLength + (index == 0 ? -1 : 0)
                }
            } else if sameLane {
                areaSize = laneLength - segmentLength + index - 1
            } else {
                areaSize = laneLength - segmentLength + (index == 0 ? -1 : 0)
            }
            let x = (j1 &* j1) >> 32
            let y = (UInt64(areaSize) &* x) >> 32
            let relative = UInt64(areaSize) - 1 - y
            let startPosition = pass == 0 || slice == 3 ? 0 : (slice + 1) * segmentLength
            return Int((UInt64(startPosition) + relative) % UInt64(laneLength))
        }

        /// The compression G (RFC 9106 §3.5): next = P(prev ⊕ ref) ⊕ prev ⊕ ref, also ⊕ the old
        /// next block from the second pass on (version 1.3).
        static func compress(
            _ x: UnsafeMutablePointer<UInt64>, _ y: UnsafeMutablePointer<UInt64>, into next: UnsafeMutablePointer<UInt64>,
            xor: Bool, scratch r: UnsafeMutablePointer<UInt64>
        ) {
            let saved = r + words
            for i in 0..<words {
                r[i] = x[i] ^ y[i]
                saved[i] = xor ? r[i] ^ next[i] : r[i]
            }
            // Rows: eight runs of P over 16 consecutive words.
            for row in 0..<8 {
                let b = 16 * row
                permute(r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7,
                        b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15)
            }
            // Columns: eight runs of P over word pairs 2c, 2c+1 of each row.
            for column in 0..<8 {
                let b = 2 * column
                permute(r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49,
                        b + 64, b + 65, b + 80, b + 81, b + 96, b + 97, b + 112, b + 113)
            }
            for i in 0..<words { next[i] = saved[i] ^ r[i] }
        }

        /// P: BLAKE2b's round without message words, on GB with the BlaMka multiplication.
        @inline(__always)
        private static func permute(
            _ v: UnsafeMutablePointer<UInt64>, _ i0: Int, _ i1: Int, _ i2: Int, _ i3: Int, _ i4: Int, _ i5: Int,
            _ i6: Int, _ i7: Int, _ i8: Int, _ i9: Int, _ i10: Int, _ i11: Int, _ i12: Int, _ i13: Int, _ i14: Int,
            _ i15: Int
        ) {
            mix(v, i0, i4, i8, i12)
            mix(v, i1, i5, i9, i13)
            mix(v, i2, i6, i10, i14)
            mix(v, i3, i7, i11, i15)
            mix(v, i0, i5, i10, i15)
            mix(v, i1, i6, i11, i12)
            mix(v, i2, i7, i8, i13)
            mix(v, i3, i4, i9, i14)
        }

        @inline(__always)
        private static func mix(_ v: UnsafeMutablePointer<UInt64>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            @inline(__always) func blaMka(_ x: UInt64, _ y: UInt64) -> UInt64 {
                x &+ y &+ 2 &* (x & 0xffff_ffff) &* (y & 0xffff_ffff)
            }
            @inline(__always) func rotr(_ x: UInt64, _ n: UInt64) -> UInt64 { (x >> n) | (x << (64 - n)) }
            v[a] = blaMka(v[a], v[b]); v[d] = rotr(v[d] ^ v[a], 32)
            v[c] = blaMka(v[c], v[d]); v[b] = rotr(v[b] ^ v[c], 24)
            v[a] = blaMka(v[a], v[b]); v[d] = rotr(v[d] ^ v[a], 16)
            v[c] = blaMka(v[c], v[d]); v[b] = rotr(v[b] ^ v[c], 63)
        }
    }
}
