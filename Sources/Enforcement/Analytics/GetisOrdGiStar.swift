import Foundation

/// Local Getis-Ord Gi* with binary weights, the cell itself included: which cells sit among
/// unusually high (or low) values, as ArcGIS's Hot Spot Analysis and esda's
/// `G_Local(star=True, transform='B')` compute it.
///
/// z follows esda's analytic moments exactly: with n cells, values y, mean ȳ and variance
/// s² = Σy²/n − ȳ², and W_i the number of cells in i's neighbourhood (itself included),
/// G_i = Σ_{j∈N(i)} y_j / Σy, E[G_i] = W_i / n,
/// V[G_i] = W_i (n − W_i) / ((n − 1) n²) · s² / ȳ², z_i = (G_i − E[G_i]) / √V[G_i].
/// p is two-sided under the normal approximation. Bins are ArcGIS's Gi_Bin: ±3, ±2, ±1 for
/// significance at 99, 95 and 90 % (with `falseDiscoveryRate`, at the Benjamini–Hochberg
/// cut-offs for those levels, as esda's `fdr` computes them), 0 otherwise.
public struct GetisOrdGiStar: Sendable {
    public struct Cell: Sendable, Equatable {
        /// nil for a cell with no neighbour (its z would only restate its own value).
        public var z: Double?
        public var p: Double?
        public var bin: Int
    }

    public struct Result: Sendable {
        public var cells: [Cell]
        /// The p-value cut-offs used for bins 3, 2, 1 (0.01, 0.05, 0.10, or the FDR cut-offs).
        public var cutoffs: [Double]
        /// Cells left without a z because they have no neighbour.
        public var islands: Int
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case tooFewCells(Int)
        case allValuesEqual(Double)
        case sizeMismatch(values: Int, weights: Int)

        public var description: String {
            switch self {
            case .tooFewCells(let n):
                "only \(n) cells have sources; Gi* needs at least 30 for its normal approximation (use a smaller cell or a larger area)"
            case .allValuesEqual(let value):
                "every cell has the same value (\(value)); there is nothing to find hot or cold"
            case .sizeMismatch(let values, let weights):
                "\(values) values for \(weights) cells"
            }
        }
    }

    public static let confidenceLevels = [0.01, 0.05, 0.10]

    public static func compute(values y: [Double], weights: SpatialWeights, falseDiscoveryRate: Bool = false) throws -> Result {
        let n = y.count
        guard n == weights.count else { throw Failure.sizeMismatch(values: n, weights: weights.count) }
        guard n >= 30 else { throw Failure.tooFewCells(n) }
        let nd = Double(n)
        var sum = 0.0, sumOfSquares = 0.0
        for v in y {
            sum += v
            sumOfSquares += v * v
        }
        let mean = sum / nd
        let variance = sumOfSquares / nd - mean * mean
        guard variance > 1e-12 * max(1, mean * mean), mean != 0 else { throw Failure.allValuesEqual(y[0]) }
        let ratio = variance / (mean * mean)

        var cells = [Cell](repeating: Cell(z: nil, p: nil, bin: 0), count: n)
        var pValues: [Double] = []
        pValues.reserveCapacity(n)
        var islands = 0
        for i in 0..<n {
            let neighbours = weights.neighbours(of: i)
            guard !neighbours.isEmpty else {
                islands += 1
                continue
            }
            var local = y[i]
            for j in neighbours { local += y[Int(j)] }
            let cardinality = Double(neighbours.count + 1)
            let g = local / sum
            let expected = cardinality / nd
            let varianceOfG = cardinality * (nd - cardinality) / (nd - 1) / (nd * nd) * ratio
            let z = (g - expected) / varianceOfG.squareRoot()
            let p = 2 * NormalDistribution.survival(abs(z))
            cells[i].z = z
            cells[i].p = p
            pValues.append(p)
        }
        let cutoffs = falseDiscoveryRate ? confidenceLevels.map { fdrCutoff(pValues, alpha: $0) } : confidenceLevels
        for i in 0..<n {
            guard let z = cells[i].z, let p = cells[i].p else { continue }
            // FDR cut-offs come from a strict test (p < k·α/n), fixed levels from p ≤ α.
            let level = falseDiscoveryRate ? cutoffs.firstIndex { p < $0 } : cutoffs.firstIndex { p <= $0 }
            if let level { cells[i].bin = (3 - level) * (z > 0 ? 1 : -1) }
        }
        return Result(cells: cells, cutoffs: cutoffs, islands: islands)
    }

    /// The Benjamini–Hochberg p-value cut-off at `alpha`, as esda's `fdr`: the largest k·α/n
    /// with the k-th smallest p below it; α/n (Bonferroni) when there is none.
    public static func fdrCutoff(_ pValues: [Double], alpha: Double) -> Double {
        let n = pValues.count
        guard n > 0 else { return alpha }
        let sorted = pValues.sorted(by: >)
        for (position, p) in sorted.enumerated() {
            let threshold = Double(n - position) * alpha / Double(n)
            if p < threshold { return threshold }
        }
        return alpha / Double(n)
    }
}

/// The standard normal distribution's upper tail, for p-values.
public enum NormalDistribution {
    /// P(Z > z) = erfc(z / √2) / 2, accurate in the far tail (no 1 − Φ cancellation).
    public static func survival(_ z: Double) -> Double { erfc(z / 2.0.squareRoot()) / 2 }
}
