/// SplitMix64: seeds xoshiro and mixes hashes.
struct SplitMix64 {
    var state: UInt64

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Hash.mix(state)
    }
}
