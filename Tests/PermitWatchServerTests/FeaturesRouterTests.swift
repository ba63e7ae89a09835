import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
import SpatiaLiteStore
import Store
import Testing

/// OGC API - Features through the router test client, every answer checked against the
/// fixture's sources read directly from the store.
@Suite("OGC API - Features routes")
struct FeaturesRouterTests {
    @Test func landingPageLinksEverythingClientsLookFor() async throws {
        try await ServerFixture.withClient { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            let document = try response.json()
            for rel in ["self", "service-desc", "service-doc", "conformance", "data"] {
                #expect(document.link(rel) != nil, "no \(rel) link")
            }
            let serviceDesc = document["links"]?.arrayValue?.first { $0["rel"]?.stringValue == "service-desc" }
            #expect(serviceDesc?["type"]?.stringValue == "application/vnd.oai.openapi+json;version=3.0")
            // The metric CRS every distance and cell is measured in: the fixture's is Guangdong's.
            #expect(document["metricCRS"]?["id"]?.stringValue == "epsg:4547")
            #expect(document["metricCRS"]?["name"]?.stringValue == "CGCS2000 / 3-degree Gauss-Kruger CM 114E")
            let page = try await client.execute(uri: "/?f=html", method: .get)
            #expect(String(buffer: page.body).contains("epsg:4547"))

            let conformance = try await client.execute(uri: "/conformance", method: .get).json()
            let classes = conformance["conformsTo"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"))
            #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"))
            #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"))

            let api = try await client.execute(uri: "/api", method: .get)
            #expect(api.headers[.contentType] == "application/vnd.oai.openapi+json;version=3.0")
            let paths = try api.json()["paths"]?.objectValue?.keys ?? []
            for id in FeatureCollectionDefinition.all.map(\.id) { #expect(paths.contains("/collections/\(id)/items")) }
        }
    }

    @Test func collectionsCarryExtentAndQueryables() async throws {
        let fixture = try ServerFixture.load()
        try await ServerFixture.withClient { client in
            let list = try await client.execute(uri: "/collections", method: .get).json()
            let ids = list["collections"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["sources", "prefectures", "counties", "towns", "grids", "depots", "clusters", "hotspots", "routes"])

            let sources = try await client.execute(uri: "/collections/sources", method: .get).json()
            let box = sources["extent"]?["spatial"]?["bbox"]?.arrayValue?.first?.arrayValue?.compactMap(\.doubleValue) ?? []
            let lons = fixture.sources.map(\.location.x), lats = fixture.sources.map(\.location.y)
            #expect(box == [lons.min()!, lats.min()!, lons.max()!, lats.max()!])
            let interval = sources["extent"]?["temporal"]?["interval"]?.arrayValue?.first?.arrayValue?.compactMap(\.stringValue) ?? []
            let days = fixture.sources.compactMap(\.statusDate).sorted()
            #expect(interval == ["\(days.first!)T00:00:00Z", "\(days.last!)T23:59:59Z"])
            let queryables = sources["queryables"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(queryables.contains("status") && queryables.contains("town_code") && queryables.contains("category"))

            let schema = try await client.execute(uri: "/collections/sources/queryables", method: .get).json()
            #expect(schema["properties"]?["status"]?["type"]?.stringValue == "string")
        }
    }

    /// A filter on a property with a fixed list of values takes them as a register writes them
    /// (`无证`, `Unlicensed`) and refuses any other, rather than answering an empty page.
    @Test func filtersOutsideAPropertysValuesAreRefused() async throws {
        let fixture = try ServerFixture.load()
        let unlicensed = fixture.sources.filter { $0.status == .unlicensed }.count
        try await ServerFixture.withClient { client in
            for status in ["unlicensed", "Unlicensed", "%E6%97%A0%E8%AF%81"] {
                let page = try await client.execute(uri: "/collections/sources/items?status=\(status)&limit=1", method: .get).json()
                #expect(page["numberMatched"]?.intValue == unlicensed, "\(status)")
            }
            for (uri, parameter) in [("/collections/sources/items?status=bogus", "status"), ("/collections/sources/items?placement=somewhere", "placement")] {
                let refused = try await client.execute(uri: uri, method: .get)
                #expect(refused.status == .badRequest, "\(uri)")
                #expect(refused.headers[.contentType] == "application/problem+json", "\(uri)")
                #expect(try refused.json()["parameter"]?.stringValue == parameter, "\(uri)")
            }
            let bogus = try await client.execute(uri: "/collections/sources/items?status=bogus", method: .get).json()
            #expect(bogus["detail"]?.stringValue == "status=bogus is not valid; expected one of permitted, registered, rectifying, special, unlicensed")
            let queryables = try await client.execute(uri: "/collections/sources/queryables", method: .get).json()
            #expect(queryables["properties"]?["status"]?["enum"]?.arrayValue?.compactMap(\.stringValue) == ["permitted", "registered", "rectifying", "special", "unlicensed"])
        }
    }

    @Test func statusFilterPagesThroughEveryUnlicensedSourceExactlyOnce() async throws {
        let fixture = try ServerFixture.load()
        let expected = Set(fixture.sources.filter { $0.status == .unlicensed }.map(\.sourceID))
        try await ServerFixture.withClient { client in
            var seen: [String] = []
            var next: String? = "/collections/sources/items?status=unlicensed&limit=40"
            var pages = 0
            while let uri = next {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                let page = try response.json()
                #expect(page["numberMatched"]?.intValue == expected.count)
                let features = page["features"]?.arrayValue ?? []
                #expect(page["numberReturned"]?.intValue == features.count)
                for feature in features {
                    #expect(feature["properties"]?["status"]?.stringValue == "unlicensed")
                    #expect(feature["id"]?.stringValue == feature["properties"]?["source_id"]?.stringValue)
                    seen.append(feature["id"]?.stringValue ?? "")
                }
                next = page.link("next").map(pathAndQuery)
                if let next { #expect(next.contains("status=unlicensed") && next.contains("limit=40")) }
                if pages > 0 { #expect(page.link("prev") != nil) }
                pages += 1
            }
            #expect(seen.count == expected.count)
            #expect(Set(seen) == expected)
            #expect(pages == (expected.count + 39) / 40)
        }
    }

    @Test func bboxAnswersExactlyTheSourcesInTheBoxEdgesIncluded() async throws {
        let fixture = try ServerFixture.load()
        // A box around the busiest 0.1° square, with one source lying exactly on its west edge.
        let busiest = Dictionary(grouping: fixture.sources) { "\(Int($0.location.x * 10))_\(Int($0.location.y * 10))" }.max { $0.value.count < $1.value.count }!.value
        let edge = busiest[0].location
        let box = BoundingBox(minX: edge.x, minY: edge.y - 0.05, maxX: edge.x + 0.1, maxY: edge.y + 0.05)
        let expected = Set(fixture.sources.filter {
            $0.location.x >= box.minX && $0.location.x <= box.maxX && $0.location.y >= box.minY && $0.location.y <= box.maxY
        }.map(\.sourceID))
        #expect(expected.contains(busiest[0].sourceID))
        try await ServerFixture.withClient { client in
            let bbox = "\(box.minX),\(box.minY),\(box.maxX),\(box.maxY)"
            let page = try await client.execute(uri: "/collections/sources/items?bbox=\(bbox)&limit=10000", method: .get).json()
            let ids = Set(page["features"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
            #expect(page["numberMatched"]?.intValue == expected.count)
            #expect(ids == expected)

            let sixNumbers = "\(box.minX),\(box.minY),-10,\(box.maxX),\(box.maxY),100"
            let same = try await client.execute(uri: "/collections/sources/items?bbox=\(sixNumbers)&limit=10000", method: .get).json()
            #expect(same["numberMatched"]?.intValue == expected.count)

            let unlicensed = expected.filter { id in fixture.sources.first { $0.sourceID == id }?.status == .unlicensed }
            let filtered = try await client.execute(uri: "/collections/sources/items?bbox=\(bbox)&status=unlicensed", method: .get).json()
            #expect(filtered["numberMatched"]?.intValue == unlicensed.count)

            let empty = try await client.execute(uri: "/collections/sources/items?bbox=100,0,100.1,0.1", method: .get).json()
            #expect(empty["numberMatched"]?.intValue == 0)
            #expect(empty["features"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func limitIsClampedNotRefused() async throws {
        let fixture = try ServerFixture.load()
        try await ServerFixture.withClient { client in
            let page = try await client.execute(uri: "/collections/sources/items?limit=50000", method: .get).json()
            #expect(page["numberReturned"]?.intValue == min(10_000, fixture.sources.count))
            #expect(page["numberMatched"]?.intValue == fixture.sources.count)
            let standard = try await client.execute(uri: "/collections/sources/items", method: .get).json()
            #expect(standard["numberReturned"]?.intValue == 100)
            #expect(standard.link("next").map { $0.contains("offset=100") } == true)
        }
    }

    @Test func datetimeAndPropertyFiltersMatchTheStore() async throws {
        let fixture = try ServerFixture.load()
        let inMarch = fixture.sources.filter { ($0.statusDate ?? "") >= "2020-03-01" && ($0.statusDate ?? "") <= "2020-03-31" }
        let town = fixture.sources.compactMap(\.assignment.townCode).first!
        let category = fixture.sources.filter { $0.category == "key" }
        try await ServerFixture.withClient { client in
            let march = try await client.execute(uri: "/collections/sources/items?datetime=2020-03-01/2020-03-31T23:59:59Z", method: .get).json()
            #expect(march["numberMatched"]?.intValue == inMarch.count)
            let open = try await client.execute(uri: "/collections/sources/items?datetime=../2020-03-31", method: .get).json()
            #expect(open["numberMatched"]?.intValue == fixture.sources.filter { ($0.statusDate ?? "9") <= "2020-03-31" }.count)
            let inTown = try await client.execute(uri: "/collections/sources/items?town_code=\(town)", method: .get).json()
            #expect(inTown["numberMatched"]?.intValue == fixture.sources.filter { $0.assignment.townCode == town }.count)
            let key = try await client.execute(uri: "/collections/sources/items?category=key", method: .get).json()
            #expect(key["numberMatched"]?.intValue == category.count)
            let towns = try await client.execute(uri: "/collections/towns/items?parent_code=\(town.prefix(6))&limit=1000", method: .get).json()
            #expect((towns["features"]?.arrayValue ?? []).allSatisfy { $0["properties"]?["parent_code"]?.stringValue == String(town.prefix(6)) })
            #expect((towns["numberMatched"]?.intValue ?? 0) > 0)
        }
    }

    @Test func oneFeatureByIdAndPolygonsWoundCounterClockwise() async throws {
        let fixture = try ServerFixture.load()
        let source = fixture.sources[17]
        try await ServerFixture.withClient { client in
            let feature = try await client.execute(uri: "/collections/sources/items/\(source.sourceID)", method: .get).json()
            #expect(feature["id"]?.stringValue == source.sourceID)
            #expect(feature["properties"]?["name"]?.stringValue == source.name)
            let coordinates = feature["geometry"]?["coordinates"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            #expect(coordinates.count == 2)
            #expect(abs(coordinates[0] - source.location.x) <= 5e-7 && abs(coordinates[1] - source.location.y) <= 5e-7)
            #expect(feature.link("collection") != nil)

            let missing = try await client.execute(uri: "/collections/sources/items/NOPE", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")

            let prefecture = try await client.execute(uri: "/collections/prefectures/items?limit=1", method: .get).json()
            let polygons = prefecture["features"]?.arrayValue?.first?["geometry"]?["coordinates"]?.arrayValue ?? []
            #expect(!polygons.isEmpty)
            for polygon in polygons {
                let rings = polygon.arrayValue ?? []
                for (index, ring) in rings.enumerated() {
                    let points = (ring.arrayValue ?? []).map { Coordinate($0.arrayValue![0].doubleValue!, $0.arrayValue![1].doubleValue!) }
                    let signed = Polygon.signedDoubleArea(of: points)
                    #expect(index == 0 ? signed > 0 : signed < 0, "ring \(index) is wound the wrong way")
                }
            }
        }
    }

    @Test func badRequestsGetProblemDocumentsNamingTheParameter() async throws {
        try await ServerFixture.withClient { client in
            for (query, parameter) in [
                ("bbox=1,2,3", "bbox"), ("bbox=114,23,113,24", "bbox"), ("bbox=a,b,c,d", "bbox"), ("limit=abc", "limit"),
                ("limit=0", "limit"), ("offset=-1", "offset"), ("stauts=unlicensed", "stauts"), ("datetime=2020-13-01", "datetime"),
                ("f=xml", "f"), ("bbox-crs=EPSG:3857", "bbox-crs"),
            ] {
                let response = try await client.execute(uri: "/collections/sources/items?\(query)", method: .get)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try response.json()
                #expect(problem["parameter"]?.stringValue == parameter, "\(query): \(response.text)")
                #expect(problem["status"]?.intValue == 400)
            }
            let unknown = try await client.execute(uri: "/collections/nothing/items", method: .get)
            #expect(unknown.status == .notFound)
            #expect(try unknown.json()["detail"]?.stringValue?.contains("sources") == true)
            let noRoute = try await client.execute(uri: "/no/such/route", method: .get)
            #expect(noRoute.status == .notFound)
            #expect(noRoute.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func htmlForPeople() async throws {
        try await ServerFixture.withClient { client in
            for uri in ["/?f=html", "/collections?f=html", "/collections/sources?f=html", "/collections/sources/items?f=html&status=unlicensed", "/api.html"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(response.text.contains("<meta charset=\"utf-8\">"))
            }
            let browser = try await client.execute(uri: "/collections", method: .get, headers: [.accept: "text/html,application/xhtml+xml"])
            #expect(browser.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    /// The HTML pages lead somewhere: item rows to their pages, a source's page to its areas,
    /// its history, a map and its JSON; catalog queries as tables that link their ids.
    @Test func htmlPagesLinkTheSourcesAreasAndQueries() async throws {
        let fixture = try ServerFixture.load()
        let source = try #require(fixture.sources.first { $0.assignment.gridCode != nil })
        let page = "/collections/sources/items/\(source.sourceID)?f=html"
        let history = TextRowsWriter()
        try QueryRunner(database: fixture.store).run(try QueryCatalog().query(named: "source-history"), parameters: ["source_id": source.sourceID], writer: history)
        let events = history.count
        #expect(events > 0)
        try await ServerFixture.withClient { client in
            let items = try await client.execute(uri: "/collections/sources/items?f=html&limit=1000", method: .get).text
            #expect(items.contains("<a href=\"\(page)\">\(source.sourceID)</a>"))
            #expect(items.contains("<a href=\"/collections/towns/items/\(source.assignment.townCode!)?f=html\">"))
            // An area's own code links to its page.
            let towns = try await client.execute(uri: "/collections/towns/items?f=html&code=\(source.assignment.townCode!)", method: .get).text
            #expect(towns.contains("<a href=\"/collections/towns/items/\(source.assignment.townCode!)?f=html\">\(source.assignment.townCode!)</a>"))

            let response = try await client.execute(uri: page, method: .get)
            #expect(response.status == .ok)
            let text = response.text
            #expect(text.contains("<h1>\(source.sourceID) \(source.name)</h1>"))
            #expect(text.contains("<a href=\"/collections/sources/items/\(source.sourceID)?f=json\">GeoJSON</a>"))
            #expect(text.contains("<a href=\"/queries/source-history?source_id=\(source.sourceID)&amp;f=json\">history as JSON</a>"))
            let grid = try #require(fixture.store.fetchAreaDirectory().first { $0.level == .grid && $0.code == source.assignment.gridCode })
            #expect(text.contains("<h2>Areas</h2>"))
            #expect(text.contains("<td>grids</td><td><a href=\"/collections/grids/items/\(grid.code)?f=html\">\(grid.code)</a></td><td>\(grid.name)</td>"))
            #expect(text.contains("<h2>History</h2><p>\(events) events"))
            #expect(text.contains("id=\"source-map\"") && text.contains("/assets/leaflet/leaflet.js"))
            #expect(text.contains("L.circleMarker([\(source.location.y), \(source.location.x)]"))

            let list = try await client.execute(uri: "/queries?f=html", method: .get).text
            #expect(list.contains("<a href=\"/queries/sources?f=html\">sources</a>") && list.contains("<td>GeoJSON</td>"))
            let query = try await client.execute(uri: "/queries/sources?status=%E6%97%A0%E8%AF%81&f=html", method: .get)
            #expect(query.status == .ok && query.headers[.contentType] == "text/html; charset=utf-8")
            let unlicensed = fixture.sources.filter { $0.status == .unlicensed }
            #expect(query.text.contains("<p>\(unlicensed.count) rows · also as"))
            #expect(query.text.contains("<a href=\"/collections/sources/items/\(unlicensed[0].sourceID)?f=html\">\(unlicensed[0].sourceID)</a>"))
            let capped = try await client.execute(uri: "/queries/sources?f=html&limit=3", method: .get).text
            #expect(capped.contains("<p>3 of \(fixture.sources.count) rows shown"))
        }
    }
}
