import Foundation
import GRDB
import Store

extension SpatialDatabase: FieldRecordStore {
    public func recordFieldWrite(
        _ write: FieldWrite, author: String, request: String, idempotency: IdempotentRequest?,
        reply: (FieldReceipt) throws -> StoredReply
    ) throws -> FieldRecording {
        // A retry is answered from a read: it writes nothing, so the generation stays.
        if let idempotency, let earlier = try read({ db in try Self.earlierReply(idempotency, author: author, in: db) }) {
            return earlier
        }
        return try self.write(listingSourceChanges: true) { db in
            // Again inside the write: two retries racing each other record once.
            if let idempotency, let earlier = try Self.earlierReply(idempotency, author: author, in: db) {
                return earlier
            }
            let events = write.events
            try db.execute(
                sql: "INSERT INTO ingests (kind, file, rows, warnings, events, author) VALUES ('field', ?, ?, 0, ?, ?)",
                arguments: [request, events.count, events.count, author])
            let ingest = db.lastInsertedRowID
            var receipt = FieldReceipt(ingestID: ingest, sourceID: events.first?.event.sourceID ?? "")
            var written = events
            switch write {
            case .events:
                for id in Set(events.map(\.event.sourceID)) {
                    guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sources WHERE source_id = ?)", arguments: [id]) == true else {
                        throw StoreError(message: "no source \(id) in the register")
                    }
                }
            case .newSource(let record, _):
                let id = try Self.insertFieldSource(record, in: db)
                receipt.sourceID = id
                written[0].event.sourceID = id
            case .statusChange(let change):
                receipt.previousStatus = try Self.changeStatus(change.event, in: db)
            }
            let insert = try db.makeStatement(
                sql: "INSERT INTO events (source_id, date, kind, status, deadline, ingest_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for field in written {
                let event = field.event
                try insert.execute(arguments: [
                    event.sourceID, event.date, event.kind.rawValue, event.status?.rawValue, event.deadline, ingest, field.details,
                ])
            }
            if let first = written.map(\.event.date).min(), let last = written.map(\.event.date).max() {
                try HistoryChangeLog.note(first: first, last: last, in: db)
            }
            let answer = try reply(receipt)
            if let idempotency {
                try Self.keep(answer, to: idempotency, author: author, ingestID: ingest, in: db)
            }
            return .recorded(answer)
        }
    }

    public func earlierReply(to idempotency: IdempotentRequest, author: String) throws -> FieldRecording? {
        try read { db in try Self.earlierReply(idempotency, author: author, in: db) }
    }

    public func keepReply(_ reply: StoredReply, to idempotency: IdempotentRequest, author: String, ingestFile: String) throws {
        // Only the reply is kept: no source changes, so the source index stays as it is.
        try write(listingSourceChanges: true) { db in
            guard let ingest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM ingests WHERE file = ?", arguments: [ingestFile]) else {
                throw StoreError(message: "no ingest of \(ingestFile) is logged")
            }
            try Self.keep(reply, to: idempotency, author: author, ingestID: ingest, in: db)
        }
    }

    private static func keep(_ reply: StoredReply, to request: IdempotentRequest, author: String, ingestID: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO idempotent_requests (author, key, fingerprint, ingest_id, status, content_type, body)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [author, request.key, request.fingerprint, ingestID, reply.status, reply.contentType, Data(reply.body)])
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

    /// Inserts a source found in the field (the R*Tree follows through SpatiaLite's triggers);
    /// returns its id, the next `FieldSourceID` of its prefecture when it came without one.
    private static func insertFieldSource(_ record: SourceRecord, in db: Database) throws -> String {
        let rowid = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM sources") ?? 0) + 1
        var id = record.sourceID
        if id.isEmpty {
            let prefecture = record.assignment.prefectureCode
            let number = try String.fetchOne(db, sql: """
                INSERT INTO settings (key, value) VALUES (?, '1')
                ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
                RETURNING value
                """, arguments: [FieldSourceID.counterKey(prefecture: prefecture)]).flatMap { Int64($0) } ?? 1
            id = FieldSourceID.make(prefecture: prefecture, number: number)
        }
        if let removed = try String.fetchOne(db, sql: "SELECT coalesce(removed_on, '') FROM sources WHERE source_id = ?", arguments: [id]) {
            let detail = removed.isEmpty
                ? "a source with this id is in the register already; PATCH /sources/\(id) changes its status"
                : "a source with this id was in the register until \(removed), when a snapshot no longer listed it; the next snapshot that lists it brings it back"
            throw FieldWriteConflict(field: "source_id", value: id, message: detail)
        }
        let a = record.assignment
        try db.execute(
            sql: """
                INSERT INTO sources (
                    id, source_id, name, uscc, industry, category, status, status_date, deadline, lon, lat, x, y,
                    prefecture_code, county_code, town_code, grid_code, cell_ix, cell_iy, placement, snap_distance_m,
                    location_mismatch, attributes, declared_area_code, geometry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, MakePoint(?, ?, 4326))
                """,
            arguments: [
                rowid, id, record.name, record.uscc, record.industry, record.category, record.status.rawValue, record.statusDate,
                record.deadline, record.location.x, record.location.y, record.projected.x, record.projected.y,
                a.prefectureCode, a.countyCode, a.townCode, a.gridCode, a.cellX, a.cellY, a.placement.rawValue, a.snapDistance,
                a.locationMismatch.map { $0 ? 1 : 0 }, record.attributes, record.declaredAreaCode, record.location.x, record.location.y,
            ])
        try SourceChanges.note(rowid, in: db)
        return id
    }

    /// Sets the source's status from the change's event; returns the status it had.
    private static func changeStatus(_ event: EventRecord, in db: Database) throws -> String {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT id, status, status_date, removed_on FROM sources WHERE source_id = ?", arguments: [event.sourceID])
        else { throw StoreError(message: "no source \(event.sourceID) in the register") }
        if let removed: String = row["removed_on"] {
            throw FieldWriteConflict(
                field: "source_id", value: event.sourceID,
                message: "the source was removed from the register on \(removed), when a snapshot no longer listed it; its status cannot change")
        }
        // The replay takes the latest dated status event: an earlier date would not be the
        // source's status, so it is refused rather than recorded to no effect.
        let latest = try String.fetchOne(
            db, sql: "SELECT max(date) FROM events WHERE source_id = ? AND status IS NOT NULL", arguments: [event.sourceID])
        if let latest = [latest, row["status_date"] as String?].compactMap({ $0 }).max(), event.date < latest {
            throw FieldWriteConflict(
                field: "effective_date", value: event.date,
                message: "the source's status last changed on \(latest); a change must take effect on or after it")
        }
        let rowid: Int64 = row["id"]
        try db.execute(
            sql: "UPDATE sources SET status = ?, status_date = ?, deadline = ? WHERE id = ?",
            arguments: [event.status?.rawValue, event.date, event.deadline, rowid])
        try SourceChanges.note(rowid, in: db)
        return row["status"]
    }
}
