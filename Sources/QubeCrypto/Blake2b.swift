import CSodium

/// BLAKE2b (RFC 7693) through libsodium, with the variable-length H' that Argon2 builds on it.
enum Blake2b {
    /// BLAKE2b with an `outputLength` of 1...64 bytes over the concatenation of `parts`.
    static func hash(_ parts: [[UInt8]], outputLength: Int) -> [UInt8] {
        precondition((1...64).contains(outputLength))
        Sodium.initialize()
        // libsodium declares the state 64-byte aligned; Swift's stack offers no such promise.
        let state = UnsafeMutableRawPointer.allocate(byteCount: crypto_generichash_blake2b_statebytes(), alignment: 64)
        defer { state.deallocate() }
        let typed = OpaquePointer(state)
        // libsodium's generichash takes 16...64 output bytes; shorter outputs of BLAKE2b differ
        // in their parameter block, so they are not offered here.
        precondition(outputLength >= Int(crypto_generichash_blake2b_BYTES_MIN))
        crypto_generichash_blake2b_init(typed, nil, 0, outputLength)
        for part in parts { crypto_generichash_blake2b_update(typed, part, UInt64(part.count)) }
        var out = [UInt8](repeating: 0, count: outputLength)
        crypto_generichash_blake2b_final(typed, &out, outputLength)
        return out
    }

    /// H' of RFC 9106 §3.3: BLAKE2b stretched to `length` bytes, prefixed with LE32(length).
    static func variableLength(_ input: [UInt8], length: Int) -> [UInt8] {
        let prefix = littleEndian32(length)
        if length <= 64 { return hash([prefix, input], outputLength: length) }
        let r = (length + 31) / 32 - 2
        var v = hash([prefix, input], outputLength: 64)
        var out = Array(v[0..<32])
        for _ in 1..<r {
            v = hash([v], outputLength: 64)
            out += v[0..<32]
        }
        out += hash([v], outputLength: length - 32 * r)
        return out
    }

    static func littleEndian32(_ value: Int) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: UInt32(value) >> (8 * $0)) }
    }
}
