/// Integer shares of a total in proportion to weights (largest remainder), so counts planned per
/// area always add up exactly.
enum Apportion {
    /// Splits `total` over `weights`; every entry gets at least `minimum` when the total allows.
    static func largestRemainder(total: Int, weights: [Double], minimum: Int = 0) -> [Int] {
        let n = weights.count
        guard n > 0, total > 0 else { return [Int](repeating: 0, count: n) }
        let base = min(minimum, total / n)
        var result = [Int](repeating: base, count: n)
        let rest = total - base * n
        let sum = weights.reduce(0) { $0 + max($1, 0) }
        guard rest > 0 else { return result }
        guard sum > 0 else {
            for k in 0..<rest { result[k % n] += 1 }
            return result
        }
        var remainders: [(Double, Int)] = []
        var assigned = 0
        for (k, w) in weights.enumerated() {
            let exact = Double(rest) * max(w, 0) / sum
            let whole = Int(exact.rounded(.down))
            result[k] += whole
            assigned += whole
            remainders.append((exact - Double(whole), k))
        }
        remainders.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var k = 0
        while assigned < rest {
            result[remainders[k % n].1] += 1
            assigned += 1
            k += 1
        }
        return result
    }
}
