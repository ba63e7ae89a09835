/// Stateless hashing for lattice noise and per-item streams.
enum Hash {
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(a &+ 0x9E37_79B9_7F4A_7C15 &* (b | 1) ^ (b << 17) ^ (b >> 13))
    }
}
