/// Cumulative weights for repeated weighted draws by binary search.
struct Cumulative: Sendable {
    private let sums: [Double]

    init(_ weights: [Double]) {
        var total = 0.0
        sums = weights.map { w in
            total += max(w, 0)
            return total
        }
    }

    /// An index drawn with probability proportional to its weight.
    func sample(_ rng: inout SeededRandom) -> Int {
        guard let total = sums.last, total > 0 else { return sums.isEmpty ? 0 : rng.below(sums.count) }
        let target = rng.unit() * total
        var lo = 0
        var hi = sums.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if sums[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
