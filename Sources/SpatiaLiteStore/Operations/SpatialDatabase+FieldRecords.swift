import Foundation
import GRDB
import Store

extension SpatialDatabase: FieldRecordStore {
    public func recordFieldEvents(
        _ events: [FieldEvent], author: String, request: String, idempotency: IdempotentRequest?,
        reply: (_ ingestID: Int64) throws -> StoredReply
    ) throws -> FieldRecording {
        // A retry is answered from a read: it writes nothing, so the generation stays.
        if let idempotency, let earlier = try read({ db in try Self.earlierReply(idempotency, author: author, in: db) }) {
            return earlier
        }
        return try write { db in
            // Again inside the write: two retries racing each other record once.
            if let idempotency, let earlier = try Self.earlierReply(idempotency, author: author, in: db) {
                return earlier
            }
            for id in Set(events.map(\.event.sourceID)) {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sources WHERE source_id = ?)", arguments: [id]) == true else {
                    throw StoreError(message: "no source \(id) in the register")
                }
            }
            try db.execute(
                sql: "INSERT INTO ingests (kind, file, rows, warnings, events, author) VALUES ('field', ?, ?, 0, ?, ?)",
                arguments: [request, events.count, events.count, author])
            let ingest = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: "INSERT INTO events (source_id, date, kind, status, deadline, ingest_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for field in events {
                let event = field.event
                try insert.execute(arguments: [
                    event.sourceID, event.date, event.kind.rawValue, event.status?.rawValue, event.deadline, ingest, field.details,
                ])
            }
            let answer = try reply(ingest)
            if let idempotency {
                try db.execute(
                    sql: """
                        INSERT INTO idempotent_requests (author, key, fingerprint, ingest_id, status, content_type, body)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [author, idempotency.key, idempotency.fingerprint, ingest, answer.status, answer.contentType, Data(answer.body)])
            }
            return .recorded(answer)
        }
    }

    private static func earlierReply(_ request: IdempotentRequest, author: String, in db: Database) throws -> FieldRecording? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT fingerprint, status, content_type, body FROM idempotent_requests WHERE author = ? AND key = ?",
            arguments: [author, request.key])
        else { return nil }
        guard row["fingerprint"] as String == request.fingerprint else { return .keyReused }
        let body: Data = row["body"]
        return .replayed(StoredReply(status: row["status"], contentType: row["content_type"], body: Array(body)))
    }
}
