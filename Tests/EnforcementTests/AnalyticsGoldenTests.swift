import DeterministicRandom
import Enforcement
import Foundation
import GeoKit
import Testing

/// DBSCAN and Gi* against scikit-learn and esda on a committed sample
/// (Fixtures/analytics, written by scripts/reference_analytics.py --sample).
@Suite("Analytics against scikit-learn and esda")
struct AnalyticsGoldenTests {
    struct Sample {
        var ids: [String] = []
        var points: [Coordinate] = []
        var statuses: [String] = []
        var expected: JSONValue = .null
    }

    static let sample: Sample = {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/analytics")
        var sample = Sample()
        let text = try! String(contentsOf: directory.appendingPathComponent("points.csv"), encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            sample.ids.append(String(fields[0]))
            sample.points.append(Coordinate(Double(fields[1])!, Double(fields[2])!))
            sample.statuses.append(String(fields[3]))
        }
        sample.expected = try! JSONParser().parse(try! Data(contentsOf: directory.appendingPathComponent("expected.json")))
        return sample
    }()

    @Test func dbscanLabelsEqualScikitLearnWithTheBorderRule() throws {
        let sample = Self.sample
        let runs = try #require(sample.expected["dbscan"]?.arrayValue)
        #expect(runs.count == 3)
        for run in runs {
            let eps = try #require(run["eps"]?.doubleValue), minPoints = try #require(run["min_points"]?.intValue)
            let result = DBSCAN(eps: eps, minPoints: minPoints).run(sample.points)
            #expect(result.isCore == run["core"]?.arrayValue?.compactMap(\.boolValue), "eps \(eps)")
            #expect(result.labels.map(Int.init) == run["labels"]?.arrayValue?.compactMap(\.intValue), "eps \(eps)")
            #expect(result.clusterCount == run["clusters"]?.intValue)
        }
    }

    @Test func dbscanPropertiesHoldAndCorePartitionIgnoresInputOrder() {
        let sample = Self.sample
        let eps = 300.0, minPoints = 5
        let result = DBSCAN(eps: eps, minPoints: minPoints).run(sample.points)
        let n = sample.points.count
        func neighbours(_ i: Int) -> Int { (0..<n).filter { sample.points[i].squaredDistance(to: sample.points[$0]) <= eps * eps }.count }
        var sizes = [Int](repeating: 0, count: result.clusterCount)
        for label in result.labels where label >= 0 { sizes[Int(label)] += 1 }
        #expect(sizes.allSatisfy { $0 >= minPoints })
        for i in 0..<n where result.labels[i] == -1 { #expect(neighbours(i) < minPoints) }
        // Clusters numbered by their first member.
        var firsts: [Int] = []
        for (i, label) in result.labels.enumerated() where label >= 0 && Int(label) == firsts.count { firsts.append(i) }
        #expect(firsts.count == result.clusterCount)

        // Shuffled input: the same core points, the same partition of them, the same noise.
        var generator = SplitMix64(seed: 7)
        let permutation = Array(0..<n).shuffled(using: &generator)
        let shuffled = DBSCAN(eps: eps, minPoints: minPoints).run(permutation.map { sample.points[$0] })
        var coreMap: [Int32: Int32] = [:]
        for (position, original) in permutation.enumerated() {
            #expect(shuffled.isCore[position] == result.isCore[original])
            #expect((shuffled.labels[position] == -1) == (result.labels[original] == -1))
            if result.isCore[original] {
                let mapped = coreMap[result.labels[original], default: shuffled.labels[position]]
                #expect(mapped == shuffled.labels[position])
                coreMap[result.labels[original]] = mapped
            }
        }
        #expect(shuffled.clusterCount == result.clusterCount)
    }

    @Test func giStarZScoresEqualEsdaAndFDRCutoffsEqualEsdaFdr() throws {
        let runs = try #require(Self.sample.expected["gistar"]?.arrayValue)
        #expect(runs.count == 4)
        for run in runs {
            let cells = try #require(run["cells"]?.arrayValue).map { (x: $0.arrayValue![0].intValue!, y: $0.arrayValue![1].intValue!) }
            let values = try #require(run["values"]?.arrayValue).map { $0.doubleValue! }
            let name = run["weights"]?.stringValue ?? ""
            let weights = name == "queen" ? SpatialWeights.queen(cells) : SpatialWeights.distanceBand(cells, cellSize: 1000, distance: 2500)
            let plain = try GetisOrdGiStar.compute(values: values, weights: weights)
            let expectedZ = try #require(run["z"]?.arrayValue)
            let expectedP = try #require(run["p"]?.arrayValue)
            #expect(plain.cells.count == expectedZ.count)
            for (i, cell) in plain.cells.enumerated() {
                if let z = expectedZ[i].doubleValue {
                    #expect(abs(cell.z! - z) <= 1e-9, "\(name) \(run["value"]!) cell \(i): \(cell.z!) vs \(z)")
                    #expect(abs(cell.p! - expectedP[i].doubleValue!) <= 1e-12)
                    let level = [0.01, 0.05, 0.10].firstIndex { cell.p! <= $0 }
                    #expect(cell.bin == level.map { (3 - $0) * (z > 0 ? 1 : -1) } ?? 0)
                } else {
                    #expect(cell.z == nil && cell.bin == 0)
                }
            }
            let fdr = try GetisOrdGiStar.compute(values: values, weights: weights, falseDiscoveryRate: true)
            let cutoffs = try #require(run["fdr_cutoffs"]?.arrayValue).map { $0.doubleValue! }
            for (got, want) in zip(fdr.cutoffs, cutoffs) { #expect(abs(got - want) <= 1e-15 * max(1, want)) }
            for cell in fdr.cells where cell.bin != 0 { #expect(cell.p! < fdr.cutoffs[3 - Swift.abs(cell.bin)]) }
        }
    }

    @Test func giStarRefusesWhatItCannotAnswer() {
        let cells = (0..<10).flatMap { x in (0..<2).map { y in (x: x, y: y) } }
        #expect(throws: GetisOrdGiStar.Failure.tooFewCells(20)) {
            try GetisOrdGiStar.compute(values: [Double](repeating: 1, count: 20), weights: .queen(cells))
        }
        let many = (0..<10).flatMap { x in (0..<4).map { y in (x: x, y: y) } }
        #expect(throws: GetisOrdGiStar.Failure.allValuesEqual(3)) {
            try GetisOrdGiStar.compute(values: [Double](repeating: 3, count: 40), weights: .queen(many))
        }
        // A lone cell gets no z, not NaN.
        let withIsland = many + [(x: 100, y: 100)]
        let result = try? GetisOrdGiStar.compute(values: (0..<41).map { Double($0 % 7) }, weights: .queen(withIsland))
        #expect(result?.islands == 1)
        #expect(result?.cells.last?.z == nil)
        #expect(result?.cells.allSatisfy { $0.z.map { $0.isFinite } ?? true } == true)
    }
}
