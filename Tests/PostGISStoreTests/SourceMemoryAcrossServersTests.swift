import Enforcement
import Foundation
import GeoKit
import Logging
import PermitWatch
@testable import PostGISStore
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// Two PostGIS stores on one schema, as two server processes hold it: each keeps its own source
/// index and encoded features, renewed at the first request after a write from the other. A
/// field write is followed row by row (only the rows it changed are encoded again), anything
/// else reads the index whole; the pages stay those of the SpatiaLite store after the same writes.
@Suite(.requires(.postgres), .serialized)
struct SourceMemoryAcrossServersTests {
    static let reply = StoredReply(status: 201, contentType: "application/json", body: Array(#"{"ok":true}"#.utf8))

    /// A page through `streamEncodedFeatures`: the count, the features, and how many rows were
    /// encoded (not sent as kept).
    static func encodedPage(_ store: any FeatureReader, _ query: FeatureQuery) throws -> (page: FeaturePageComparisonTests.Page, encoded: Int) {
        var page = FeaturePageComparisonTests.Page()
        var encoded = 0
        _ = try store.streamEncodedFeatures(
            query, timeLimit: 30, matched: { page.matched = $0 },
            encode: { row in
                encoded += 1
                return Array(try FeaturePageComparisonTests.feature(row, of: query.collection).utf8)
            },
            feature: { page.features.append(String(decoding: $0, as: UTF8.self)) })
        return (page, encoded)
    }

    @Test func aFieldWriteThroughOneStoreIsFollowedRowByRowByTheOther() throws {
        let province = try SharedProvince.load()
        let copy = try province.copy("postgis-source-memory")
        let spatialite = try SpatialDatabase(path: copy.path)
        try PostGISTestStore.with { location in
            let writer = try location.openForWriting()
            _ = try DatasetInit(database: writer, logger: FeaturePageComparisonTests.logger).run(directory: province.dataset)
            let reader = try location.openExisting()
            try reader.prepareForServing(keepingEncodedFeatures: 64 << 20)
            try spatialite.prepareForServing(keepingEncodedFeatures: 64 << 20)

            let source = try #require(try spatialite.fetchSources().first { $0.status == .unlicensed && $0.removedOn == nil })
            let around = BoundingBox(
                minX: source.location.x - 0.05, minY: source.location.y - 0.05, maxX: source.location.x + 0.05, maxY: source.location.y + 0.05)
            let box = FeatureQuery(collection: .sources, bbox: around, equals: [:], dates: nil, limit: 1000, offset: 0)
            let unlicensed = FeatureQuery(collection: .sources, bbox: around, equals: ["status": "unlicensed"], dates: nil, limit: 1000, offset: 0)

            let first = try Self.encodedPage(reader, box)
            #expect(first.page.matched > 10 && first.encoded == first.page.features.count, "\(first.page)")
            let again = try Self.encodedPage(reader, box)
            #expect(again.page == first.page && again.encoded == 0, "a second page is sent as kept")
            #expect(first.page == (try Self.encodedPage(spatialite, box)).page)
            _ = try Self.encodedPage(reader, unlicensed)

            // A status change and a source found beside it, through the other store.
            for store in [writer, spatialite as any EnforcementStore] {
                let change = StatusChangeRecording.Request(
                    sourceID: source.sourceID, status: "rectifying", effectiveDate: "2021-01-02", deadline: "2021-03-01", officer: "王")
                _ = try StatusChangeRecording(store: store).record(change, author: "field-1", idempotencyKey: nil, today: "2021-01-04") { _ in Self.reply }
                let found = NewSourceRecording.Request(
                    name: "无名小作坊", lon: source.location.x + 0.001, lat: source.location.y, date: "2021-01-03", industry: "3311")
                _ = try NewSourceRecording(store: store, assigners: AssignerCache()).record(found, author: "field-2", idempotencyKey: nil, today: "2021-01-04") { _ in Self.reply }
            }
            let patched = try Self.encodedPage(reader, box)
            #expect(patched.page == (try Self.encodedPage(spatialite, box)).page)
            #expect(patched.page.matched == first.page.matched + 1)
            #expect(patched.encoded == 2, "only the changed source and the new one are encoded again, not \(patched.encoded)")
            #expect(patched.page.features.contains { $0.hasPrefix("t\(source.sourceID) ") && $0.contains("trectifying") })
            #expect(try Self.encodedPage(reader, unlicensed).page == (try Self.encodedPage(spatialite, unlicensed)).page)

            // A write that lists no rows (a token): the index is read whole, every feature encoded again.
            _ = try AccessTokens(store: writer).create(name: "desk", role: .reader)
            let reread = try Self.encodedPage(reader, box)
            #expect(reread.page == patched.page && reread.encoded == reread.page.features.count)
        }
    }

    /// The page a PostGIS server answers by SQL while its index of the page's generation is
    /// being read whole by another request.
    static func pageBySQL(_ store: PostGISDatabase, _ query: FeatureQuery) throws -> FeaturePageComparisonTests.Page {
        let (matched, rows, crs) = try store.read { db in
            let (matched, rows) = try PostGISDatabase.sourcesBySQL(query, in: db)
            return (matched, rows.map(\.1), try store.metricCRS(in: db))
        }
        var page = FeaturePageComparisonTests.Page(matched: matched)
        let cursor = PostGISFeatureCursor(definition: .sources, geometry: .lonLat, metricCRS: crs)
        for row in rows {
            try cursor.load(row)
            page.features.append(try FeaturePageComparisonTests.feature(FeatureRow(cursor: cursor), of: .sources))
        }
        return page
    }

    @Test func pagesAnsweredBySQLWhileTheIndexIsMadeAreTheIndexsPages() throws {
        let province = try SharedProvince.load()
        try PostGISTestStore.with { location in
            let store = try location.openForWriting()
            _ = try DatasetInit(database: store, logger: FeaturePageComparisonTests.logger).run(directory: province.dataset)
            let postgis = try #require(store as? PostGISDatabase)
            let extent = try #require(try postgis.featureExtent(.sources).bbox)
            let middle = Coordinate((extent.minX + extent.maxX) / 2, (extent.minY + extent.maxY) / 2)
            let box = BoundingBox(minX: middle.x - 0.3, minY: middle.y - 0.3, maxX: middle.x + 0.3, maxY: middle.y + 0.3)
            // Register columns kept as attributes on some sources, as a register with extra columns leaves them.
            try postgis.write { db in
                try db.execute(#"UPDATE sources SET attributes = CASE WHEN id % 3 = 0 THEN '{"LAW":"CAA"}' ELSE '{"LAW":"WPL"}' END WHERE id % 7 = 0"#)
            }
            var withAttributes = FeatureQuery(collection: .sources, bbox: box, limit: 50, offset: 3)
            withAttributes.attributes = ["LAW": "CAA"]
            let queries = [
                FeatureQuery(collection: .sources, limit: 100),
                FeatureQuery(collection: .sources, limit: 1000, offset: 20_000),
                FeatureQuery(collection: .sources, bbox: box, limit: 1000),
                FeatureQuery(collection: .sources, bbox: box, equals: ["status": "unlicensed"], limit: 200, offset: 30),
                FeatureQuery(
                    collection: .sources, equals: ["status": "rectifying"], dates: FeatureQuery.DateRange(start: "2020-03-01", end: "2020-06-30"),
                    limit: 500),
                FeatureQuery(collection: .sources, bbox: BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1), limit: 10),
                withAttributes,
            ]
            for query in queries {
                let fromIndex = try FeaturePageComparisonTests.page(postgis, query)
                #expect(fromIndex.matched > 0 || query.bbox?.minX == 0, "\(query)")
                #expect(try Self.pageBySQL(postgis, query) == fromIndex, "\(query)")
            }
        }
    }

    @Test func reportsOfEarlierWeeksStandAfterFieldWritesOnBothStores() throws {
        let province = try SharedProvince.load()
        let copy = try province.copy("postgis-history-changes")
        let spatialite = try SpatialDatabase(path: copy.path)
        try PostGISTestStore.with { location in
            let postgis = try location.openForWriting()
            _ = try DatasetInit(database: postgis, logger: FeaturePageComparisonTests.logger).run(directory: province.dataset)
            let source = try #require(try spatialite.fetchSources().first { $0.status == .unlicensed && $0.removedOn == nil })
            for store in [postgis, spatialite as any EnforcementStore] {
                let before = try store.dataGeneration()
                #expect(try store.historyChanges(since: before).extent == .nothing)
                let inspection = InspectionRecording.Request(
                    sourceID: source.sourceID, date: "2020-12-30", result: "violation", officer: "王", note: "排污口未封")
                _ = try InspectionRecording(store: store).record(inspection, author: "field-1", idempotencyKey: nil, today: "2021-01-04") { _ in Self.reply }
                let change = StatusChangeRecording.Request(
                    sourceID: source.sourceID, status: "rectifying", effectiveDate: "2021-01-02", deadline: "2021-03-01")
                _ = try StatusChangeRecording(store: store).record(change, author: "field-1", idempotencyKey: nil, today: "2021-01-04") { _ in Self.reply }
                let changes = try store.historyChanges(since: before)
                #expect(changes.extent == .eventsDated(first: "2020-12-30", last: "2021-01-02"), "\(type(of: store))")
                #expect(changes.generation == (try store.dataGeneration()))
                #expect(changes.leaveUnchanged(weekEndingOn: "2020-12-27") && !changes.leaveUnchanged(weekEndingOn: "2021-01-03"))
                _ = try AccessTokens(store: store).create(name: "desk", role: .reader)
                #expect(try store.historyChanges(since: before).extent == .unknown, "\(type(of: store))")
            }
        }
    }
}
