import Enforcement
import Foundation
import Logging
import PermitWatch
import PostGISStore
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// Field writes and tokens through the use cases the server calls, on both stores: the same
/// register and history after the same writes, the same refusals.
@Suite(.requires(.postgres), .serialized)
struct FieldWriteComparisonTests {
    static let logger = Logger(label: "permitwatch.tests.postgis") { _ in SwiftLogNoOpLogHandler() }
    static let reply = StoredReply(status: 201, contentType: "application/json", body: Array(#"{"ok":true}"#.utf8))

    @Test func theSameFieldWritesLeaveTheSameRegister() throws {
        let province = try SharedProvince.load()
        let copy = try province.copy("postgis-field-writes")
        let spatialite = try SpatialDatabase(path: copy.path)
        try PostGISTestStore.with { location in
            let postgis = try location.openForWriting()
            _ = try DatasetInit(database: postgis, logger: Self.logger).run(directory: province.dataset)
            let unlicensed = try #require(try spatialite.fetchSources().first { $0.status == .unlicensed && $0.removedOn == nil })
            let today = "2021-01-04"
            for store in [spatialite as any EnforcementStore, postgis] {
                let inspection = InspectionRecording.Request(
                    sourceID: unlicensed.sourceID, date: "2020-12-31", result: "violation", officer: "王", note: "排污口未封")
                let first = try InspectionRecording(store: store).record(inspection, author: "field-1", idempotencyKey: "k1", today: today) { _ in Self.reply }
                #expect(first == .recorded(Self.reply))
                // The same key and body again: the first reply, nothing written.
                let again = try InspectionRecording(store: store).record(inspection, author: "field-1", idempotencyKey: "k1", today: today) { _ in Self.reply }
                #expect(again == .replayed(Self.reply))
                let change = StatusChangeRecording.Request(
                    sourceID: unlicensed.sourceID, status: "rectifying", effectiveDate: "2021-01-02", deadline: "2021-03-01", officer: "王")
                _ = try StatusChangeRecording(store: store).record(change, author: "field-1", idempotencyKey: nil, today: today) { _ in Self.reply }
                // Before the source's last change: refused on both.
                let late = StatusChangeRecording.Request(sourceID: unlicensed.sourceID, status: "permitted", effectiveDate: "2021-01-01")
                #expect(throws: (any Error).self) {
                    _ = try StatusChangeRecording(store: store).record(late, author: "field-1", idempotencyKey: nil, today: today) { _ in Self.reply }
                }
                let found = NewSourceRecording.Request(
                    name: "无名小作坊", lon: unlicensed.location.x + 0.001, lat: unlicensed.location.y, date: "2021-01-03", industry: "3311")
                _ = try NewSourceRecording(store: store, assigners: AssignerCache()).record(found, author: "field-2", idempotencyKey: nil, today: today) { _ in Self.reply }
            }
            #expect(try postgis.fetchSources() == spatialite.fetchSources())
            #expect(try postgis.eventCounts() == spatialite.eventCounts())
            #expect(try postgis.latestEventDate() == spatialite.latestEventDate())
            #expect(try postgis.summary(by: .area(.grid)) == spatialite.summary(by: .area(.grid)))
            #expect(try postgis.verify().allSatisfy(\.passed))
        }
    }

    @Test func tokensAreCreatedListedCheckedAndRevoked() throws {
        try PostGISTestStore.with { location in
            let store = try location.openForWriting()
            let tokens = AccessTokens(store: store)
            let created = try tokens.create(name: "qgis-desk", role: .reader)
            #expect(try tokens.identity(presenting: created.token)?.name == "qgis-desk")
            #expect(throws: (any Error).self) { _ = try tokens.create(name: "qgis-desk", role: .admin) }
            let second = try tokens.create(name: "field-team", role: .editor)
            #expect(Set(try tokens.list().map(\.name)) == ["qgis-desk", "field-team"])
            try tokens.revoke(name: "qgis-desk")
            #expect(try tokens.identity(presenting: created.token) == nil)
            #expect(try tokens.identity(presenting: second.token)?.role == .editor)
            // The key is the database's: a second store on the same schema checks the same secrets.
            #expect(try AccessTokens(store: try location.openExisting()).identity(presenting: second.token)?.name == "field-team")
        }
    }
}
