import CSodium

/// Private key material in memory that is wiped when the last reference goes away.
///
/// Swift arrays copy freely and never clear their storage, so secrets live here instead:
/// one heap buffer, zeroed with `sodium_memzero` on deinit. It is immutable after init.
public final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into a new wiped-on-release buffer.
    public init(_ bytes: some Collection<UInt8>) {
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        storage.copyBytes(from: bytes)
        count = bytes.count
    }

    /// Takes the bytes of `array` and zeroes the array, so the caller holds no second copy.
    convenience init(consuming array: inout [UInt8]) {
        self.init(array)
        array.wipe()
    }

    deinit {
        sodium_memzero(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// The number of secret bytes.
    public let count: Int

    /// Calls `body` with the secret bytes; the pointer must not escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// The secret as lowercase hex, for writing a key file. The string cannot be wiped: use it
    /// only to hand the bytes to a file or a Secret.
    public var hex: String { withUnsafeBytes { Hex.encode($0) } }
}

extension Array where Element == UInt8 {
    /// Overwrites the array's bytes with zeros in a way the optimiser keeps.
    mutating func wipe() {
        withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }
}
