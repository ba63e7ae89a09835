import Foundation
import Testing

import GeoKit

/// `MetricCRS`: its text forms, the registered systems, the choice from an extent, and
/// longitudes always written in −180…180.
@Suite("Metric CRS")
struct MetricCRSTests {
    @Test("epsg:N and PROJ strings round-trip through the stored text", arguments: [
        "epsg:4547", "epsg:4534", "epsg:4554", "epsg:32617", "epsg:32750",
        "+proj=tmerc +lat_0=0 +lon_0=117 +k=0.9996 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs",
        "+proj=aea +lat_0=36.95 +lon_0=-95.84 +lat_1=28.67 +lat_2=45.77 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs",
    ])
    func roundTrip(_ text: String) throws {
        let crs = try MetricCRS(parsing: text)
        #expect(crs.description == text)
        #expect(try MetricCRS(parsing: crs.description) == crs)
        #expect(try MetricCRS(parsing: crs.projString) == crs)
    }

    @Test("a PROJ string of a registered system is that system")
    func registeredByPROJString() throws {
        #expect(try MetricCRS(parsing: "+proj=utm +zone=50 +datum=WGS84 +units=m +no_defs").description == "epsg:32650")
        #expect(try MetricCRS(parsing: "+proj=utm +zone=17 +south +ellps=WGS84").description == "epsg:32717")
        #expect(try MetricCRS(parsing: "+proj=tmerc +lon_0=114 +x_0=500000 +ellps=GRS80 +type=crs").description == "epsg:4547")
        #expect(try MetricCRS(parsing: "EPSG:4547") == .epsg4547)
        #expect(MetricCRS.epsg4547.name == "CGCS2000 / 3-degree Gauss-Kruger CM 114E")
        #expect(try MetricCRS(parsing: "epsg:32617").name == "WGS 84 / UTM zone 17N")
        #expect(MetricCRS.epsg4547.identifier == "EPSG:4547")
    }

    @Test("what GeoKit cannot project is refused by name", arguments: [
        ("", "cannot read"), ("utm50", "cannot read"), ("epsg:3857", "EPSG:3857 is not a metric system"),
        ("epsg:", "cannot read"), ("+proj=merc +datum=WGS84", "+proj=merc is not projected"),
        ("+proj=utm +datum=WGS84", "needs +zone"), ("+proj=utm +zone=61", "+zone=61 is not a valid value"),
        ("+proj=tmerc +lon_0=114 +units=ft", "+units=ft is not supported"),
        ("+proj=tmerc +lon_0=114 +ellps=krass", "+ellps=krass is not supported"),
        ("+proj=tmerc +lon_0=114 +towgs84=1,2,3", "datum shift"),
        ("+proj=tmerc +lon_0=114 +lon_0=115", "given twice"), ("+proj=aea +lat_1=30", "needs +lat_2"),
        ("+proj=aea +lat_1=30 +lat_2=-30", "cylinder"), ("+proj=tmerc +lon_0=200", "+lon_0=200 is not a valid value"),
        ("+proj=tmerc +lon_0=114 +axis=neu", "+axis=neu is not supported"),
    ])
    func refusals(_ text: String, _ message: String) {
        #expect {
            _ = try MetricCRS(parsing: text)
        } throws: { error in
            (error as? MetricCRSError)?.description.contains(message) == true
        }
    }

    @Test("the CGCS2000 zone nearest the centre in China, UTM elsewhere, a conic when too wide")
    func choice() throws {
        // Guangdong: CM 114E, as every store before the choice.
        #expect(MetricCRS.fitting(BoundingBox(minX: 109.66, minY: 20.22, maxX: 117.32, maxY: 25.52)) == .epsg4547)
        // A city in Hubei: CM 114E too; one in Sichuan: CM 105E (EPSG:4544).
        #expect(MetricCRS.fitting(BoundingBox(minX: 113.7, minY: 29.9, maxX: 115.1, maxY: 31.4))?.epsg == 4547)
        #expect(MetricCRS.fitting(BoundingBox(minX: 103.9, minY: 30.4, maxX: 104.3, maxY: 30.9))?.epsg == 4544)
        // Ohio: UTM 17N; Sydney: UTM 56S.
        #expect(MetricCRS.fitting(BoundingBox(minX: -84.8, minY: 38.4, maxX: -80.5, maxY: 42.0))?.epsg == 32617)
        #expect(MetricCRS.fitting(BoundingBox(minX: 150.5, minY: -34.2, maxX: 151.4, maxY: -33.5))?.epsg == 32756)
        // Too wide for a zone: an equal-area conic.
        let usa = try #require(MetricCRS.fitting(BoundingBox(minX: -124.73, minY: 24.52, maxX: -66.95, maxY: 49.38)))
        guard case .albersEqualArea = usa.projection else {
            Issue.record("the continental USA got \(usa)")
            return
        }
        #expect(MetricCRS.fitting(BoundingBox.empty) == nil)
    }

    @Test("points across the antimeridian get the zone of their short arc")
    func antimeridian() throws {
        let fiji = [Coordinate(177.2, -17.8), Coordinate(179.9, -16.5), Coordinate(-179.8, -16.2), Coordinate(-178.5, -18.1)]
        let crs = try #require(MetricCRS.fitting(covering: fiji))
        #expect(crs.epsg == 32760)
        let range = try #require(Longitude.shortestArc(covering: fiji.map(\.x)))
        #expect(abs(range.lowerBound - 177.2) < 1e-9 && abs(range.upperBound - 181.5) < 1e-9)
        for point in fiji {
            let back = crs.inverse(crs.forward(point))
            #expect(abs(back.x - point.x) < 1e-9 && abs(back.y - point.y) < 1e-9)
            #expect((-180...180).contains(back.x))
        }
    }

    @Test("every inverse writes longitudes in −180…180, whatever the central meridian")
    func longitudesInRange() throws {
        // A point in Ohio through CM 114E: the inverse used to give 281.3°.
        let ohio = Coordinate(-78.7, 40.0)
        let back = MetricCRS.epsg4547.inverse(MetricCRS.epsg4547.forward(ohio))
        #expect(abs(back.x - ohio.x) < 1e-6 && abs(back.y - ohio.y) < 1e-6)
        for text in ["epsg:32601", "epsg:32660", "epsg:4554"] {
            let crs = try MetricCRS(parsing: text)
            for lon in stride(from: -180.0, through: 180.0, by: 7.5) {
                let point = crs.inverse(crs.forward(Coordinate(lon, 10)))
                #expect((-180...180).contains(point.x))
            }
        }
        #expect(Longitude.normalized(281.3) == 281.3 - 360)
        #expect(Longitude.normalized(-190) == 170)
        #expect(Longitude.normalized(113.25) == 113.25)
    }

    @Test("the distortion bound: a zone's grows with the distance from its meridian, a conic keeps areas")
    func distortion() throws {
        let guangdong = BoundingBox(minX: 109.66, minY: 20.22, maxX: 117.32, maxY: 25.52)
        let zone = MetricCRS.epsg4547.distortion(over: guangdong)
        #expect(zone.distance > 0.002 && zone.distance < 0.005)
        let xinjiang = BoundingBox(minX: 73.5, minY: 34.34, maxX: 96.38, maxY: 49.18)
        let conic = try #require(MetricCRS.equalArea(fittedTo: xinjiang)).distortion(over: xinjiang)
        #expect(conic.area < 1e-6)
        #expect(conic.distance < 0.005)
    }
}
