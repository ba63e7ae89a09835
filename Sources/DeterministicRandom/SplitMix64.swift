/// A small seeded pseudo-random generator (SplitMix64, Steele, Lea & Flood 2014).
///
/// permitwatch's one seeded generator: the route solvers draw from it and the province generator
/// seeds its streams from it, never from the system generator, so that the same seed gives the
/// same plan and the same dataset on every machine and every run. The standard library's
/// `random(in:using:)` and `shuffle(using:)` make no promise about their algorithms, so code that
/// must repeat itself draws through `below(_:)` and `unit()` instead.
///
/// Inlinable because the solvers draw in their innermost loops, from other modules.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    @inlinable
    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's output function on its own: a stateless 64-bit hash, for values that must
    /// be a pure function of an index or a key (lattice noise, one stream per purpose).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0), without the bias of a plain modulo.
    @inlinable
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform value in `[0, 1)`.
    @inlinable
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
