import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
import SpatiaLiteStore
import Store
import Testing

/// The stored runs as collections, and analytics computed on request.
@Suite("Analytics routes")
struct AnalyticsRouterTests {
    @Test func latestRunsAreCollectionsWithPagingAndFilters() async throws {
        let fixture = try ServerFixture.load()
        #expect(!fixture.clusters.clusters.isEmpty, "the fixture should have clusters")
        try await ServerFixture.withClient { client in
            let clusters = try await client.execute(uri: "/collections/clusters/items?limit=1000", method: .get).json()
            #expect(clusters["numberMatched"]?.intValue == fixture.clusters.clusters.count)
            let first = try #require(clusters["features"]?.arrayValue?.first)
            #expect(first["id"]?.intValue == 0)
            #expect(first["properties"]?["members"]?.intValue == fixture.clusters.clusters[0].members)
            #expect(first["geometry"]?["type"]?.stringValue == "MultiPolygon")
            // Counts are an object and codes an array, not JSON text inside a string.
            let stored = fixture.clusters.clusters[0]
            let byStatus = try #require(first["properties"]?["by_status"]?.objectValue)
            #expect(Dictionary(uniqueKeysWithValues: byStatus.map { ($0.key, $0.value.intValue ?? -1) })
                == Dictionary(uniqueKeysWithValues: stored.byStatus.map { ($0.0, $0.1) }))
            #expect(first["properties"]?["towns"]?.arrayValue?.compactMap(\.stringValue) == stored.towns)
            let one = try await client.execute(uri: "/collections/clusters/items/0", method: .get).json()
            #expect(one["properties"]?["first_source_id"]?.stringValue == fixture.clusters.clusters[0].firstSourceID)

            let hot = try await client.execute(uri: "/collections/hotspots/items?bin=3&limit=10000", method: .get).json()
            #expect(hot["numberMatched"]?.intValue == fixture.hotspots.bins[3] ?? 0)
            let all = try await client.execute(uri: "/collections/hotspots/items?limit=1", method: .get).json()
            #expect(all["numberMatched"]?.intValue == fixture.hotspots.cells.count)
        }
    }

    /// Square hot-spot cells are stored by number; their served outlines and the bbox filter
    /// must still be exact: checked against GEOS on the same outlines.
    @Test func hotspotCellsServeTheirOutlinesAndFilterByBboxExactly() async throws {
        let fixture = try ServerFixture.load()
        let outlines = fixture.hotspots.outlines()
        let context = try GEOSContext()
        let extent = outlines.reduce(BoundingBox.empty) { $0.union($1.boundingBox) }
        // Boxes over a corner of the study area, its middle, and one thinner than a cell.
        let boxes = [
            BoundingBox(minX: extent.minX, minY: extent.minY, maxX: extent.minX + extent.width / 3, maxY: extent.minY + extent.height / 3),
            BoundingBox(
                minX: extent.minX + extent.width * 0.4, minY: extent.minY + extent.height * 0.4, maxX: extent.minX + extent.width * 0.6,
                maxY: extent.minY + extent.height * 0.6),
            BoundingBox(minX: extent.minX, minY: extent.minY + extent.height * 0.5, maxX: extent.maxX, maxY: extent.minY + extent.height * 0.5 + 0.001),
        ]
        let expectations = try boxes.map { box in
            let expected = try fixture.hotspots.cells.indices.filter {
                try GEOSGeometry(outlines[$0], context: context).intersects(GEOSGeometry(box: box, context: context))
            }.map { fixture.hotspots.cells[$0].cell }
            return (box, expected)
        }
        try await ServerFixture.withClient { client in
            for (box, expected) in expectations {
                #expect(!expected.isEmpty)
                let bbox = [box.minX, box.minY, box.maxX, box.maxY].map { String($0) }.joined(separator: ",")
                let page = try await client.execute(uri: "/collections/hotspots/items?bbox=\(bbox)&limit=10000", method: .get).json()
                let ids = (page["features"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                #expect(ids.sorted() == expected.sorted(), "bbox \(bbox)")
                #expect(page["numberMatched"]?.intValue == expected.count)
            }
            let first = fixture.hotspots.cells[0]
            let feature = try await client.execute(uri: "/collections/hotspots/items/\(first.cell)", method: .get).json()
            let ring = feature["geometry"]?["coordinates"]?.arrayValue?.first?.arrayValue?.first?.arrayValue ?? []
            let served = ring.compactMap { position -> Coordinate? in
                guard let pair = position.arrayValue, pair.count == 2, let x = pair[0].doubleValue, let y = pair[1].doubleValue else { return nil }
                return Coordinate(x, y)
            }
            let drawn = outlines[0].polygons[0].exterior
            #expect(served.count == drawn.count)
            for (a, b) in zip(served, drawn) { #expect(abs(a.x - b.x) < 1e-6 && abs(a.y - b.y) < 1e-6) }
            let collection = try await client.execute(uri: "/collections/hotspots", method: .get).json()
            let spatial = collection["extent"]?["spatial"]?["bbox"]?.arrayValue?.first?.arrayValue?.compactMap { $0.doubleValue } ?? []
            #expect(spatial.count == 4 && spatial[0] <= extent.minX && spatial[1] <= extent.minY && spatial[2] >= extent.maxX && spatial[3] >= extent.maxY)
        }
    }

    @Test func analyticsOnRequestMatchTheUseCases() async throws {
        let fixture = try ServerFixture.load()
        try await ServerFixture.withClient(token: .reader) { client in
            let clusters = try await client.execute(uri: "/analytics/clusters?eps=1500&min_points=3", method: .get)
            #expect(clusters.headers[.contentType] == "application/geo+json")
            let features = try clusters.json()["features"]?.arrayValue ?? []
            #expect(features.count == fixture.clusters.clusters.count)
            // The riskiest cluster first, as the CLI lists them.
            let riskiest = fixture.clusters.clusters.sorted { ($1.risk, $0.cluster) < ($0.risk, $1.cluster) }
            #expect(features.map { $0["properties"]?["cluster"]?.intValue } == riskiest.map(\.cluster))
            #expect(features.first?["properties"]?["members"]?.intValue == riskiest.first?.members)
            // Counts and codes have the shape the stored collection gives them, in every JSON output.
            let stored = try await client.execute(uri: "/collections/clusters/items?limit=1000", method: .get).json()["features"]?.arrayValue ?? []
            let json = try await client.execute(uri: "/analytics/clusters?eps=1500&min_points=3&f=json", method: .get).json().arrayValue ?? []
            for row in json {
                let same = stored.first { $0["properties"]?["cluster"] == row["cluster"] }?["properties"]
                #expect(row["by_status"]?.objectValue != nil && row["by_status"] == same?["by_status"], "\(row["cluster"] ?? .null)")
                #expect(row["towns"]?.arrayValue != nil && row["towns"] == same?["towns"])
            }
            #expect(json.count == stored.count && features.first?["properties"]?["by_industry"]?.objectValue != nil)

            let members = try await client.execute(uri: "/analytics/clusters?eps=1500&min_points=3&members=true", method: .get)
            let lines = members.text.split(separator: "\r\n")
            #expect(lines.first == "source_id,cluster")
            #expect(lines.count == fixture.clusters.members.count + 1)

            let hotspots = try await client.execute(uri: "/analytics/hotspots?grid=square:5000&f=csv", method: .get)
            let rows = hotspots.text.split(separator: "\r\n")
            #expect(rows.first == "cx,cy,lon,lat,town_code,town_name,sources,value,z,p,bin")
            #expect(rows.count == fixture.hotspots.cells.count + 1)

            for (uri, parameter) in [
                ("/analytics/clusters?eps=-3", "eps"), ("/analytics/clusters?status=closed", "status"), ("/analytics/clusters?min_points=0", "min_points"),
                ("/analytics/hotspots?grid=hex:100", "grid"), ("/analytics/hotspots?value=mean:unlicensed", "value"),
                ("/analytics/hotspots?neighbours=rook", "neighbours"), ("/analytics/hotspots?cell=3", "cell"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(try response.json()["parameter"]?.stringValue == parameter, "\(uri): \(response.text)")
            }
            // An area no area has is refused (it would give an empty answer that looks like one),
            // and a status in Chinese is the status.
            for uri in ["/analytics/clusters?area=9999", "/analytics/hotspots?area=9999"] {
                let none = try await client.execute(uri: uri, method: .get)
                #expect(none.status == .badRequest, "\(uri)")
                #expect(try none.json()["parameter"]?.stringValue == "area", "\(uri)")
                #expect(try none.json()["detail"]?.stringValue == "area=9999 is not valid: no prefecture, county, town or grid has this code; expected the code of a prefecture, county, town or grid in this database", "\(uri): \(none.text)")
            }
            let english = try await client.execute(uri: "/analytics/clusters?status=unlicensed", method: .get)
            let chinese = try await client.execute(uri: "/analytics/clusters?status=%E6%97%A0%E8%AF%81", method: .get)
            #expect(english.status == .ok && chinese.status == .ok)
            #expect(try english.json()["features"]?.arrayValue?.count == chinese.json()["features"]?.arrayValue?.count)
            let tooFew = try await client.execute(uri: "/analytics/hotspots?grid=square:200000", method: .get)
            #expect(tooFew.status == .badRequest)
            #expect(tooFew.text.contains("at least 30"))
        }
    }
}
