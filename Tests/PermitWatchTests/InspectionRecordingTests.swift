import Enforcement
import Foundation
import GeoKit
import PermitWatch
import SpatiaLiteStore
import Store
import Testing

/// Inspections through the use case: stored with their author and details, once per key even
/// when the retries race each other.
@Suite("Inspections recorded from the field")
struct InspectionRecordingTests {
    static func store() throws -> TemporaryDatabase {
        let db = try TemporaryDatabase()
        let crs = MetricCRS.epsg4547
        try db.database.replaceSources(
            [SourceRecord(sourceID: "S1", name: "S1", status: .unlicensed, location: Coordinate(113.3, 23.1), projected: crs.forward(Coordinate(113.3, 23.1)))],
            events: [EventRecord(sourceID: "S1", date: "2020-01-01", kind: .discovered, status: .unlicensed)],
            log: IngestLogEntry(kind: "test", file: "t.csv", rows: 1, warnings: 0, metricCRS: crs))
        return db
    }

    static let request = InspectionRecording.Request(sourceID: "S1", date: "2020-10-05", result: " closed ", officer: "Li", note: nil)

    static func reply(_ recorded: InspectionRecording.Recorded) -> StoredReply {
        StoredReply(status: 201, contentType: "text/plain", body: Array("\(recorded.author) \(recorded.result) \(recorded.ingestID)".utf8))
    }

    @Test func racingRetriesRecordOnce() async throws {
        let db = try Self.store()
        let database = db.database
        let outcomes = try await withThrowingTaskGroup(of: FieldRecording.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try InspectionRecording(store: database).record(Self.request, author: "officer Li", idempotencyKey: "key-1", reply: Self.reply)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let recorded = outcomes.filter { if case .recorded = $0 { true } else { false } }
        #expect(recorded.count == 1)
        let replies = Set(outcomes.compactMap { outcome -> [UInt8]? in
            switch outcome {
            case .recorded(let reply), .replayed(let reply): reply.body
            case .keyReused: nil
            }
        })
        #expect(replies.count == 1 && String(decoding: replies.first ?? [], as: UTF8.self).hasPrefix("officer Li closed "))
        #expect(try database.eventCounts()["inspected"] == 1)
        // The same key for another request; another author's same key is theirs.
        var other = Self.request
        other.result = "open"
        #expect(try InspectionRecording(store: database).record(other, author: "officer Li", idempotencyKey: "key-1", reply: Self.reply) == .keyReused)
        if case .recorded = try InspectionRecording(store: database).record(Self.request, author: "officer Wang", idempotencyKey: "key-1", reply: Self.reply) {} else {
            Issue.record("another author's key was taken as officer Li's")
        }
        #expect(try database.eventCounts()["inspected"] == 2)
    }

    @Test func checkedAsTheCommandLineChecks() throws {
        let db = try Self.store()
        let recording = InspectionRecording(store: db.database)
        func refusal(_ change: (inout InspectionRecording.Request) -> Void, key: String? = nil) -> String? {
            var request = Self.request
            change(&request)
            do {
                _ = try recording.record(request, author: "a", idempotencyKey: key, today: "2020-12-31", reply: Self.reply)
                return nil
            } catch let error as ParameterError {
                return error.name
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal { $0.date = "2021-01-01" } == "date")
        #expect(refusal { $0.date = "05/10/2020" } == "date")
        #expect(refusal { $0.result = "" } == "result")
        #expect(refusal { $0.officer = String(repeating: "o", count: 101) } == "officer")
        #expect(refusal { $0.sourceID = "S2" } == "id")
        #expect(refusal({ _ in }, key: String(repeating: "k", count: 201)) == "Idempotency-Key")
        #expect(try db.database.eventCounts()["inspected"] == nil)
        #expect(refusal { _ in } == nil)
        #expect(try db.database.eventCounts()["inspected"] == 1)
    }
}
