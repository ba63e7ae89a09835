import Foundation
import Testing

import GeoKit

/// EPSG:4547 against pyproj/PROJ (Fixtures/make_epsg4547_reference.py writes the reference).
@Suite("EPSG:4547 Gauss-Krüger")
struct GaussKrugerTests {
    struct Reference: Decodable {
        struct Point: Decodable {
            let lon: Double
            let lat: Double
            let x: Double
            let y: Double
        }
        let source: String
        let points: [Point]
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: IOFixtures.data("epsg4547_reference.json"))
    }

    @Test("the fixture covers Guangdong and the zone edges")
    func fixtureCoverage() throws {
        let points = try Self.reference().points
        #expect(points.count >= 40)
        #expect(points.contains { abs($0.lon - 110.5) < 1e-9 })
        #expect(points.contains { abs($0.lon - 117.5) < 1e-9 })
        #expect(points.map(\.lat).min() == 20)
        #expect(points.map(\.lat).max() == 25.6)
    }

    @Test("forward agrees with pyproj within 1 mm")
    func forward() throws {
        var worst = 0.0
        for point in try Self.reference().points {
            let projected = MetricCRS.epsg4547.forward(Coordinate(point.lon, point.lat))
            let error = max(abs(projected.x - point.x), abs(projected.y - point.y))
            worst = max(worst, error)
            #expect(error < 0.001, "(\(point.lon), \(point.lat)) → (\(projected.x), \(projected.y)), pyproj (\(point.x), \(point.y))")
        }
        #expect(worst < 0.001)
    }

    @Test("inverse agrees with pyproj within 1e-8 degrees")
    func inverse() throws {
        for point in try Self.reference().points {
            let geographic = MetricCRS.epsg4547.inverse(Coordinate(point.x, point.y))
            #expect(abs(geographic.x - point.lon) < 1e-8, "lon at (\(point.lon), \(point.lat)): \(geographic.x)")
            #expect(abs(geographic.y - point.lat) < 1e-8, "lat at (\(point.lon), \(point.lat)): \(geographic.y)")
        }
    }

    @Test("forward then inverse is the identity across Guangdong")
    func roundTrip() {
        var lon = 109.5
        while lon <= 117.5 {
            var lat = 20.0
            while lat <= 25.6 {
                let back = MetricCRS.epsg4547.inverse(MetricCRS.epsg4547.forward(Coordinate(lon, lat)))
                #expect(abs(back.x - lon) < 1e-10 && abs(back.y - lat) < 1e-10, "(\(lon), \(lat)) → \(back)")
                lat += 0.4
            }
            lon += 0.5
        }
    }

    @Test("the central meridian maps to the false easting")
    func centralMeridian() {
        let projected = MetricCRS.epsg4547.forward(Coordinate(114, 23))
        #expect(abs(projected.x - 500_000) < 1e-9)
    }

    @Test("CoordinateSystem.epsg4547 converts through the inverse")
    func coordinateSystemUsesInverse() throws {
        let point = try #require(try Self.reference().points.first)
        let wgs = CoordinateSystem.epsg4547.toWGS84(Coordinate(point.x, point.y))
        #expect(abs(wgs.x - point.lon) < 1e-8 && abs(wgs.y - point.lat) < 1e-8)
    }
}
