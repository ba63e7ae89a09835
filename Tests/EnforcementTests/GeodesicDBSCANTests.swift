import Enforcement
import Foundation
import GeoKit
import Testing

/// DBSCAN measured on the ellipsoid, for a register too wide for any projection, against
/// scikit-learn over pyproj's geodesics (Fixtures/geodesic, written by
/// scripts/reference_geodesic_dbscan.py): sites from Fiji across the antimeridian to 70° N.
@Suite("DBSCAN on the ellipsoid against scikit-learn over pyproj's geodesics")
struct GeodesicDBSCANTests {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/geodesic")

    static func points() throws -> [Coordinate] {
        let text = try String(contentsOf: directory.appendingPathComponent("points.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",")
            return Coordinate(Double(fields[1])!, Double(fields[2])!)
        }
    }

    @Test func labelsEqualScikitLearnOverGeodesics() throws {
        let points = try Self.points()
        let expected = try JSONParser().parse(try Data(contentsOf: Self.directory.appendingPathComponent("expected.json")))
        let runs = try #require(expected["dbscan"]?.arrayValue)
        #expect(points.count == expected["points"]?.intValue && runs.count == 3)

        // The system such data gets: the world's conic, distances on the ellipsoid.
        let extent = try #require(MetricCRS.extent(covering: points))
        let crs = try #require(MetricCRS.fitting(extent))
        #expect(crs.distances == .geodesic)
        let projected = points.map(crs.forward)
        let geocentric = points.map(crs.ellipsoid.geocentric)
        let reach = crs.planarReach(over: extent)
        #expect(reach > 1.02)

        var planarDiffers = false
        for run in runs {
            let eps = try #require(run["eps"]?.doubleValue), minPoints = try #require(run["min_points"]?.intValue)
            let dbscan = DBSCAN(eps: eps, minPoints: minPoints)
            let result = dbscan.run(projected, geocentric: geocentric, planarReach: reach)
            #expect(result.isCore == run["core"]?.arrayValue?.compactMap(\.boolValue), "eps \(eps)")
            #expect(result.labels.map(Int.init) == run["labels"]?.arrayValue?.compactMap(\.intValue), "eps \(eps)")
            #expect(result.clusterCount == run["clusters"]?.intValue, "eps \(eps)")
            // The same points measured in the conic's plane cluster otherwise: what the
            // ellipsoid is for.
            let planar = dbscan.run(projected)
            if planar.labels != result.labels || planar.isCore != result.isCore { planarDiffers = true }
        }
        #expect(planarDiffers)
    }
}

/// A distance band decided by a measure of its own (the ellipsoid's, for cells of a plane that
/// does not keep distances) reaches the same cells as the grid's when the measure is the grid's.
@Suite("Spatial weights: a band by any measure")
struct MeasuredBandTests {
    @Test func bandByTheGridsOwnMeasureIsTheGridsBand() {
        var cells: [(x: Int, y: Int)] = []
        var state: UInt64 = 7
        for _ in 0..<400 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            cells.append((Int(state >> 40) % 40, Int(state >> 20) % 40))
        }
        var seen = Set<Int>()
        cells = cells.filter { seen.insert($0.x * 1000 + $0.y).inserted }
        for (size, band) in [(1000.0, 3000.0), (500.0, 1800.0), (250.0, 250.0)] {
            let grid = SpatialWeights.distanceBand(cells, cellSize: size, distance: band)
            let measured = SpatialWeights.distanceBand(cells, reach: Int(band / size)) { a, b in
                let dx = Double(cells[a].x - cells[b].x) * size, dy = Double(cells[a].y - cells[b].y) * size
                return dx * dx + dy * dy <= band * band
            }
            #expect(measured == grid, "cells of \(size) m, band \(band) m")
            #expect(grid.neighbours.count > cells.count / 2, "the band reaches neighbours")
        }
    }
}
