import Foundation
import Testing

import GeoKit

/// The metric CRS each of four datasets gets, measured against geodesic distances and areas on
/// the ellipsoid (Fixtures/make_metric_crs_reference.py writes them with pyproj): issue 14's
/// accuracy, for GeoKit's own projections.
@Suite("Metric CRS accuracy against pyproj's geodesics")
struct MetricCRSAccuracyTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            struct Pair: Decodable {
                let lon1, lat1, lon2, lat2, geodesic_m, x1, y1, x2, y2: Double
            }
            struct Cell: Decodable {
                let ix, iy: Int
                let corners: [[Double]]
                let area_m2: Double
            }
            let name: String
            let extent: [Double]
            let metric_crs: String
            let distance_tolerance: Double
            let cell_size: Double
            let pairs: [Pair]
            let cells: [Cell]

            var box: BoundingBox { BoundingBox(minX: extent[0], minY: extent[1], maxX: extent[2], maxY: extent[3]) }
        }
        struct LongPair: Decodable {
            let lon1, lat1, lon2, lat2, geodesic_m: Double
        }
        let source: String
        let cases: [Case]
        let long_pairs: [LongPair]
    }

    static let reference: Reference? = try? JSONDecoder().decode(Reference.self, from: IOFixtures.data("metric_crs_reference.json"))

    static var caseNames: [String] { ["guangdong", "xinjiang", "heilongjiang", "continental-usa", "china", "world"] }

    static func referenceCase(_ name: String) throws -> Reference.Case {
        let reference = try #require(Self.reference, "metric_crs_reference.json is missing or unreadable")
        return try #require(reference.cases.first { $0.name == name }, "no case \(name) in the fixture")
    }

    @Test("the fitted system is the one the reference was made for", arguments: caseNames)
    func fitting(_ name: String) throws {
        let reference = try Self.referenceCase(name)
        let fitted = try #require(MetricCRS.fitting(reference.box))
        #expect(fitted.description == reference.metric_crs)
        #expect(try MetricCRS(parsing: reference.metric_crs) == fitted)
    }

    @Test("x/y agree with PROJ's within 1 mm", arguments: caseNames)
    func forwardAgreesWithPROJ(_ name: String) throws {
        let reference = try Self.referenceCase(name)
        let crs = try MetricCRS(parsing: reference.metric_crs)
        var worst = 0.0
        for pair in reference.pairs {
            let a = crs.forward(Coordinate(pair.lon1, pair.lat1)), b = crs.forward(Coordinate(pair.lon2, pair.lat2))
            worst = max(worst, abs(a.x - pair.x1), abs(a.y - pair.y1), abs(b.x - pair.x2), abs(b.y - pair.y2))
        }
        #expect(worst < 0.001, "worst difference from PROJ: \(worst) m")
    }

    @Test("distances up to 50 km within the tolerance of the geodesic", arguments: caseNames)
    func distances(_ name: String) throws {
        let reference = try Self.referenceCase(name)
        let crs = try MetricCRS(parsing: reference.metric_crs)
        #expect(reference.pairs.count > 300)
        var worst = 0.0
        for pair in reference.pairs {
            let measured = crs.distance(from: Coordinate(pair.lon1, pair.lat1), to: Coordinate(pair.lon2, pair.lat2))
            worst = max(worst, abs(measured / pair.geodesic_m - 1))
        }
        print(String(format: "metric CRS %@: %@: worst distance error %.5f %% over %d pairs (tolerance %g %%)",
                     name, reference.metric_crs, worst * 100, reference.pairs.count, reference.distance_tolerance * 100))
        #expect(worst <= reference.distance_tolerance, "worst distance error \(worst)")
        switch crs.distances {
        case .projected:
            // The bound the choice is made on holds the measured errors.
            #expect(worst <= crs.distortion(over: reference.box).distance + 1e-4)
        case .geodesic:
            // Too wide for the plane: the fitted conic would be past 2 %, and the ellipsoid is exact.
            #expect(crs.distortion(over: reference.box).distance > MapDistortion.Tolerance.continentDistance)
            #expect(worst < 1e-6, "worst distance error on the ellipsoid \(worst)")
        }
    }

    @Test("on the ellipsoid: within 1e-5 of the geodesic up to 1,000 km, 1e-4 beyond")
    func surfaceDistances() throws {
        let reference = try #require(Self.reference, "metric_crs_reference.json is missing or unreadable")
        #expect(reference.long_pairs.count >= 300)
        var worstShort = 0.0, worstLong = 0.0
        for pair in reference.long_pairs {
            for ellipsoid in [Ellipsoid.wgs84, .grs80] {
                let measured = ellipsoid.surfaceDistance(from: Coordinate(pair.lon1, pair.lat1), to: Coordinate(pair.lon2, pair.lat2))
                let error = abs(measured / pair.geodesic_m - 1)
                if pair.geodesic_m <= 1_000_000 { worstShort = max(worstShort, error) } else { worstLong = max(worstLong, error) }
            }
        }
        print(String(format: "on the ellipsoid: worst error %.2e up to 1,000 km, %.2e beyond, over %d pairs",
                     worstShort, worstLong, reference.long_pairs.count))
        #expect(worstShort < 1e-5)
        #expect(worstLong < 1e-4)
    }

    @Test("square cells equal in area within 1 %, corners as PROJ's", arguments: caseNames)
    func cells(_ name: String) throws {
        let reference = try Self.referenceCase(name)
        let crs = try MetricCRS(parsing: reference.metric_crs)
        var worstArea = 0.0, worstCorner = 0.0
        for cell in reference.cells {
            let size = reference.cell_size
            let corners = [(cell.ix, cell.iy), (cell.ix + 1, cell.iy), (cell.ix + 1, cell.iy + 1), (cell.ix, cell.iy + 1)]
                .map { crs.inverse(Coordinate(Double($0.0) * size, Double($0.1) * size)) }
            for (corner, expected) in zip(corners, cell.corners) {
                worstCorner = max(worstCorner, abs(corner.x - expected[0]), abs(corner.y - expected[1]))
                #expect((-180...180).contains(corner.x))
            }
            worstArea = max(worstArea, abs(cell.area_m2 / (size * size) - 1))
        }
        print(String(format: "metric CRS %@: worst cell-area error %.4f %% over %d cells; corners within %.1e° of PROJ's",
                     name, worstArea * 100, reference.cells.count, worstCorner))
        #expect(worstArea <= MapDistortion.Tolerance.cellArea)
        #expect(worstCorner < 1e-8)
    }
}
