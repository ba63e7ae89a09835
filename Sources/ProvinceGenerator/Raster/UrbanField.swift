import Foundation

/// How urban a place is: a sum of Gaussian cores at prefecture seats (and, once counties exist,
/// at county centres). Everything that should be denser in cities reads it: county, town and
/// grid sizes, town kinds (街道 vs 镇), and where town-centre sources gather.
struct UrbanField: Sendable {
    struct Core: Sendable {
        var x: Double
        var y: Double
        var peak: Double
        var spread: Double
    }

    private(set) var cores: [Core] = []
    /// Cores whose reach (4 spreads) touches each 20 km bucket, so a look-up reads a few cores.
    private var buckets: [Int: [Int32]] = [:]
    private static let bucketSize = 20_000.0

    mutating func add(x: Double, y: Double, peak: Double, spread: Double) {
        let index = Int32(cores.count)
        cores.append(Core(x: x, y: y, peak: peak, spread: spread))
        let reach = 4 * spread
        let i0 = Self.cell(x - reach), i1 = Self.cell(x + reach)
        let j0 = Self.cell(y - reach), j1 = Self.cell(y + reach)
        for j in j0...j1 {
            for i in i0...i1 { buckets[Self.key(i, j), default: []].append(index) }
        }
    }

    @inline(__always)
    private static func cell(_ v: Double) -> Int { Int((v / bucketSize).rounded(.down)) }

    @inline(__always)
    private static func key(_ i: Int, _ j: Int) -> Int { (j &* 1_000_003) &+ i }

    /// Urban intensity at (x, y) in metres; 0 in open country, about 10 in a megacity centre.
    func value(x: Double, y: Double) -> Double {
        guard let list = buckets[Self.key(Self.cell(x), Self.cell(y))] else { return 0 }
        var total = 0.0
        for k in list {
            let core = cores[Int(k)]
            let dx = x - core.x
            let dy = y - core.y
            let limit = 4 * core.spread
            if abs(dx) > limit || abs(dy) > limit { continue }
            let q = (dx * dx + dy * dy) / (2 * core.spread * core.spread)
            total += core.peak * exp(-q)
        }
        return total
    }
}
