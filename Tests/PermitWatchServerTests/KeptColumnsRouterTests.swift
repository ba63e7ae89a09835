import Foundation
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// A register's extra columns and declared areas over OGC API - Features: the shared province
/// with a register of its own merged in, one that has a `LAW` and a `penalty` column and the
/// 行政区划代码 of each source.
@Suite("Kept register columns and declared areas over HTTP")
struct KeptColumnsRouterTests {
    static let loaded: Result<(store: SpatialDatabase, sources: [SourceRecord]), any Error> = Result {
        let (path, directory) = try SharedProvince.load().copy("kept-columns")
        let province = try SpatialDatabase(path: path, readOnly: true).fetchSources().filter { $0.removedOn == nil }
        // Forty sources of the province again, under new ids, with a law, a penalty and a
        // declared area: their own county for the even ones, another prefecture's for the odd.
        var lines = ["source_id,status,lon,lat,LAW,penalty,行政区划代码"]
        for (k, source) in province.prefix(40).enumerated() {
            let declared = k % 2 == 0 ? (source.assignment.countyCode ?? "") : "4499"
            lines.append("K\(k),registered,\(source.location.x),\(source.location.y),\(k % 3 == 0 ? "CAA" : "CWA"),\(k),\(declared)")
        }
        let register = directory.appendingPathComponent("register.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: register, atomically: true, encoding: .utf8)
        do {
            let writable = try SpatialDatabase(path: path)
            _ = try SourceIngest(database: writable, logger: quietLogger).run(file: register.path, options: .init())
            try writable.checkpoint()
        }
        let store = try SpatialDatabase(path: path, readOnly: true)
        return (store, try store.fetchSources().filter { $0.removedOn == nil })
    }

    static func withClient(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let store = try loaded.get().store
        let app = buildApplication(ServerDependencies(store: store, catalog: try QueryCatalog(), configuration: ServerFixture.configuration()), logger: quietLogger)
        try await app.test(.router) { client in try await body(client) }
    }

    @Test func theKeptColumnsAreQueryablesAndFilterTheItems() async throws {
        let sources = try Self.loaded.get().sources
        let caa = sources.filter { $0.attributes?.contains(#""LAW":"CAA""#) == true }
        #expect(caa.count == 14)
        try await Self.withClient { client in
            let queryables = try await client.execute(uri: "/collections/sources/queryables", method: .get).json()
            let names = queryables["properties"]?.objectValue?.keys ?? []
            #expect(names.contains("attributes.LAW"))
            #expect(names.contains("attributes.penalty"))

            let page = try await client.execute(uri: "/collections/sources/items?attributes.LAW=CAA&limit=1000", method: .get).json()
            #expect(page["numberMatched"]?.intValue == caa.count)
            let features = page["features"]?.arrayValue ?? []
            #expect(features.compactMap { $0["properties"]?["source_id"]?.stringValue }.sorted() == caa.map(\.sourceID).sorted())
            // The attributes are an object in the feature, not a string of JSON.
            #expect(features.allSatisfy { $0["properties"]?["attributes"]?["LAW"]?.stringValue == "CAA" })

            let both = try await client.execute(uri: "/collections/sources/items?attributes.LAW=CAA&attributes.penalty=3", method: .get).json()
            #expect(both["numberMatched"]?.intValue == 1)

            let unknown = try await client.execute(uri: "/collections/sources/items?attributes.FINE=1", method: .get)
            #expect(unknown.status == .badRequest)
            let problem = try unknown.json()
            #expect(problem["parameter"]?.stringValue == "attributes.FINE")
            #expect(problem["detail"]?.stringValue?.contains("LAW, penalty") == true, "\(unknown.text)")
        }
    }

    @Test func sourcesOutsideTheirDeclaredAreaFilterAsTheMapLoadsThem() async throws {
        let sources = try Self.loaded.get().sources
        let flagged = sources.filter { $0.assignment.locationMismatch == true }.map(\.sourceID).sorted()
        // The odd ones declare a prefecture the province does not have.
        #expect(flagged == (0..<40).filter { $0 % 2 == 1 }.map { "K\($0)" }.sorted())
        try await Self.withClient { client in
            let page = try await client.execute(uri: "/collections/sources/items?location_mismatch=1&limit=10000", method: .get).json()
            #expect(page["numberMatched"]?.intValue == flagged.count)
            let ids = (page["features"]?.arrayValue ?? []).compactMap { $0["properties"]?["source_id"]?.stringValue }.sorted()
            #expect(ids == flagged)
        }
    }
}
