import DeterministicRandom

/// Stateless hashing for lattice noise and per-item streams.
enum Hash {
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 { SplitMix64.mix(value) }

    @inline(__always)
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(a &+ 0x9E37_79B9_7F4A_7C15 &* (b | 1) ^ (b << 17) ^ (b >> 13))
    }
}
