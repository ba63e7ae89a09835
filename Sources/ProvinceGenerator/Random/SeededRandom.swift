import DeterministicRandom
import Foundation

/// The generator's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// The standard library's `random(in:using:)` and `shuffle(using:)` are deliberately not used:
/// their algorithms are not part of any stability promise, and the dataset must be a pure
/// function of the options on every toolchain.
struct SeededRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator for one purpose (`stream`) of one dataset (`seed`); distinct streams are
    /// independent, so adding draws to one step never shifts another step's output.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ Hash.mix(stream &+ 0x5851_F42D_4C95_7F2D))
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [lower, upper).
    @inline(__always)
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

    /// Uniform integer in 0..<bound (multiply-shift on 32 bits; bias below 2^-32 · bound).
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let b = UInt64(min(bound, Int(UInt32.max)))
        // Shifts bind tighter than multiplication in Swift: parenthesise the product.
        return Int(((next() >> 32) &* b) >> 32)
    }

    /// Uniform integer in the closed range.
    @inline(__always)
    mutating func int(_ lower: Int, _ upper: Int) -> Int { lower + below(upper - lower + 1) }

    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A standard normal pair by Box-Muller.
    mutating func normalPair() -> (Double, Double) {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        let r = (-2 * log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        return (r * cos(theta), r * sin(theta))
    }

    /// Log-uniform in [lower, upper].
    mutating func logUniform(_ lower: Double, _ upper: Double) -> Double {
        lower * exp(unit() * log(upper / lower))
    }

    /// A Poisson draw (Knuth; the means used are small).
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        let limit = exp(-mean)
        var k = 0
        var p = unit()
        while p > limit && k < 64 {
            k += 1
            p *= unit()
        }
        return k
    }

    /// Index drawn with probability proportional to `weights` (linear scan; short lists only).
    mutating func weightedIndex(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += max(w, 0) }
        guard total > 0 else { return below(weights.count) }
        var target = unit() * total
        for (i, w) in weights.enumerated() {
            target -= max(w, 0)
            if target < 0 { return i }
        }
        return weights.count - 1
    }

    /// Fisher-Yates shuffle in place.
    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = below(i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// `count` distinct indices from 0..<n, in increasing order.
    mutating func distinctIndices(_ count: Int, from n: Int) -> [Int] {
        let k = min(max(count, 0), n)
        guard k > 0 else { return [] }
        var chosen = Set<Int>()
        var result: [Int] = []
        result.reserveCapacity(k)
        // Floyd's algorithm: exactly k draws, deterministic.
        for j in (n - k)..<n {
            let t = int(0, j)
            if chosen.contains(t) {
                chosen.insert(j)
                result.append(j)
            } else {
                chosen.insert(t)
                result.append(t)
            }
        }
        return result.sorted()
    }
}
